import { describe, expect, it } from 'vitest';
import { afterRequests, apiSession, axeViolations, DEMO_ACCOUNTS, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';
import fi from '../src/web/locales/fi/consultations.json' with { type: 'json' };
import fiFollowing from '../src/web/locales/fi/following.json' with { type: 'json' };

/**
 * Issue 19 point 4: a member follows a consultation by keyboard at 360 px, in Finnish, finds it on
 * their following page and stops following there; a visitor is offered the log-in page that
 * brings them back.
 */

const running = useServerAndBrowser();

describe('following a consultation', () => {
  it('a member follows by keyboard, sees it on their page and stops there; a visitor is sent to log in and back', { timeout: 180_000 }, async () => {
    const base = running.server.url;
    const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
    const hour = 60 * 60 * 1000;
    const title = 'Satamasuunnitelman luonnos (testi)';
    const created = await editor<{ id: string; slug: string; ref: string }>('POST', '/api/consultations', {
      slug: 'e2e-followed-harbour',
      title: { fi: title, en: 'Harbour plan (test)' },
      subject: 'text',
      opensAt: new Date(Date.now() + 24 * hour).toISOString(),
      closesAt: new Date(Date.now() + 24 * 14 * hour).toISOString(),
      commenting: 'open',
      support: 'open',
      moderation: 'after',
      published: true,
      sections: [{ kind: 'main', title: { fi: 'Visio' }, body: { fi: 'Yhteinen satama.' } }],
    });

    // A visitor: the link to log in comes back to the page.
    const visitor = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' }, viewport: { width: 360, height: 740 } });
    const anonymous = await visitor.newPage();
    await anonymous.goto(`${base}/consultations/${created.slug}`);
    const signIn = anonymous.getByRole('link', { name: fi.follow.signIn });
    await signIn.waitFor();
    expect(await signIn.getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/consultations/${created.slug}`)}`);
    await visitor.close();

    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' }, viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.member.email, DEMO_ACCOUNTS.member.password);
    await page.goto(`${base}/consultations/${created.slug}`);
    const region = page.getByRole('region', { name: fi.follow.title });
    await region.getByRole('status').filter({ hasText: fi.follow.notFollowing }).waitFor();
    await region.getByRole('button', { name: fi.follow.start, exact: true }).focus();
    await page.keyboard.press('Enter');
    await region.getByRole('status').filter({ hasText: fi.follow.following }).waitFor();
    await region.getByRole('button', { name: fi.follow.stop, exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    let violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Kept after a reload.
    await page.reload();
    await region.getByRole('status').filter({ hasText: fi.follow.following }).waitFor();

    await region.getByRole('link', { name: fi.follow.mine }).focus();
    const list = page.getByRole('region', { name: fi.followed.title });
    const item = list.getByRole('listitem').filter({ hasText: created.ref });
    await afterRequests(page, async () => {
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/following`);
      await page.getByRole('heading', { level: 1, name: fiFollowing.title }).waitFor();
      await item.getByRole('link', { name: title }).waitFor();
      await page.getByRole('group', { name: fiFollowing.kinds.consultation.name }).waitFor();
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await item.getByRole('button', { name: fi.follow.stop }).focus();
    await page.keyboard.press('Enter');
    await list.getByRole('status').filter({ hasText: fi.followed.left }).waitFor();
    expect(await list.getByRole('listitem').filter({ hasText: created.ref }).count()).toBe(0);
    const member = await apiSession(base, DEMO_ACCOUNTS.member);
    expect(await member<{ following: boolean }>('GET', `/api/consultations/${created.id}/follow`)).toEqual({ following: false });

    expect(errors).toEqual([]);
    await context.close();
  });
});
