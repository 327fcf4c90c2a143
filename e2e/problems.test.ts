import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

/** Problems from the server, worded in Finnish from their codes, each field named by the label the page shows it with. */

const running = useServerAndBrowser();

/** The alert's field errors: each link's text and target, and whether that target is on the page. */
async function alertLinks(page: Page) {
  return page.getByRole('alert').evaluate((alert) =>
    [...alert.querySelectorAll('a')].map((link) => {
      const id = decodeURIComponent(link.getAttribute('href')!.slice(1));
      return { text: link.textContent, id, exists: document.getElementById(id) !== null };
    }),
  );
}

describe('a form error in Finnish', () => {
  it('names the current password by its label, not the API field, and links to it', async () => {
    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, running.server.url, DEMO_ACCOUNTS.member.email, DEMO_ACCOUNTS.member.password);
    await page.locator('#field-currentPassword').fill('ei tämä ole se salasana');
    await page.locator('#field-newPassword').fill('uusi pitkä salasana');
    await page.getByRole('button', { name: 'Vaihda salasana' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Tämä ei ole nykyinen salasanasi.' });
    await alert.waitFor();
    expect(await alert.locator('li').textContent()).toBe('Nykyinen salasana: ei ole nykyinen salasanasi');
    expect(await alertLinks(page)).toEqual([{ text: 'Nykyinen salasana', id: 'field-currentPassword', exists: true }]);
    // The refusal itself is logged by the browser and the watcher; no other error, and no missing text.
    expect(errors.filter((e) => !/\b403\b/.test(e))).toEqual([]);
    await context.close();
  });

  it('links a status change without its note to the note field of that form', async () => {
    const base = running.server.url;
    const created = await fetch(`${base}/api/bottlenecks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Eläkeoikeus katoaa kahden järjestelmän väliin', description: 'Kuvaus, joka on tarpeeksi pitkä rekisterin hyväksyttäväksi.', language: 'fi', domain: 'social_security', countries: ['FI', 'EE'] }),
    });
    expect(created.status).toBe(201);
    const { ref } = (await created.json()) as { ref: string };

    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.moderator.email, DEMO_ACCOUNTS.moderator.password);
    await page.goto(`${base}/bottlenecks/${ref}`);
    await page.locator('#staff-status').selectOption('rejected');
    await page.getByRole('button', { name: 'Tallenna tila' }).click();
    // Rejecting ends the report's handling, so it asks first.
    await page.getByRole('dialog').getByRole('button', { name: /^Muuta tilaksi/ }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Julkinen huomautus' });
    await alert.waitFor();
    expect(await alert.locator('li').textContent()).toBe('Julkinen huomautus: on pakollinen');
    expect(await alertLinks(page)).toEqual([{ text: 'Julkinen huomautus', id: 'staff-note', exists: true }]);
    expect(await alert.textContent()).not.toMatch(/\bnote\b|is required/);
    expect(errors.filter((e) => !/\b400\b/.test(e))).toEqual([]);
    await context.close();
  });
});
