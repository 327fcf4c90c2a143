import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageProblems } from './page-checks.ts';
import { finishedImport, samplePxFile } from './statistics-support.ts';
import { axeViolations, DEMO_ACCOUNTS, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

async function expectAccessible(page: Page, where: string) {
  expect(describeViolations(await axeViolations(page)), where).toBe('');
  expect(await pageProblems(page, { minAction: 44 }), where).toEqual([]);
}

describe('statistics imports', () => {
  it('lets an administrator upload a PC-Axis file by keyboard on a narrow screen, follow its import to the end and find its table', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    await page.goto(`${base}/admin/statistics`);
    await page.getByRole('heading', { name: 'Statistics sources', level: 1 }).waitFor();
    await expectAccessible(page, 'the sources page');
    // The demo's tables were written without an import: nothing to import again, and it says why.
    const demoRow = page.getByRole('row').filter({ hasText: 'Demo tables' });
    expect(await demoRow.innerText()).toContain('no address or file: tables written by the demo, not imported');
    expect(await demoRow.getByRole('button', { name: 'Import now' }).count()).toBe(0);
    const sourceCount = async () => ((await (await fetch(`${base}/api/statistics/sources?limit=1`)).json()) as { total: number }).total;
    const before = await sourceCount();

    // The upload form's fields (the form to add a source by its address has a name and language of its own).
    const upload = page.getByRole('region', { name: 'Upload a statistics file' });
    const language = upload.getByRole('textbox', { name: /^Language/ });
    // A field left wrong is named and linked, and nothing is uploaded.
    await upload.getByLabel(/^File/).setInputFiles({ name: 'population.px', mimeType: 'application/octet-stream', buffer: samplePxFile() });
    await language.fill('Finnish');
    await page.getByRole('button', { name: 'Upload and import' }).focus();
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Language/);
    expect(await sourceCount()).toBe(before);

    await language.fill('fi');
    await upload.getByRole('textbox', { name: /^Name/ }).fill('Population by area (e2e)');
    await page.getByRole('button', { name: 'Upload and import' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/statistics\/[0-9a-f-]+\/runs\/[0-9a-f-]+$/);
    const [, sourceId, runId] = /statistics\/([0-9a-f-]+)\/runs\/([0-9a-f-]+)$/.exec(page.url())!;
    await page.getByRole('heading', { name: 'Import of Population by area (e2e)', level: 1 }).waitFor();
    // The page follows the run until it ends; the import read past one keyword and says so.
    expect(await finishedImport(base, sourceId, runId)).toMatchObject({ state: 'succeeded', counts: { created: 1, cells: 24 } });
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/Finished/);
    const errorsTable = page.getByRole('table', { name: 'What could not be read' });
    await errorsTable.waitFor();
    expect(await errorsTable.innerText()).toContain('The keyword X-TALSINKI-NOTE is not one this reader uses; it was skipped.');
    await expectAccessible(page, 'the run page');

    await page.getByRole('link', { name: 'Population by area (e2e)' }).click();
    await page.getByRole('heading', { name: 'Population by area (e2e)', level: 1 }).waitFor();
    const tables = page.getByRole('table', { name: 'Tables' });
    await tables.waitFor();
    const row = await tables.getByRole('row').nth(1).innerText();
    expect(row).toContain('TEST01');
    expect(row).toContain('Population by area');
    await expectAccessible(page, 'the source page');

    // In Finnish the table's title is the file's Finnish one, and the run's words are Finnish.
    await page.goto(`${base}/admin/statistics/${sourceId}`);
    await context.addCookies([{ name: 'talsinki_lang', value: 'fi', url: base }]);
    await page.reload();
    await page.getByRole('heading', { name: 'Taulukot' }).waitFor();
    expect(await page.getByRole('table', { name: 'Taulukot' }).innerText()).toContain('Väestö alueittain');
    // The one refusal asked for above, and nothing else.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 '))).toEqual([`400 POST ${base}/api/statistics/files`]);
    await context.close();
  });
});
