import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, useServerAndBrowser, watchConsole, WCAG22_AA } from './support.ts';

const running = useServerAndBrowser();

describe('the progress report', () => {
  it('is reached from the action plan, picks a period by keyboard with typed days and quarter shortcuts, and links its files', async () => {
    const base = running.server.url;
    // axe is injected as a script, which the printable page's own policy rightly forbids.
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/actions`);
    await page.getByRole('link', { name: 'Progress report', exact: true }).click();
    await page.waitForURL(`${base}/reports/progress`);
    await page.getByRole('heading', { name: 'Actions by state' }).waitFor();
    // Days typed in the interface's language, never the browser's date control.
    expect(await page.locator('input[type=date]').count()).toBe(0);
    await page.getByLabel('First day').fill('2026-07-01');
    await page.getByLabel('Last day').fill('2026-09-30');
    await page.getByLabel('Last day').press('Enter');
    await page.waitForURL(`${base}/reports/progress?from=2026-07-01&to=2026-09-30`);
    await page.getByRole('definition').filter({ hasText: '1 Jul 2026 – 30 Sept 2026' }).waitFor();
    const states = page.getByRole('table', { name: 'Actions in each state at the end of the period and at the end of the previous period' });
    await expect.poll(() => states.getByRole('row').count()).toBe(6);
    // The chart is named, and its figures are in that table.
    expect(await page.getByRole('img', { name: /Actions by state at the end of the period/ }).count()).toBe(1);
    expect(await page.getByText('This report contains demo data').count()).toBe(1);
    // The files: a PDF and a printable page in each language, and the data.
    const pdf = page.getByRole('link', { name: 'PDF in Finnish' });
    const href = await pdf.getAttribute('href');
    expect(href).toBe('/api/reports/progress?from=2026-07-01&to=2026-09-30&format=pdf&lang=fi');
    const file = await page.request.get(`${base}${href}`);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // The printable page is its own accessible document.
    await page.getByRole('link', { name: 'Printable page in Estonian' }).click();
    await page.waitForURL(/format=html&lang=et/);
    expect(await page.locator('html').getAttribute('lang')).toBe('et');
    await page.getByRole('heading', { level: 1, name: /Ühise tegevuskava eduaruanne/ }).waitFor();
    expect(describeViolations(await axeViolations(page, WCAG22_AA))).toBe('');
    await page.goBack();
    // The quarter shortcuts, by keyboard.
    await page.getByRole('link', { name: /^Last quarter/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reports\/progress\?from=\d{4}-\d{2}-01&to=/);
    await page.getByRole('heading', { name: 'Milestones met' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('names a period that ends before it starts at the field, and shows no report', async () => {
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${running.server.url}/reports/progress?from=2026-09-30&to=2026-07-01`);
    const alert = page.getByRole('alert');
    await alert.getByRole('link', { name: /Last day/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Actions by state' }).count()).toBe(0);
    await context.close();
  });
});
