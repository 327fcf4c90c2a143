import { describe, expect, it } from 'vitest';
import { loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

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
    await editor.getByLabel('Country').selectOption('other');
    await editor.getByLabel('Type').selectOption('cross_border_body');
    await editor.getByLabel('Social and community integration').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitForURL(`${base}/institutions`);
    const card = editor.getByRole('listitem').filter({ hasText: 'Helsinki–Tallinn Euregio' });
    await card.getByRole('link', { name: 'Edit' }).click();
    await editor.getByLabel('Website').fill('https://example.org/euregio');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitForURL(`${base}/institutions`);
    await editor.getByRole('link', { name: 'example.org' }).waitFor();
    const stored = await (await fetch(`${base}/api/institutions/helsinki-tallinn-euregio`)).json();
    expect(stored).toMatchObject({ country: 'other', type: 'cross_border_body', website: 'https://example.org/euregio', domains: ['integration'], name: { en: 'Helsinki–Tallinn Euregio', fi: 'Helsinki–Tallinna Euregio' } });
    expect(errors).toEqual([]);
    await context.close();
  });
});
