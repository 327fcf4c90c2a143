import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

// The service owner's desk at 360 px (issue 14): bottlenecks assigned to the institution and
// recommendations addressed to it, waiting and answered; answering in the language the text is
// written in, editing, and the earlier versions on the item's own page.

const running = useServerAndBrowser();
const PHONE = { width: 360, height: 780 };

/** A published bottleneck assigned to the demo service owner's institution (the Social Insurance Board, for Estonia). */
async function assignedToSka(title: string) {
  const base = running.server.url;
  const report = await fetch(`${base}/api/bottlenecks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, description: 'A family living in Tallinn and working in Helsinki waits for the same decision from two offices.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] }),
  });
  expect(report.status).toBe(201);
  const { id, ref } = (await report.json()) as { id: string; ref: string };
  const ska = ((await (await fetch(`${base}/api/institutions/sotsiaalkindlustusamet`)).json()) as { id: string }).id;
  await (await apiSession(base, DEMO_ACCOUNTS.moderator))('PATCH', `/api/bottlenecks/${id}`, { status: 'published' });
  await (await apiSession(base, DEMO_ACCOUNTS.editor))('PATCH', `/api/bottlenecks/${id}`, { assignments: [{ country: 'EE', institutionId: ska }] });
  return ref;
}

async function openDesk(page: Page) {
  await loginThroughForm(page, running.server.url, DEMO_ACCOUNTS.serviceOwner.email, DEMO_ACCOUNTS.serviceOwner.password);
  // A service owner lands on the desk from the log-in page.
  await page.waitForURL(`${running.server.url}/desk`);
}

/** Items of a part ("waiting", "answered") of a section of the desk. */
const part = (page: Page, section: string, heading: string) => page.getByRole('region', { name: section }).getByRole('region', { name: heading });

/** Overdue items first: once an item without the mark appears, no marked one follows. */
async function overdueFirst(list: Locator, mark: string) {
  const marked = await list.getByRole('listitem').evaluateAll((items, text) => items.filter((i) => i.matches('.bn-card')).map((i) => [...i.querySelectorAll('.badge--warning')].some((b) => b.textContent === text)), mark);
  expect(marked).toEqual([...marked].sort((a, b) => Number(b) - Number(a)));
}

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe("the service owner's desk", () => {
  it('in Finnish: lists both, answers in Estonian (guessed from the text), marks it answered, edits it, and the bottleneck page keeps the earlier version', async () => {
    const ref = await assignedToSka('Family benefit decision waits for both offices');
    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' }, viewport: PHONE });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await openDesk(page);
    await page.getByRole('heading', { level: 1, name: 'Palvelun omistajan työpöytä' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Meille osoitetut rajaesteet' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Meille osoitetut suositukset' }).waitFor();

    const waiting = part(page, 'Meille osoitetut rajaesteet', 'Odottavat vastaustamme');
    const answered = part(page, 'Meille osoitetut rajaesteet', 'Vastatut');
    await waiting.getByText(/rajaeste(ttä)? odottaa vastaustamme\./).waitFor();
    await overdueFirst(waiting, 'Myöhässä');
    // The demo's recommendations to the Social Insurance Board: some answered, some waiting.
    await part(page, 'Meille osoitetut suositukset', 'Vastatut').getByRole('link', { name: /yhteyshenkilö/ }).waitFor();
    await part(page, 'Meille osoitetut suositukset', 'Odottavat vastaustamme').getByRole('link', { name: /paper forms/ }).waitFor();
    expect(await noSideways(page)).toBeLessThanOrEqual(PHONE.width);

    const item = waiting.getByRole('listitem').filter({ hasText: ref });
    await item.getByText('Vastaa tässä').click();
    const language = item.getByLabel('Tekstin kieli');
    expect(await language.inputValue()).toBe('fi');
    await item.getByLabel('Organisaatiosi julkinen vastaus').fill('Sotsiaalkindlustusamet vaatab otsuse koos Kelaga üle ja annab teada.');
    expect(await language.inputValue()).toBe('et');
    await item.getByText('Päätelty tekstistäsi: viro. Voit vaihtaa kielen.').waitFor();
    await item.getByRole('button', { name: 'Julkaise vastaus' }).click();
    await page.getByRole('status').filter({ hasText: 'Vastauksesi on julkaistu.' }).waitFor();

    const done = answered.getByRole('listitem').filter({ hasText: ref });
    await done.getByText('Vastattu', { exact: true }).waitFor();
    expect(await done.getByText('Sotsiaalkindlustusamet vaatab otsuse').getAttribute('lang')).toBe('et');
    await done.getByText(/kieli: viro\./).waitFor();
    await done.getByText(/Kirjoittaja: Liis Saar/).waitFor();
    expect(await waiting.getByRole('listitem').filter({ hasText: ref }).count()).toBe(0);

    await done.getByText('Muokkaa vastausta').click();
    await done.getByLabel('Organisaatiosi julkinen vastaus').fill('Sotsiaalkindlustusamet tegi otsuse: toetus makstakse välja jaanuaris.');
    expect(await done.getByLabel('Tekstin kieli').inputValue()).toBe('et');
    await done.getByRole('button', { name: 'Julkaise muokattu vastaus' }).click();
    await page.getByRole('status').filter({ hasText: 'Muokattu vastauksesi on julkaistu; aiempi versio säilyy.' }).waitFor();
    await done.getByText(/Muokattu \d/).waitFor();

    await done.getByRole('link', { name: 'Family benefit decision waits for both offices' }).click();
    await page.waitForURL(`${running.server.url}/bottlenecks/${ref}`);
    const answers = page.getByRole('region', { name: 'Vastuuorganisaatioiden vastaukset' });
    expect(await answers.getByText('Sotsiaalkindlustusamet tegi otsuse').getAttribute('lang')).toBe('et');
    await answers.getByText(/Muokattu \d/).waitFor();
    await answers.getByText('Aiempi versio (1)').click();
    const earlier = answers.getByText('Sotsiaalkindlustusamet vaatab otsuse koos Kelaga üle ja annab teada.');
    await earlier.waitFor();
    expect(await earlier.getAttribute('lang')).toBe('et');
    // The public page names the institution, never the person.
    expect(await answers.getByText(/Liis Saar/).count()).toBe(0);
    expect(await noSideways(page)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in Estonian: responds to a waiting recommendation in English (guessed), sees it answered, edits it, and the recommendation keeps the earlier version', async () => {
    const context = await running.browser.newContext({ locale: 'et', extraHTTPHeaders: { 'accept-language': 'et' }, viewport: PHONE });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await openDesk(page);
    await page.getByRole('heading', { level: 1, name: 'Teenuseomaniku töölaud' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Meile määratud takistused' }).waitFor();
    const waiting = part(page, 'Meile suunatud soovitused', 'Ootavad meie vastust');
    const answered = part(page, 'Meile suunatud soovitused', 'Vastatud');
    await waiting.getByText(/soovitus(t)? ootab meie vastust\./).waitFor();
    await overdueFirst(waiting, 'Tähtaeg ületatud');
    await answered.getByText(/Oleme vastanud \d+ soovitusele\./).waitFor();
    expect(await noSideways(page)).toBeLessThanOrEqual(PHONE.width);

    const item = waiting.getByRole('listitem').filter({ hasText: /paper forms/ });
    const rcRef = /RC-\d{4}-\d{4}/.exec((await item.textContent()) ?? '')![0];
    await item.getByText('Vasta siin').click();
    const language = item.getByLabel('Teksti keel');
    expect(await language.inputValue()).toBe('et');
    await item.getByLabel('Vastus (avalik)').fill('The Social Insurance Board will stop asking for these forms from the spring.');
    expect(await language.inputValue()).toBe('en');
    await item.getByRole('button', { name: 'Avalda vastus' }).click();
    await page.getByRole('status').filter({ hasText: 'Teie vastus on avaldatud.' }).waitFor();

    const done = answered.getByRole('listitem').filter({ hasText: rcRef });
    await done.getByText('Vastatud', { exact: true }).waitFor();
    expect(await done.getByText('The Social Insurance Board will stop asking').getAttribute('lang')).toBe('en');
    await done.getByText('Muuda vastust').click();
    // The person overrides the guess: the edited text is Estonian, chosen by hand.
    await done.getByLabel('Vastus (avalik)').fill('Sotsiaalkindlustusamet loobub nendest blankettidest kevadest.');
    await done.getByLabel('Teksti keel').selectOption('et');
    await done.getByRole('button', { name: 'Avalda muudetud vastus' }).click();
    await page.getByRole('status').filter({ hasText: 'Teie muudetud vastus on avaldatud' }).waitFor();

    await page.goto(`${running.server.url}/recommendations/${rcRef}`);
    const shown = page.getByText('Sotsiaalkindlustusamet loobub nendest blankettidest kevadest.', { exact: true }).first();
    expect(await shown.getAttribute('lang')).toBe('et');
    await page.getByText('Varasem versioon (1)').click();
    expect(await page.getByText('The Social Insurance Board will stop asking for these forms from the spring.', { exact: true }).first().getAttribute('lang')).toBe('en');
    expect(errors).toEqual([]);
    await context.close();
  });
});
