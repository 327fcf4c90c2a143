import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { afterRequests, apiSession, axeViolations, DEMO_ACCOUNTS, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';
import fiFollowing from '../src/web/locales/fi/following.json' with { type: 'json' };
import etFollowing from '../src/web/locales/et/following.json' with { type: 'json' };
import fiProblems from '../src/web/locales/fi/problems.json' with { type: 'json' };
import etProblems from '../src/web/locales/et/problems.json' with { type: 'json' };

/**
 * Issue 14, the member's journey: follow a bottleneck, find it on the following page, choose how
 * a kind of notice arrives and find the choice kept after a reload, and unfollow from the list;
 * and a notice's unsubscribe link that arrived broken.
 */

const running = useServerAndBrowser();

const TEXTS = {
  fi: { follow: 'Seuraa', menu: 'Seuranta', title: 'Seuranta ja sähköposti-ilmoitukset', following: 'Seuraamasi rajaesteet', kind: 'Tilan muutokset', choice: 'Päivittäinen kooste', save: 'Tallenna ilmoitusasetukset', saved: 'Ilmoitusasetuksesi on tallennettu.', leave: 'Lopeta seuraaminen', left: (ref: string) => `Et enää seuraa rajaestettä ${ref}.`, account: 'Tili' },
  et: { follow: 'Jälgi', menu: 'Jälgimine', title: 'Jälgimine ja teavitused', following: 'Takistused, mida jälgite', kind: 'Asutuste vastused', choice: 'Mitte kunagi', save: 'Salvesta teavituste seaded', saved: 'Teie teavituste seaded on salvestatud.', leave: 'Lõpeta jälgimine', left: (ref: string) => `Te ei jälgi enam takistust ${ref}.`, account: 'Konto' },
} as const;
const FOLLOWING = { fi: fiFollowing, et: etFollowing } as const;
const PROBLEMS = { fi: fiProblems, et: etProblems } as const;

/** A published bottleneck the demo member does not follow yet. */
async function unfollowedRef(base: string): Promise<string> {
  const call = await apiSession(base, DEMO_ACCOUNTS.member);
  const followed = new Set((await call<{ items: { ref: string }[] }>('GET', '/api/me/following?list=follow&limit=100')).items.map((item) => item.ref));
  const register = await call<{ items: { ref: string }[] }>('GET', '/api/bottlenecks?limit=100');
  const free = register.items.find((item) => !followed.has(item.ref));
  if (!free) throw new Error('the demo member follows every bottleneck');
  return free.ref;
}

/** The radio of `choice` in the group of `kind`. */
const radio = (page: Page, kind: string, choice: string) => page.getByRole('group', { name: kind }).getByRole('radio', { name: choice });

describe.each(['fi', 'et'] as const)('the demo member (%s)', (language) => {
  const text = TEXTS[language];

  it('follows a bottleneck, finds it on the following page, keeps a notice setting after reload, and unfollows', async () => {
    const base = running.server.url;
    const ref = await unfollowedRef(base);
    // The phone width the page must work at.
    const context = await running.browser.newContext({ locale: language, extraHTTPHeaders: { 'accept-language': language }, viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.member.email, DEMO_ACCOUNTS.member.password);

    await page.goto(`${base}/bottlenecks/${ref}`);
    const follow = page.getByRole('button', { name: text.follow, exact: true });
    await follow.click();
    await page.getByRole('button', { name: text.leave, exact: true }).waitFor();

    // From the account menu (behind the menu button at this width, if there is one).
    const menuButton = page.locator('header button[aria-expanded]');
    if (await menuButton.isVisible()) await menuButton.click();
    await page.getByRole('navigation', { name: text.account }).getByRole('link', { name: text.menu }).click();
    await page.waitForURL(`${base}/following`);
    await page.getByRole('heading', { level: 1, name: text.title }).waitFor();
    const followedList = page.getByRole('region', { name: text.following });
    const item = followedList.getByRole('listitem').filter({ hasText: ref });
    await item.waitFor();
    // The demo member supports nothing: the list says so once, with where to look, and not also "0".
    const supported = page.getByRole('region', { name: FOLLOWING[language].support.title }).getByRole('status');
    // Its status says "loading" until the list is read.
    await expect.poll(() => supported.textContent()).toBe(`${FOLLOWING[language].support.empty} ${FOLLOWING[language].browse}`);

    await radio(page, text.kind, text.choice).check();
    await afterRequests(page, async () => {
      await page.getByRole('button', { name: text.save }).click();
      await page.getByRole('status').filter({ hasText: text.saved }).waitFor();
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.reload();
    await item.waitFor();
    await page.getByRole('group', { name: text.kind }).waitFor();
    expect(await radio(page, text.kind, text.choice).isChecked()).toBe(true);

    await item.getByRole('button', { name: text.leave }).click();
    await followedList.getByRole('status').filter({ hasText: text.left(ref) }).waitFor();
    expect(await followedList.getByRole('listitem').filter({ hasText: ref }).count()).toBe(0);
    await page.reload();
    await followedList.getByRole('status').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await followedList.getByRole('listitem').filter({ hasText: ref }).count()).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('is told an unsubscribe link that arrived cut short or unknown is not valid, in the same words, with no button left to press', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: language, extraHTTPHeaders: { 'accept-language': language }, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const invalid = page.getByRole('alert').filter({ hasText: PROBLEMS[language].problem['unsubscribe-link-invalid'] });
    const confirm = page.getByRole('button', { name: FOLLOWING[language].unsubscribe.confirm });
    // Cut short (the API refuses it as malformed) and unknown (well formed): one answer for both.
    for (const token of ['cut-short', 'x'.repeat(32)]) {
      await page.goto(`${base}/unsubscribe?token=${token}`);
      await confirm.click();
      await invalid.waitFor();
      expect(await confirm.count()).toBe(0);
      expect(await page.getByRole('link', { name: FOLLOWING[language].unsubscribe.settings }).count()).toBe(1);
    }
    // No token at all: said at once.
    await page.goto(`${base}/unsubscribe`);
    await invalid.waitFor();
    expect(await confirm.count()).toBe(0);
    expect(errors.filter((line) => !/^40[04] POST .*\/api\/notices\/unsubscribe\?token=/.test(line) && !line.includes('status of 40'))).toEqual([]);
    await context.close();
  });
});
