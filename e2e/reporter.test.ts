import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSession, DEMO_ACCOUNTS, useServerAndBrowser, watchConsole, type ApiCall } from './support.ts';

/**
 * A commuter reports a cross-border obstacle without an account, on a phone (360 px wide), in
 * Finnish and in Estonian: a similar report is offered in place, a draft survives leaving the
 * page, a file goes with the report, and the private status link follows moderation.
 */

const running = useServerAndBrowser();

interface Case {
  lang: 'fi' | 'et';
  earlier: { title: string; description: string };
  typed: { title: string; description: string; email: string };
  t: Record<string, string>;
  /** What the moderator does with the new report, and what the status page then says. */
  outcome: 'published' | 'merged';
}

const CASES: Case[] = [
  {
    lang: 'fi',
    earlier: { title: 'Virolainen sairauslomatodistus ei kelpaa Kelalle', description: 'Asun Tallinnassa ja työskentelen Helsingissä. Kela ei hyväksy virolaista sairauslomatodistusta, vaan vaatii suomalaisen lääkärin todistuksen.' },
    typed: { title: 'Virolainen sairauslomatodistus ei kelpaa Kelalle lainkaan', description: 'Sairastuin Tallinnassa, ja Kela palautti virolaisen todistukseni. Jouduin hakemaan uuden todistuksen Suomesta.', email: 'jüri@näide.ee' },
    t: {
      similarHeading: 'Onko se jokin näistä?',
      supporters: '0 henkilöä on kertonut, että asia koskee heitä.',
      loginToSupport: 'Kirjaudu sisään ja kerro, että asia koskee myös sinua',
      descriptionLabel: 'Mitä sinulle tapahtui?',
      domain: 'Sosiaaliturva',
      country: 'Viro',
      files: 'Tiedostot',
      email: 'Sähköpostiosoitteesi',
      restored: 'Lähettämätön luonnoksesi on palautettu',
      submit: 'Lähetä ilmoitus',
      thanks: 'Ilmoituksesi tunnus on',
      attached: 'Liitetty: todistus.pdf',
      nextEmail: 'Lähetimme vahvistuslinkin osoitteeseen jüri@näide.ee.',
      statusTitle: 'Ilmoituksesi vaihe',
      waiting: 'Odottaa moderointia',
      published: 'Julkaistu',
    },
    outcome: 'published',
  },
  {
    lang: 'et',
    earlier: { title: 'Soome töötuskindlustuse perioode ei arvestata Eestis', description: 'Töötasin Helsingis kolm aastat. Eesti Töötukassa ei arvesta Soome kindlustusperioode ilma U1-vormita, mida Soomest on raske saada.' },
    typed: { title: 'Soome töötuskindlustuse perioode ei arvestata Eestis üldse', description: 'Kolisin Helsingist tagasi Tallinnasse ja jäin töötuks. Töötukassa ei arvestanud mu Soome tööaastaid.', email: 'user@bücher.example' },
    t: {
      similarHeading: 'Kas see on mõni neist?',
      supporters: '0 inimest on öelnud, et see puudutab neid.',
      loginToSupport: 'Logige sisse ja andke teada, et see puudutab ka teid',
      descriptionLabel: 'Mis teiega juhtus?',
      domain: 'Sotsiaalkindlustus',
      country: 'Soome',
      files: 'Failid',
      email: 'Teie e-posti aadress',
      restored: 'Teie saatmata mustand on taastatud',
      submit: 'Saada teade',
      thanks: 'Teie teate viide on',
      attached: 'Lisatud: todistus.pdf',
      nextEmail: 'Saatsime kinnituslingi aadressile user@bücher.example.',
      statusTitle: 'Teie teate seis',
      waiting: 'Ootab modereerimist',
      merged: 'Ühendatud teatega',
      mergedTitle: 'on ühendatud',
    },
    outcome: 'merged',
  },
];

/** A published report to be found as similar, filed and published through the API. */
async function publishedReport(base: string, moderator: ApiCall, lang: string, report: Case['earlier']) {
  const response = await fetch(`${base}/api/bottlenecks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...report, language: lang, domain: 'social_security', countries: ['FI', 'EE'] }) });
  if (response.status !== 201) throw new Error(`report: ${response.status} ${await response.text()}`);
  const { ref } = (await response.json()) as { ref: string };
  await moderator('PATCH', `/api/bottlenecks/${ref}`, { status: 'published' });
  return ref;
}

/** Nothing is wider than the phone's screen. */
async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('a reporter without an account, on a phone', () => {
  for (const c of CASES) {
    it(`reports in ${c.lang}: similar report in place, draft kept, file sent with it, status link follows moderation`, async () => {
      const base = running.server.url;
      const moderator = await apiSession(base, DEMO_ACCOUNTS.moderator);
      const earlier = await publishedReport(base, moderator, c.lang, c.earlier);

      const context = await running.browser.newContext({ locale: c.lang, extraHTTPHeaders: { 'accept-language': c.lang }, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const errors = watchConsole(page);
      await page.goto(`${base}/bottlenecks/new`);
      await page.locator('#field-title').waitFor();

      // No country is ticked in advance.
      expect(await page.locator('input[name=countries]:checked').count()).toBe(0);
      await page.locator('#field-title').fill(c.typed.title);
      // The similar report is shown in place: title, summary, how many it affects, and "affects me too" by logging in.
      const similar = page.getByRole('region', { name: c.t.similarHeading });
      await similar.getByRole('heading', { name: new RegExp(`^${earlier}: `) }).waitFor();
      await similar.getByText(c.earlier.description.slice(0, 40)).waitFor();
      await similar.getByText(c.t.supporters).waitFor();
      expect(await similar.getByRole('link', { name: c.t.loginToSupport }).getAttribute('href')).toBe('/login?next=%2Fbottlenecks%2Fnew');
      expect(page.url()).toBe(`${base}/bottlenecks/new`);

      await page.getByLabel(c.t.descriptionLabel).fill(c.typed.description);
      await page.getByLabel(c.t.domain).check();
      await page.getByLabel(c.t.country, { exact: true }).check();
      await page.getByLabel(c.t.email, { exact: true }).fill(c.typed.email);
      await fitsTheScreen(page);

      // Leaving the page and coming back loses nothing typed.
      await page.goto(`${base}/bottlenecks`);
      await page.goBack();
      await page.getByRole('status').filter({ hasText: c.t.restored }).waitFor();
      expect(await page.locator('#field-title').inputValue()).toBe(c.typed.title);
      expect(await page.getByLabel(c.t.descriptionLabel).inputValue()).toBe(c.typed.description);
      expect(await page.getByLabel(c.t.domain).isChecked()).toBe(true);
      expect(await page.locator('input[name=countries]:checked').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value))).toEqual([c.lang === 'fi' ? 'EE' : 'FI']);
      expect(await page.getByLabel(c.t.email, { exact: true }).inputValue()).toBe(c.typed.email);

      // A file goes with the report, in the same form and the same submit.
      await page.getByLabel(c.t.files, { exact: true }).setInputFiles({ name: 'todistus.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await page.getByRole('button', { name: c.t.submit }).click();
      const thanks = page.getByRole('status').filter({ hasText: c.t.thanks });
      await thanks.waitFor();
      const ref = /BN-\d{4}-\d{4}/.exec((await thanks.textContent()) ?? '')![0];
      await page.getByText(c.t.attached).waitFor();
      await page.getByText(c.t.nextEmail).waitFor();
      await fitsTheScreen(page);
      const detail = (await moderator('GET', `/api/bottlenecks/${ref}`)) as { attachments: { filename: string }[] };
      expect(detail.attachments.map((a) => a.filename)).toEqual(['todistus.pdf']);

      // The private status link: waiting for moderation.
      const statusLink = page.locator('#status-link');
      const statusUrl = await statusLink.textContent();
      expect(statusUrl).toMatch(new RegExp(`^${base}/bottlenecks/status#[A-Za-z0-9_-]{43}$`));
      await statusLink.click();
      await page.getByRole('heading', { name: c.t.statusTitle }).waitFor();
      await page.locator('#report-state').getByText(c.t.waiting).waitFor();
      await fitsTheScreen(page);

      // The moderator acts; the status page follows.
      if (c.outcome === 'published') {
        await moderator('PATCH', `/api/bottlenecks/${ref}`, { status: 'published' });
        await page.reload();
        await page.locator('#report-state').getByText(c.t.published).waitFor();
        await page.getByRole('link', { name: ref }).click();
        await page.waitForURL(`${base}/bottlenecks/${ref}`);
        await page.getByRole('heading', { name: c.typed.title }).waitFor();
      } else {
        await moderator('POST', `/api/bottlenecks/${ref}/merge`, { into: earlier });
        await page.reload();
        await page.locator('#report-state').getByText(`${c.t.merged} ${earlier}`).waitFor();
        // The merged report's old address says where it went, rather than showing the other as if it were it.
        await page.goto(`${base}/bottlenecks/${ref}`);
        await page.getByRole('heading', { name: `${ref} ${c.t.mergedTitle}` }).waitFor();
        await page.getByRole('link', { name: earlier }).click();
        await page.waitForURL(`${base}/bottlenecks/${earlier}`);
      }

      // Sent, the draft is gone: the form is empty again.
      await page.goto(`${base}/bottlenecks/new`);
      await page.locator('#field-title').waitFor();
      expect(await page.locator('#field-title').inputValue()).toBe('');
      expect(await page.getByRole('status').filter({ hasText: c.t.restored }).count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('says "affects me too" by logging in from the hint, and comes back to the form with what was typed', async () => {
    const base = running.server.url;
    const moderator = await apiSession(base, DEMO_ACCOUNTS.moderator);
    const earlier = await publishedReport(base, moderator, 'fi', { title: 'Virolaista ajokorttia ei voi vaihtaa Suomessa', description: 'Muutin Tallinnasta Espooseen, eikä Traficom hyväksy virolaista ajokorttiani ilman uutta ajokoetta.' });
    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' }, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/bottlenecks/new`);
    await page.locator('#field-title').fill('Virolaista ajokorttia ei voi vaihtaa suomalaiseen');
    await page.getByLabel('Mitä sinulle tapahtui?').fill('Traficom vaati uuden ajokokeen, vaikka olen ajanut Virossa kymmenen vuotta.');
    const similar = page.getByRole('region', { name: 'Onko se jokin näistä?' });
    const item = similar.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^${earlier}: `) }) });
    await item.getByRole('link', { name: /Kirjaudu sisään ja kerro/ }).click();
    await page.waitForURL(`${base}/login?next=%2Fbottlenecks%2Fnew`);
    await page.locator('#field-email').fill(DEMO_ACCOUNTS.member.email);
    await page.locator('#field-password').fill(DEMO_ACCOUNTS.member.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${base}/bottlenecks/new`);
    await page.getByRole('status').filter({ hasText: 'Lähettämätön luonnoksesi on palautettu' }).waitFor();
    expect(await page.getByLabel('Mitä sinulle tapahtui?').inputValue()).toBe('Traficom vaati uuden ajokokeen, vaikka olen ajanut Virossa kymmenen vuotta.');
    // Signed in now, the member says it in place.
    await item.getByRole('button', { name: 'Koskee myös minua' }).click();
    await item.getByRole('status').filter({ hasText: `Kirjattu: ${earlier} koskee myös sinua.` }).waitFor();
    expect(((await moderator('GET', `/api/bottlenecks/${earlier}`)) as { supportCount: number }).supportCount).toBe(1);
    // "Discard the draft" empties the form and forgets it.
    await page.getByRole('button', { name: 'Hylkää luonnos' }).click();
    await page.getByRole('status').filter({ hasText: 'Luonnos hylättiin.' }).waitFor();
    expect(await page.locator('#field-title').inputValue()).toBe('');
    await page.reload();
    await page.locator('#field-title').waitFor();
    expect(await page.getByLabel('Mitä sinulle tapahtui?').inputValue()).toBe('');
    expect(await page.getByRole('status').filter({ hasText: 'Lähettämätön luonnoksesi' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
