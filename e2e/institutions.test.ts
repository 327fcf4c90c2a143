import { describe, expect, it } from 'vitest';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('the institutions directory', () => {
  it('lets the public filter it, and an editor add an institution and change it', async () => {
    const base = running.server.url;
    const visitor = await running.browser.newContext({ locale: 'en' });
    const page = await visitor.newPage();
    await page.goto(`${base}/institutions`);
    // The list's count shows once the page runs: choosing before that raced the page's start.
    await page.getByRole('status').filter({ hasText: /\d+ institutions/ }).waitFor();
    await page.getByLabel('Country').selectOption('EE');
    await page.getByLabel('Areas of competence').selectOption('social_security');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '3 institutions' }).waitFor();
    await page.getByRole('heading', { name: 'Estonian Health Insurance Fund' }).waitFor();
    await visitor.close();

    const context = await running.browser.newContext({ locale: 'en' });
    const editor = await context.newPage();
    const errors = watchConsole(editor);
    await loginThroughForm(editor, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    await editor.goto(`${base}/institutions`);
    await editor.getByRole('link', { name: 'Add an institution' }).click();
    await editor.getByLabel('Identifier').fill('helsinki-tallinn-euregio');
    await editor.getByLabel('English').fill('Helsinki–Tallinn Euregio');
    await editor.getByLabel('Finnish').fill('Helsinki–Tallinna Euregio');
    // Swedish and Russian wait in a fold, closed while neither has text.
    const fold = editor.getByText('Other languages: Swedish and Russian');
    expect(await editor.getByLabel('Swedish').isVisible()).toBe(false);
    await fold.click();
    await editor.getByLabel('Swedish').fill('Euregio Helsingfors–Tallinn');
    await editor.getByLabel('Country').selectOption('other');
    await editor.getByLabel('Type').selectOption('cross_border_body');
    await editor.getByLabel('Social and community integration').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitForURL(`${base}/institutions`);
    // The directory is paged: the new one is found by its name.
    await editor.goto(`${base}/institutions?q=Euregio`);
    const card = editor.getByRole('listitem').filter({ hasText: 'Helsinki–Tallinn Euregio' });
    await card.getByRole('link', { name: 'Edit' }).click();
    // The fold is open on editing, since Swedish has text.
    expect(await editor.getByLabel('Swedish').inputValue()).toBe('Euregio Helsingfors–Tallinn');
    expect(await editor.getByLabel('Swedish').isVisible()).toBe(true);
    await editor.getByLabel('Website').fill('https://example.org/euregio');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitForURL(`${base}/institutions`);
    await editor.goto(`${base}/institutions?q=Euregio`);
    await editor.getByRole('link', { name: 'example.org' }).waitFor();
    const stored = await (await fetch(`${base}/api/institutions/helsinki-tallinn-euregio`)).json();
    expect(stored).toMatchObject({ country: 'other', type: 'cross_border_body', website: 'https://example.org/euregio', domains: ['integration'], name: { en: 'Helsinki–Tallinn Euregio', fi: 'Helsinki–Tallinna Euregio', sv: 'Euregio Helsingfors–Tallinn' } });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('institution pickers', () => {
  it('find every institution of the directory, also one past the API’s first page of 100', async () => {
    const base = running.server.url;
    const call = await apiSession(base, DEMO_ACCOUNTS.editor);
    const { total } = (await (await fetch(`${base}/api/institutions?limit=1`)).json()) as { total: number };
    // Harvests add their sources' publishers, so a directory past 100 is ordinary; fill it up to 120.
    for (let n = total; n < 120; n++) {
      await call('POST', '/api/institutions', { slug: `demo-board-${n}`, name: { en: `Demo board ${n}` }, country: 'FI', type: 'state_agency' });
    }
    // Listed last (country 'other', name after every other): a picker offering a first page would not have it.
    await call('POST', '/api/institutions', { slug: 'zz-last-board', name: { en: 'Zz last board (demo)' }, country: 'other', type: 'state_agency' });

    const context = await running.browser.newContext({ locale: 'en' });
    const editor = await context.newPage();
    await loginThroughForm(editor, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await editor.goto(`${base}/datasets/new`);
    const publisher = editor.getByRole('combobox', { name: 'Publisher' });
    await publisher.fill('last board');
    await editor.getByRole('option', { name: 'Zz last board (demo) (other)' }).click();
    await editor.getByRole('button', { name: 'Remove Zz last board (demo)' }).waitFor();
    expect(await editor.locator('input[type=hidden][name=publisherId]').inputValue()).toBe(((await (await fetch(`${base}/api/institutions/zz-last-board`)).json()) as { id: string }).id);
    await context.close();
  });
});
