import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

async function submitLogin(page: Page, account: { email: string; password: string }) {
  await page.locator('#field-email').fill(account.email);
  await page.locator('#field-password').fill(account.password);
  await page.locator('main form button[type=submit]').click();
}

/** A planned dialogue seven weeks ahead, its one participant without an e-mail address. */
async function futureDialogue(base: string, title: string) {
  const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
  const kela = (await (await fetch(`${base}/api/institutions/kela`)).json()) as { id: string };
  const start = new Date(Date.now() + 49 * 86_400_000);
  start.setUTCHours(8, 0, 0, 0);
  const created = await editor<{ ref: string }>('POST', '/api/dialogues', {
    type: 'roundtable',
    title: { en: title, fi: title },
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
    organiserId: kela.id,
    domains: ['social_security'],
    place: 'Uusimaa Regional Council',
    participants: [{ institutionId: kela.id, name: 'Liisa Virtanen', role: 'Adviser', consentToBeNamed: true }],
    language: 'en',
    visibility: 'public',
  });
  return { ref: created.ref, state: async () => ((await editor<{ state: string }>('GET', `/api/dialogues/${created.ref}`)).state) };
}

/** The focused element's role and text, once it is the status message. */
async function focusedStatus(page: Page) {
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
  return page.evaluate(() => document.activeElement!.textContent);
}

describe('landing where the work is', () => {
  it('returns a log-in to the protected page it came from, query and all, and never to another site (fi)', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'fi' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/bottlenecks/moderation?domain=mobility`);
    await page.getByRole('heading', { name: 'Jatka kirjautumalla sisään' }).waitFor();
    await page.locator('main').getByRole('link', { name: 'Kirjaudu' }).click();
    await page.getByRole('heading', { name: 'Kirjaudu sisään' }).waitFor();
    await submitLogin(page, DEMO_ACCOUNTS.moderator);
    await page.waitForURL(`${base}/bottlenecks/moderation?domain=mobility`);
    await page.getByRole('heading', { name: 'Moderointia odottavat ilmoitukset' }).waitFor();

    // Another site in ?next= is ignored: the service owner lands on the desk instead.
    const other = await context.browser()!.newContext({ locale: 'fi' });
    const owner = await other.newPage();
    await owner.goto(`${base}/login?next=${encodeURIComponent('//evil.example/steal')}`);
    await submitLogin(owner, DEMO_ACCOUNTS.serviceOwner);
    await owner.waitForURL(`${base}/desk`);
    await owner.getByRole('heading', { name: 'Palvelun omistajan työpöytä' }).waitFor();
    await other.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lands each role from the log-in page on its own work (et)', async () => {
    const base = running.server.url;
    const cases = [
      { account: DEMO_ACCOUNTS.moderator, path: '/bottlenecks/moderation', heading: 'Modereerimist ootavad teated' },
      { account: DEMO_ACCOUNTS.serviceOwner, path: '/desk', heading: 'Teenuseomaniku töölaud' },
      { account: DEMO_ACCOUNTS.editor, path: '/editor', heading: 'Pooleliolevad tööd' },
    ];
    for (const { account, path, heading } of cases) {
      const context = await running.browser.newContext({ locale: 'et' });
      const page = await context.newPage();
      const errors = watchConsole(page);
      await page.goto(`${base}/login`);
      await submitLogin(page, account);
      await page.waitForURL(`${base}${path}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      expect(errors, account.email).toEqual([]);
      await context.close();
    }
  });
});

describe('feedback and confirmation', () => {
  it('offers no "mark as held" or empty invitations before a dialogue, and cancels it only once confirmed (fi)', async () => {
    const base = running.server.url;
    const dialogue = await futureDialogue(base, 'Peruttava pyöreän pöydän keskustelu');
    const context = await running.browser.newContext({ locale: 'fi' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/dialogues/${dialogue.ref}`);
    const cancel = page.getByRole('button', { name: 'Peru vuoropuhelu' });
    await cancel.waitFor();
    // Seven weeks early: not offered, and the panel says when it will be.
    expect(await page.getByRole('button', { name: 'Merkitse pidetyksi' }).count()).toBe(0);
    await page.getByText('Vuoropuhelun voi merkitä pidetyksi, kun se on alkanut').waitFor();
    // Nobody to e-mail: no button that would send none, but what to do.
    expect(await page.getByRole('button', { name: 'Lähetä kutsut' }).count()).toBe(0);
    await page.getByText('eikä yhdelläkään osallistujalla ole vielä sähköpostiosoitetta').waitFor();

    // Asked first; Escape backs out, changes nothing and gives focus back to the button.
    await cancel.click();
    const dialog = page.getByRole('dialog', { name: 'Perutaanko vuoropuhelu?' });
    await dialog.waitFor();
    await dialog.getByText('Osallistujille ei lähetetä sähköpostia').waitFor();
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Peru vuoropuhelu');
    expect(await dialogue.state()).toBe('planned');

    // Confirmed: done, and said in a status message that has the focus.
    await cancel.click();
    await dialog.getByRole('button', { name: 'Peru vuoropuhelu' }).click();
    expect(await focusedStatus(page)).toBe('Vuoropuhelu on peruttu.');
    expect(await dialogue.state()).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Peru vuoropuhelu' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says "saved" on the page a saved form goes to, once: not again after a reload (en)', async () => {
    const base = running.server.url;
    const dialogue = await futureDialogue(base, 'Roundtable that moves house');
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/dialogues/${dialogue.ref}/edit`);
    await page.getByLabel('Where', { exact: true }).fill('Harju County Government, Roosikrantsi 12, Tallinn');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/dialogues/${dialogue.ref}`);
    expect(await focusedStatus(page)).toBe('Changes saved.');
    await page.getByText('Harju County Government, Roosikrantsi 12, Tallinn').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Roundtable that moves house' }).waitFor();
    await page.getByText('Harju County Government, Roosikrantsi 12, Tallinn').waitFor();
    expect(await page.getByText('Changes saved.').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
