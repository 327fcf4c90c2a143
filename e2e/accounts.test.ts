import { describe, expect, it } from 'vitest';
import { mailText } from '../src/server/test/mail.ts';
import { afterRequests, loginThroughForm, useServerAndBrowser, useTestInbox, watchConsole } from './support.ts';

const inbox = useTestInbox();
const running = useServerAndBrowser(() => ({ SMTP_URL: inbox.url(), TALSINKI_OUTBOX_INTERVAL_MS: '200' }));

describe('a visitor', () => {
  it('registers, logs out, logs in, switches to Estonian, keeps it after reload and on the next log-in, and logs out', async () => {
    const context = await running.browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en-GB,en;q=0.9' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const base = running.server.url;

    await page.goto(`${base}/`);
    await page.locator('h1', { hasText: 'One region across the Gulf of Finland' }).waitFor();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Register' }).click();
    await page.locator('#field-displayName').fill('Maarja Kuusk');
    await page.locator('#field-email').fill('maarja.kuusk@example.ee');
    await page.locator('#field-password').fill('piparkoogid ja kohv');
    // The profile reads its token list; a person reads the page before logging out.
    await afterRequests(page, async () => {
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${base}/profile`);
      await page.getByRole('link', { name: 'Profile: Maarja Kuusk' }).waitFor({ state: 'visible' });
    });
    // A draft left in this browser (as a form keeps one while typing) is gone after logging out.
    await page.evaluate(() => localStorage.setItem('talsinki.draft.report.new', '{"typed":"before logging out"}'));

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' }).waitFor({ state: 'visible' });
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('talsinki.draft.')))).toEqual([]);

    await loginThroughForm(page, base, 'maarja.kuusk@example.ee', 'piparkoogid ja kohv');
    await page.getByRole('button', { name: 'Eesti keeles' }).click();
    await page.locator('h1', { hasText: 'Teie profiil' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('et');
    await page.getByRole('heading', { name: 'API-võtmed' }).waitFor({ state: 'visible' });

    await page.reload();
    await page.locator('h1', { hasText: 'Teie profiil' }).waitFor();
    await afterRequests(page, async () => {
      await page.goto(`${base}/`);
      await page.locator('h1', { hasText: 'Üks regioon üle Soome lahe' }).waitFor();
    });

    // The choice is stored with the account too: a new browser that asks for English gets Estonian after log-in.
    const other = await running.browser.newContext({ locale: 'en', extraHTTPHeaders: { 'accept-language': 'en' } });
    const otherPage = await other.newPage();
    await loginThroughForm(otherPage, base, 'maarja.kuusk@example.ee', 'piparkoogid ja kohv');
    await otherPage.locator('h1', { hasText: 'Teie profiil' }).waitFor();
    await other.close();

    await page.getByRole('button', { name: 'Logi välja' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('navigation', { name: 'Konto' }).getByRole('link', { name: 'Logi sisse' }).waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sees a translated, linked error for a wrong password and for a too short new password', async () => {
    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await context.newPage();
    await page.goto(`${running.server.url}/login`);
    await page.locator('#field-email').fill('member@demo.talsinki.eu');
    await page.locator('#field-password').fill('väärä salasana');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sähköpostiosoite tai salasana on väärä.' }).waitFor();

    await page.goto(`${running.server.url}/register`);
    await page.locator('#field-displayName').fill('Testi');
    await page.locator('#field-email').fill('testi@example.fi');
    await page.locator('#field-password').fill('lyhyt');
    await page.getByRole('button', { name: 'Luo tili' }).click();
    await page.getByRole('alert').filter({ hasText: 'vaatii vähintään 10 merkkiä' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    expect(await page.locator('#field-password').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });
});

describe('a member who forgot their password', () => {
  it('asks for a link from the log-in page in Finnish, gets it by e-mail, sets a new password and logs in with it', async () => {
    const base = running.server.url;
    const email = 'aino.laine@example.fi';
    const registered = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'vanha salasana 2026', displayName: 'Aino Laine', locale: 'fi' }),
    });
    expect(registered.status).toBe(201);

    const context = await running.browser.newContext({ locale: 'fi-FI', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/login`);
    await page.getByRole('link', { name: 'Unohditko salasanasi?' }).click();
    await page.getByRole('heading', { name: 'Unohditko salasanasi?' }).waitFor();
    await page.locator('#field-email').fill(email);
    await page.getByRole('button', { name: 'Lähetä linkki' }).click();
    await page.getByRole('status').filter({ hasText: 'Jos osoitteella on käyttäjätili, lähetimme siihen linkin' }).waitFor();

    const text = mailText((await inbox.mailTo(email)).raw);
    expect(text).toContain('Subject: Talsinki: aseta uusi salasana');
    expect(text).toContain('Hei Aino Laine');
    const link = /https?:\/\/\S+\/password-reset#[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(link, text).toBeTruthy();

    await page.goto(link!.replace(/^https?:\/\/[^/]+/, base));
    await page.getByRole('heading', { name: 'Valitse uusi salasana' }).waitFor();
    await page.locator('#field-password').fill('uusi salasana 2026');
    await page.locator('#field-repeat').fill('uusi salasana 2026');
    await afterRequests(page, async () => {
      await page.getByRole('button', { name: 'Tallenna salasana ja kirjaudu' }).click();
      await page.waitForURL(`${base}/profile`);
    });
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.waitForURL(`${base}/`);

    await loginThroughForm(page, base, email, 'uusi salasana 2026');
    await page.waitForURL(`${base}/profile`);
    await page.locator('h1', { hasText: 'Profiilisi' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a member', () => {
  it('creates an API token that is shown once and works against the API', async () => {
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await loginThroughForm(page, running.server.url, 'member@demo.talsinki.eu', 'demo-member-2026');
    await page.getByLabel('Token name').fill('My script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByTestId('new-token').textContent({ timeout: 10_000 });
    expect(token).toMatch(/^tlk_/);
    const me = await fetch(`${running.server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me.json()).email).toBe('member@demo.talsinki.eu');
    await page.reload();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByRole('row', { name: /My script/ }).waitFor({ state: 'visible' });
    expect(await page.getByTestId('new-token').count()).toBe(0);
    await context.close();
  });
});

describe('an account without a saved language', () => {
  it('saves a new name in Finnish without a saved language, and the service stays in Finnish', async () => {
    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await context.newPage();
    // The demo editor has no language of its own saved: the page is in Finnish from the browser.
    await loginThroughForm(page, running.server.url, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    await page.goto(`${running.server.url}/profile`);
    await page.locator('h1', { hasText: 'Profiilisi' }).waitFor();
    expect(await page.locator('#field-locale').inputValue()).toBe('fi');
    await page.locator('#field-displayName').fill('Kadri Tamm (demo, muokattu)');
    await page.getByRole('button', { name: 'Tallenna muutokset' }).click();
    await page.getByRole('status').filter({ hasText: 'Muutoksesi on tallennettu.' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fi');
    await context.close();
  });
});

describe('an administrator', () => {
  it('finds a user and changes their role in the web UI', async () => {
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await loginThroughForm(page, running.server.url, 'admin@demo.talsinki.eu', 'demo-admin-2026');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Name or e-mail').fill('moderator@demo');
    await page.getByRole('button', { name: 'Search users' }).click();
    await page.getByText('1 user', { exact: true }).waitFor({ state: 'visible' });
    await page.getByLabel('Role of Mikko Korhonen (demo)').selectOption('editor');
    // Choosing changes nothing yet (WCAG 3.2.2): the row's own button does.
    await page.getByRole('button', { name: 'Change role (Mikko Korhonen (demo))' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: Mikko Korhonen (demo).' }).waitFor();

    const login = await fetch(`${running.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'moderator@demo.talsinki.eu', password: 'demo-moderator-2026' }),
    });
    expect((await login.json()).role).toBe('editor');
    await context.close();
  });
});
