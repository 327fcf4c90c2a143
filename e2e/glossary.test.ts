import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();


describe('the glossary', () => {
  it('lets an editor find an entry, add an Estonian term by keyboard and mark it reviewed; every page passes its checks', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/editor`);
    await page.getByRole('link', { name: 'Glossary of cross-border terms' }).click();
    await page.waitForURL(`${base}/editor/glossary`);
    await page.getByRole('status').filter({ hasText: /\d+ entries/ }).waitFor();
    const problems = await checkPage(page, '/editor/glossary');

    // Found by its Finnish word, among the entries not reviewed yet.
    await page.getByLabel('Words').fill('lautta');
    await page.getByLabel('Review').selectOption('false');
    await page.getByLabel('Words').press('Enter');
    await page.waitForURL(/q=lautta/);
    const card = page.getByRole('listitem').filter({ hasText: 'паром' });
    await card.waitFor();
    // The keyboard reaches the entry's link and opens it.
    await card.getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/editor\/glossary\/[0-9a-f-]{36}$/);
    await page.getByLabel('Estonian, term 1').waitFor();
    problems.push(...(await checkPage(page, '/editor/glossary/:id')));

    await page.getByRole('button', { name: 'Add a term in Estonian' }).focus();
    await page.keyboard.press('Enter');
    const added = page.getByLabel('Estonian, term 3');
    await added.waitFor();
    await added.focus();
    await page.keyboard.type('reisiparvlaev');
    await page.getByRole('checkbox', { name: /Reviewed/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/editor/glossary`);
    await page.getByText('Changes saved.').waitFor();

    const found = (await (await fetch(`${base}/api/glossary?q=reisiparvlaev`)).json()) as { items: { key: string; reviewed: boolean; terms: { et: string[] } }[] };
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ key: 'topic:ferry', reviewed: true, terms: { et: ['praam', 'parvlaev', 'reisiparvlaev'] } });
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('gives a visitor and a member no editor page', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${base}/editor/glossary`);
    await page.locator('h1').first().waitFor();
    expect(await page.getByRole('button', { name: 'Search' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Add an entry' }).count()).toBe(0);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.member.email, DEMO_ACCOUNTS.member.password);
    await page.goto(`${base}/editor/glossary`);
    await page.locator('h1').first().waitFor();
    expect(await page.getByRole('link', { name: 'Add an entry' }).count()).toBe(0);
    await context.close();
  });
});
