import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageProblems } from './page-checks.ts';
import { axeViolations, DEMO_ACCOUNTS, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

const GOOD = [
  'ref,parent_ref,title_en,title_fi,domain,starts_on,ends_on,raci,lead',
  'e2e-theme,,Imported theme for ferry tickets,Tuotu teema lippuja varten,mobility,2028-01-01,2028-12-31,hsl:A;tallinna-sadam:R,hsl',
  ',e2e-theme,Imported action under it,,mobility,2028-02-01,2028-06-30,hsl:A;tallinna-sadam:R,',
].join('\r\n');
const BAD = [
  'title_en,domain,starts_on,ends_on,raci',
  'Two accountables,mobility,2028-01-01,2028-12-31,hsl:A;tallinna-sadam:A',
  'Ends before it starts,mobility,2028-06-01,2028-01-01,hsl:A;tallinna-sadam:R',
].join('\r\n');

async function expectAccessible(page: Page, where: string) {
  expect(describeViolations(await axeViolations(page)), where).toBe('');
  // At 360 px, as the site-wide check does: primary actions at least 44 px high.
  expect(await pageProblems(page, { minAction: 44 }), where).toEqual([]);
}

/** Chooses a file for the page's file input, as a browser's file dialog would. */
const choose = (page: Page, name: string, text: string) => page.getByLabel('File (CSV or XLSX)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('importing the action plan', () => {
  it('lets an editor check a file, read every error by row and column, then import a good one, by keyboard on a narrow screen', async () => {
    const base = running.server.url;
    // axe is put into the page, past the site's content security policy.
    const context = await running.browser.newContext({ locale: 'en', viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/actions`);
    // Everyone gets the exports; an editor also the import (the page's code comes after the shell: wait for it).
    const importLink = page.getByRole('link', { name: 'Import actions from a spreadsheet' });
    await importLink.waitFor();
    expect(await page.getByRole('link', { name: 'JSON' }).count()).toBe(2);
    await importLink.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/actions/import`);
    await page.getByRole('heading', { name: 'Import actions', level: 1 }).waitFor();
    await expectAccessible(page, 'the import page');

    // A file with two bad rows: every error named, by row and column, and nothing imported.
    await choose(page, 'bad.csv', BAD);
    await page.getByRole('button', { name: 'Check the file' }).focus();
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Nothing was imported');
    const table = page.getByRole('table', { name: 'Every error in the file, by row and column' });
    const cells = await table.getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.lastChild?.textContent?.trim())));
    expect(cells).toEqual([
      ['2', 'raci', 'is a second accountable institution: an action has exactly one'],
      ['2', 'raci', 'needs at least one responsible institution (R)'],
      ['3', 'ends_on', 'must be after the start'],
    ]);
    await expectAccessible(page, 'the errors');

    // A good file: the dry run says what would happen, and nothing is written until it is confirmed.
    await choose(page, 'plan.csv', GOOD);
    await page.getByRole('button', { name: 'Check the file' }).press('Enter');
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('2 actions added');
    expect(await page.getByRole('cell', { name: 'New action (e2e-theme)' }).count()).toBe(1);
    const before = (await (await fetch(`${base}/api/actions?q=Imported%20theme&limit=5`)).json()).total;
    expect(before).toBe(0);
    await expectAccessible(page, 'the report');
    await page.getByRole('button', { name: 'Import 2 actions' }).press('Enter');
    await page.getByRole('heading', { name: 'The file was imported' }).waitFor();
    const created = page.getByRole('table', { name: 'Actions added or changed' }).getByRole('link');
    expect(await created.count()).toBe(2);
    await expectAccessible(page, 'after the import');

    // The new theme is in the plan, with its action below it.
    await created.first().press('Enter');
    await page.getByRole('heading', { name: 'Imported theme for ferry tickets', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Imported action under it' }).waitFor();
    // The one refusal asked for, and nothing else went wrong.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 '))).toEqual([`400 POST ${base}/api/actions/import?dryRun=1`]);
    await context.close();
  });

  it('shows the exports to a visitor and not the import', async () => {
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${running.server.url}/actions`);
    await page.getByRole('heading', { name: 'Joint action plan', level: 1 }).waitFor();
    const csv = page.getByRole('link', { name: 'CSV' }).first();
    expect(await csv.getAttribute('href')).toBe('/api/actions/export.csv');
    expect(await page.getByRole('link', { name: 'Import actions from a spreadsheet' }).count()).toBe(0);
    const answer = await fetch(`${running.server.url}/api/actions/export.csv`);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="talsinki-action-plan-\d{4}-\d{2}-\d{2}\.csv"$/);
    await context.close();
  });
});
