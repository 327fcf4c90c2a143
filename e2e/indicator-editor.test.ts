import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

/** Focuses a control and presses a key on it, as a keyboard user does. */
async function press(page: Page, name: string | RegExp, role: 'link' | 'button', key = 'Enter') {
  await page.getByRole(role, { name, exact: typeof name === 'string' }).first().focus();
  await page.keyboard.press(key);
}

/** Types into the labelled field after focusing it. */
async function type(page: Page, label: RegExp, text: string) {
  await page.getByLabel(label).focus();
  await page.keyboard.type(text);
}

/** Types into one language's control of a group of localised text. */
async function typeIn(page: Page, group: string | RegExp, language: string, text: string) {
  await page.getByRole('group', { name: group }).getByLabel(language, { exact: true }).focus();
  await page.keyboard.type(text);
}

describe('the indicator editor', () => {
  it('lets an editor define an indicator from the imported demo tables by keyboard, see its figures before saving, save it and find it', { timeout: 600_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);

    // The editors' list, reached from the menu; drafts and demo indicators among them.
    await page.goto(`${base}/`);
    await press(page, 'Edit indicators', 'link');
    await page.waitForURL(`${base}/editor/indicators`);
    await page.getByRole('status').filter({ hasText: /\d+ indicators/ }).waitFor();
    const problems = await checkPage(page, '/editor/indicators');
    await press(page, 'New indicator', 'link');
    await page.waitForURL(`${base}/editor/indicators/new`);
    await page.getByRole('heading', { level: 1, name: 'New indicator' }).waitFor();

    await type(page, /^Address \(slug\)/, 'residents-edited');
    await typeIn(page, /^Name/, 'English', 'Residents (edited)');
    await typeIn(page, /^Name/, 'Finnish', 'Asukkaat (muokattu)');
    await typeIn(page, 'Unit', 'English', 'persons');

    // Each side's demo population table: its area dimension is the regions, its codes prefilled.
    const fiSide = page.getByRole('region', { name: 'Finnish side' });
    await fiSide.getByLabel(/^Statistics table/).focus();
    await fiSide.getByLabel(/^Statistics table/).selectOption({ label: await optionLabel(page, fiSide.getByLabel(/^Statistics table/), 'vaerak-demo') });
    await fiSide.getByRole('group', { name: 'Regions of Alue' }).waitFor();
    expect(await fiSide.getByLabel(/^Alue \(Alue\)/).inputValue()).toBe('region');
    expect(await fiSide.getByLabel('Helsinki (KU091)').inputValue()).toBe('fi-kunta:091');
    expect(await fiSide.getByLabel('Uusimaa (MK01)').inputValue()).toBe('nuts:FI1B1');
    // Vantaa is left out of this indicator.
    await fiSide.getByLabel('Vantaa (KU092)').selectOption('');
    const eeSide = page.getByRole('region', { name: 'Estonian side' });
    await eeSide.getByLabel(/^Statistics table/).selectOption({ label: await optionLabel(page, eeSide.getByLabel(/^Statistics table/), 'RV-demo') });
    await eeSide.getByRole('group', { name: 'Regions of Haldusüksus' }).waitFor();
    expect(await eeSide.getByLabel('Tallinn (0784)').inputValue()).toBe('ee-ehak:0784');

    // A frequency the tables are not of is refused in the preview, at the field.
    await page.getByLabel('Frequency').selectOption('Q');
    await press(page, 'Show preview', 'button');
    const refused = page.getByRole('region', { name: 'Preview' }).getByRole('alert');
    await refused.getByRole('link', { name: 'Frequency' }).waitFor();
    expect(await refused.innerText()).toContain('does not match the time of table vaerak-demo');
    await page.getByLabel('Frequency').selectOption('A');
    await press(page, 'Show preview', 'button');
    const preview = page.getByRole('table', { name: /newest 5 periods/ });
    await preview.waitFor();
    const helsinki = preview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Helsinki (Finnish side)' }) });
    const population = (await (await fetch(`${base}/api/indicators/population`)).json()) as { series: { region: string; values: (number | null)[] }[] };
    const newest = population.series.find((one) => one.region === 'fi-kunta:091')!.values.at(-1)!;
    expect((await helsinki.locator('td').last().innerText()).replace(/\D/g, '')).toBe(String(newest));
    expect(await preview.getByRole('rowheader', { name: /Vantaa/ }).count()).toBe(0);
    await preview.getByRole('rowheader', { name: 'Tallinn (Estonian side)' }).waitFor();
    problems.push(...(await checkPage(page, '/editor/indicators/new (preview)')));

    await page.getByRole('checkbox', { name: 'Published' }).focus();
    await page.keyboard.press('Space');
    await press(page, 'Create indicator', 'button');
    await page.waitForURL(`${base}/editor/indicators`);
    await page.getByText('The indicator was created.').waitFor();

    // On the public list and page, with its figures; the page links its editor back.
    await page.goto(`${base}/indicators?q=edited`);
    await press(page, /Residents \(edited\)/, 'link');
    await page.waitForURL(`${base}/indicators/residents-edited`);
    await page.getByRole('heading', { level: 1, name: 'Residents (edited)' }).waitFor();
    await page.getByRole('link', { name: 'Edit indicator', exact: true }).waitFor();
    const saved = (await (await fetch(`${base}/api/indicators/residents-edited`)).json()) as { demo: boolean; series: { region: string }[] };
    expect(saved.demo).toBe(true);
    expect(saved.series.map((one) => one.region).sort()).toEqual(['ee-ehak:0446', 'ee-ehak:0653', 'ee-ehak:0784', 'fi-kunta:049', 'fi-kunta:091', 'nuts:EE001', 'nuts:FI1B1']);

    // Edited again: the form reads back the mapping.
    await press(page, 'Edit indicator', 'link');
    await page.waitForURL(`${base}/editor/indicators/residents-edited/edit`);
    await page.getByLabel('Helsinki (KU091)').waitFor();
    expect(await page.getByLabel('Vantaa (KU092)').inputValue()).toBe('');
    problems.push(...(await checkPage(page, '/editor/indicators/:id/edit')));

    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('gives a visitor no editor page and no edit link', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${base}/indicators/population`);
    await page.getByRole('heading', { level: 1, name: 'Population' }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit indicator', exact: true }).count()).toBe(0);
    await page.goto(`${base}/editor/indicators/new`);
    await page.locator('h1').first().waitFor();
    expect(await page.getByRole('button', { name: 'Create indicator' }).count()).toBe(0);
    await context.close();
  });
});

/** The label of the select's option for a table, found by its id at the source. */
async function optionLabel(page: Page, select: ReturnType<Page['getByLabel']>, externalId: string): Promise<string> {
  const labels = await select.locator('option').allInnerTexts();
  const found = labels.find((label) => label.includes(`(${externalId};`));
  expect(found, `a table ${externalId} among ${labels.join(' | ')}`).toBeTruthy();
  return found!;
}
