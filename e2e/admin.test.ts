import { describe, expect, it } from 'vitest';
import { mailText } from '../src/server/test/mail.ts';
import { startCkanPortal } from '../src/server/features/harvest/test/portals.ts';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, useTestInbox, watchConsole } from './support.ts';

/**
 * The administrator's journey (issue 14): accounts made and invited by e-mail (read from a real
 * SMTP server the test runs), a service owner tied to an institution and their desk following,
 * and a harvest source tested, saved, run, cancelled and deleted; in English and in Finnish.
 */

const inbox = useTestInbox();
const running = useServerAndBrowser(() => ({ SMTP_URL: inbox.url(), TALSINKI_OUTBOX_INTERVAL_MS: '200' }));

describe('an administrator', () => {
  it('creates a service owner and invites them in Finnish; the invitee sets a password and lands on a desk that follows the institution the administrator sets', async () => {
    const base = running.server.url;
    const adminApi = await apiSession(base, DEMO_ACCOUNTS.admin);
    const { items: institutions } = await adminApi<{ items: { id: string; name: Record<string, string> }[] }>('GET', '/api/institutions?limit=2');
    const [first, second] = institutions;

    const context = await running.browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en-GB,en;q=0.9' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    await page.goto(`${base}/admin/users`);
    await page.getByRole('heading', { name: 'Add a user' }).waitFor();
    await page.locator('#field-displayName').fill('Sanna Palvelu');
    await page.locator('#field-email').fill('sanna.palvelu@example.fi');
    await page.locator('#field-role').selectOption('service_owner');
    await page.locator('#field-institutionId').selectOption(first.id);
    await page.locator('#field-locale').selectOption('fi');
    await page.getByRole('button', { name: 'Create the account and send the invitation' }).click();
    await page.getByRole('status').filter({ hasText: 'Account created for Sanna Palvelu. The invitation was sent to sanna.palvelu@example.fi.' }).waitFor();

    const mail = await inbox.mailTo('sanna.palvelu@example.fi');
    const text = mailText(mail.raw);
    expect(text).toContain('Subject: Talsinki-käyttäjätilisi: valitse salasana');
    expect(text).toContain('Hei Sanna Palvelu');
    const token = /\/invitation#([A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token, text).toBeTruthy();

    // The invitee, in a browser of their own, in Finnish.
    const invitee = await running.browser.newContext({ locale: 'fi-FI', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const inviteePage = await invitee.newPage();
    const inviteeErrors = watchConsole(inviteePage);
    await inviteePage.goto(`${base}/invitation#${token}`);
    await inviteePage.getByRole('heading', { name: 'Valitse salasana' }).waitFor();
    await inviteePage.getByText('Tervetuloa, Sanna Palvelu.').waitFor();
    await inviteePage.locator('#field-password').fill('saaristomeren lautta');
    await inviteePage.locator('#field-repeat').fill('saaristomeren lautta');
    await inviteePage.getByRole('button', { name: 'Tallenna salasana ja kirjaudu' }).click();
    await inviteePage.waitForURL(`${base}/desk`);
    await inviteePage.getByRole('heading', { name: 'Palvelun omistajan työpöytä' }).waitFor();
    await inviteePage.locator('.lead-actions', { hasText: first.name.fi ?? first.name.en }).waitFor();

    // The administrator ties them to another institution, with the row's own button.
    await page.locator('#users-q').fill('sanna.palvelu@example.fi');
    await page.getByRole('search').getByRole('button', { name: 'Search users' }).click();
    const row = page.getByRole('row', { name: /Sanna Palvelu/ });
    await row.waitFor();
    await row.locator('select[name=institutionId]').selectOption(second.id);
    await row.getByRole('button', { name: 'Save institution (Sanna Palvelu)' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: Sanna Palvelu.' }).waitFor();
    // Their desk follows at the next visit, without logging in again.
    await inviteePage.reload();
    await inviteePage.locator('.lead-actions', { hasText: second.name.fi ?? second.name.en }).waitFor();

    // The link worked once: opened again, it says so.
    await inviteePage.goto(`${base}/invitation#${token}`);
    await inviteePage.getByRole('alert').filter({ hasText: 'Tämä kutsu on jo käytetty.' }).waitFor();

    // A role changes only with its button (nothing happens on selection alone).
    await row.locator('select[name=role]').selectOption('moderator');
    expect((await adminApi<{ items: { role: string }[] }>('GET', '/api/admin/users?q=sanna.palvelu')).items[0].role).toBe('service_owner');
    await row.getByRole('button', { name: 'Change role (Sanna Palvelu)' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: Sanna Palvelu.' }).waitFor();
    expect((await adminApi<{ items: { role: string }[] }>('GET', '/api/admin/users?q=sanna.palvelu')).items[0].role).toBe('moderator');

    expect(errors).toEqual([]);
    // The invitee's page asked for the used link once, and was told 410.
    expect(inviteeErrors.filter((line) => !/^410 POST .*\/api\/auth\/invitation$/.test(line) && !line.includes('status of 410'))).toEqual([]);
    await invitee.close();
    await context.close();
  });

  it('tests and saves a harvest source, cancels its run and deletes it, in Finnish; the sources fit a 360 px screen', async () => {
    const base = running.server.url;
    const portal = await startCkanPortal({ count: 30, maxRows: 10 });
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    try {
      const context = await running.browser.newContext({ locale: 'fi-FI', extraHTTPHeaders: { 'accept-language': 'fi' } });
      const page = await context.newPage();
      const errors = watchConsole(page);
      await loginThroughForm(page, base, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
      await page.goto(`${base}/admin/harvest`);
      await page.getByRole('heading', { name: 'Lisää lähde' }).waitFor();
      await page.locator('#field-name').fill('Saariston portaali');
      await page.locator('#field-kind').selectOption('ckan');
      await page.locator('#field-url').fill(portal.url);
      await page.locator('#field-schedule').selectOption('manual');
      await page.getByRole('button', { name: 'Testaa osoite' }).click();
      await page.getByRole('status').filter({ hasText: 'Osoitteesta löytyi CKAN-portaali, jossa on 30 aineistoa.' }).waitFor();
      // Testing saved nothing.
      expect(((await (await fetch(`${base}/api/harvest/sources?limit=100`)).json()) as { items: { name: string }[] }).items.map((s) => s.name)).not.toContain('Saariston portaali');
      await page.getByRole('button', { name: 'Lisää lähde' }).click();
      await page.getByRole('heading', { level: 1, name: 'Saariston portaali' }).waitFor();

      // A run that the portal holds after its first page, cancelled from its page.
      portal.set({ hold: (path) => (/[?&]start=10(&|$)/.test(path) ? held : undefined) });
      await page.getByRole('button', { name: /Haravoi nyt/ }).click();
      await page.waitForURL(/\/runs\//);
      await page.locator('.status--run-running').waitFor();
      await page.getByRole('button', { name: 'Keskeytä haravointi' }).click();
      await page.getByRole('status').filter({ hasText: 'Keskeytetty' }).waitFor();
      letGo();
      const runUrl = page.url();

      // Deleting says what becomes of the datasets, and asks once more.
      await page.getByRole('link', { name: 'Saariston portaali' }).click();
      await page.getByRole('heading', { name: 'Poista lähde' }).waitFor();
      await page.getByRole('region', { name: 'Poista lähde' }).getByText('jää luetteloon, mutta').first().waitFor();
      await page.getByRole('button', { name: 'Poista lähde…' }).click();
      await page.getByRole('button', { name: 'Kyllä, poista lähde' }).click();
      await page.waitForURL(`${base}/admin/harvest`);
      await page.getByRole('status').filter({ hasText: 'Lähde Saariston portaali poistettiin.' }).waitFor();
      expect(await page.getByRole('link', { name: 'Saariston portaali' }).count()).toBe(0);
      expect((await fetch(runUrl.replace('/admin/harvest/', '/api/harvest/sources/'))).status).toBe(404);

      // At 360 px the sources stack: the page does not scroll sideways.
      await page.setViewportSize({ width: 360, height: 740 });
      await page.reload();
      await page.getByRole('table', { name: 'Haravointilähteet' }).waitFor();
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, table: document.querySelector('.harvest-sources')!.scrollWidth }));
      expect(widths.page, JSON.stringify(widths)).toBeLessThanOrEqual(widths.view);
      expect(widths.table, JSON.stringify(widths)).toBeLessThanOrEqual(widths.view);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      letGo?.();
      await portal.close();
    }
  });

  it("sees on a bottleneck's page which Open311 app filed it and the reporter's contact data; an editor sees none of it", async () => {
    const base = running.server.url;
    const filed = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ service_code: 'mobility', description: 'The ferry terminal ramp is broken.', address_string: 'Länsisatama, Helsinki', email: 'raportoija@example.fi', first_name: 'Raili', last_name: 'Raportoija', phone: '+358 40 7654321', device_id: 'e2e-device' }),
    });
    expect(filed.status).toBe(201);
    const [{ token }] = (await filed.json()) as { token: string }[];
    const { ref } = (await (await fetch(`${base}/api/bottlenecks/report-status/${token}`)).json()) as { ref: string };

    const context = await running.browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en-GB,en;q=0.9' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    await page.goto(`${base}/bottlenecks/${ref}`);
    const origin = page.getByRole('region', { name: 'Filed through Open311' });
    await origin.waitFor();
    for (const text of ['An app without an API key (anonymous)', 'Raili Raportoija', 'raportoija@example.fi', '+358 40 7654321', 'e2e-device']) await expect.poll(() => origin.textContent()).toContain(text);
    await context.close();

    const editorContext = await running.browser.newContext({ locale: 'en-GB' });
    const editorPage = await editorContext.newPage();
    const editorErrors = watchConsole(editorPage);
    await loginThroughForm(editorPage, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await editorPage.goto(`${base}/bottlenecks/${ref}`);
    await editorPage.getByRole('heading', { name: 'Moderation and management' }).waitFor();
    await editorPage.waitForLoadState('networkidle');
    const shown = (await editorPage.locator('main').textContent()) ?? '';
    for (const text of ['Filed through Open311', 'raportoija@example.fi', '7654321', 'Raportoija', 'e2e-device']) expect(shown).not.toContain(text);
    await editorContext.close();
    expect([...errors, ...editorErrors]).toEqual([]);
  });
});
