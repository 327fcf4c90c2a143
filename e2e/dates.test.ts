import { describe, expect, it } from 'vitest';
import { loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';
import { pageProblems } from './page-checks.ts';

const running = useServerAndBrowser();

/**
 * Dates and times are typed and shown in the interface's language and Helsinki–Tallinn time,
 * whatever the browser's own language and zone: here an American browser in New York.
 */
const BROWSER = { locale: 'en-US', timezoneId: 'America/New_York' };

describe('dates and times in the interface language', () => {
  it('asks which instant is meant in the hour the autumn repeats, and says where the spring skips one', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext(BROWSER);
    await context.addCookies([{ name: 'talsinki_lang', value: 'fi', url: base }]);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    await page.goto(`${base}/dialogues/new`);
    await page.locator('h1').waitFor();
    await page.locator('#f-title-fi').fill('Kellojen siirron työpaja');
    await page.getByRole('combobox', { name: 'Järjestäjä', exact: true }).fill('Helsin');
    await page.getByRole('listbox').getByRole('option', { name: /Helsin/ }).first().click();
    const starts = page.getByRole('group', { name: 'Alkaa (paikallista aikaa)' });
    const ends = page.getByRole('group', { name: 'Päättyy (paikallista aikaa)' });
    await starts.getByText('Päivä, kuukausi ja vuosi, esimerkiksi 2.12.2026').waitFor();

    // The spring: 29 March 2026, 03:30 does not exist; the form says it becomes 04:30 summer time.
    await starts.getByLabel('Päivämäärä').fill('29.3.2026');
    await starts.getByLabel('Kellonaika').fill('3.30');
    await starts.getByText('Aika tallennetaan kesäajan mukaan: klo 04.30 (UTC+3).').waitFor();

    // The autumn: 25 October 2026, 03:30 happens twice; nothing is chosen until the editor chooses.
    await starts.getByLabel('Päivämäärä').fill('25.10.2026');
    const which = starts.getByRole('group', { name: /^Kello 03\.30 on 25\. lokakuuta 2026 kahdesti/ });
    await which.waitFor();
    expect(await which.getByRole('radio').count()).toBe(2);
    expect(await which.getByRole('radio', { checked: true }).count()).toBe(0);
    await ends.getByLabel('Päivämäärä').fill('2026-10-25');
    await ends.getByLabel('Kellonaika').fill('6');
    await page.getByRole('button', { name: 'Suunnittele vuoropuhelu' }).click();
    // Refused, the error linked to the day of the start, which is on the page.
    const link = page.locator('a[href="#field-startsAt"]');
    await link.waitFor();
    expect(await pageProblems(page)).toEqual([]);

    await which.getByLabel('03.30 normaaliaikaa (UTC+2), kellojen siirron jälkeen').check();
    await page.getByRole('button', { name: 'Suunnittele vuoropuhelu' }).click();
    await page.waitForURL(/\/dialogues\/DL-\d{4}-\d{4}$/);
    const ref = page.url().split('/').pop()!;
    const saved = await (await fetch(`${base}/api/dialogues/${ref}`)).json();
    expect(saved.startsAt).toBe('2026-10-25T01:30:00.000Z');
    expect(saved.endsAt).toBe('2026-10-25T04:00:00.000Z');
    // Shown in Helsinki time in Finnish, not in New York's or in American English.
    await page.getByText('su 25. lokakuuta 2026, 03.30–06.00').waitFor();

    // Edited again: the later of the two instants is still the one chosen.
    await page.goto(`${base}/dialogues/${ref}/edit`);
    await which.waitFor();
    expect(await starts.getByLabel('Päivämäärä').inputValue()).toBe('25.10.2026');
    expect(await starts.getByLabel('Kellonaika').inputValue()).toBe('03.30');
    expect(await which.getByLabel('03.30 normaaliaikaa (UTC+2), kellojen siirron jälkeen').isChecked()).toBe(true);
    // The one refusal expected: the form sent before the editor chose (the response and its console line).
    expect(errors.filter((e) => !/^400 POST .*\/api\/dialogues$/.test(e) && !e.includes('status of 400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 POST'))).toHaveLength(1);
    await context.close();
  });

  it('reads the days of the dialogues’ filters as typed in Estonian, and writes them back so', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext(BROWSER);
    await context.addCookies([{ name: 'talsinki_lang', value: 'et', url: base }]);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/dialogues`);
    await page.locator('#field-from').fill('1.1.2020');
    await page.locator('#field-to').fill('2030-12-31');
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.waitForURL(/from=2020-01-01/);
    expect(new URL(page.url()).searchParams.get('to')).toBe('2030-12-31');
    await page.reload();
    await page.locator('#field-from').waitFor();
    expect(await page.locator('#field-from').inputValue()).toBe('1.1.2020');
    expect(await page.locator('#field-to').inputValue()).toBe('31.12.2030');
    // What cannot be read is said when the field is left.
    await page.locator('#field-from').fill('31.2.2026');
    await page.locator('#field-to').focus();
    await page.getByText('Kuupäeva ei õnnestunud lugeda. Kirjutage see kujul 2.12.2026.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
