import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginThroughForm, useServerAndBrowser, watchConsole, pick } from './support.ts';

const running = useServerAndBrowser();

describe('the governance model', () => {
  it('shows the bodies as a diagram with the same structure as a list, each body with its members and meetings', async () => {
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${running.server.url}/governance`);
    const diagram = page.getByRole('img', { name: /Diagram of the governance bodies/ });
    await diagram.waitFor();
    const boxes = await diagram.locator('g.governance-diagram__box').count();
    const structure = page.getByRole('region', { name: 'The structure as a list' }).or(page.locator('section[aria-labelledby=structure-heading]'));
    const listed = structure.getByRole('link');
    expect(await listed.count()).toBe(boxes);
    // the working groups are nested under the steering group, as the diagram draws them
    const nested = structure.locator('li li a');
    expect(await nested.count()).toBe(boxes - 1);
    // the list's links go to each body's section, by keyboard as by pointer
    await listed.filter({ hasText: 'Joint working group: social security' }).focus();
    await page.keyboard.press('Enter');
    const section = page.locator('section.governance-body').filter({ has: page.getByRole('heading', { name: /Joint working group: social security/ }) });
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#body-working-group-social-security');
    expect(await section.getByRole('row').count()).toBeGreaterThan(1);
    expect(await section.getByRole('link', { name: /^DL-/ }).count()).toBeGreaterThan(0);
    // a dialogue that was one of its meetings names the body, and its link lands on the body's section
    const meeting = await section.getByRole('link', { name: /^DL-/ }).first().textContent();
    await page.goto(`${running.server.url}/dialogues/${meeting}`);
    await page.getByRole('link', { name: 'Joint working group: social security' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('body-working-group-social-security');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an editor add a working group under the steering group, and remove it', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    await page.goto(`${base}/governance`);
    await page.getByRole('link', { name: 'Add a body' }).click();
    await page.getByLabel('Address name').fill('working-group-ferries');
    await page.getByLabel('English').first().fill('Working group on ferry commuting');
    await page.getByLabel('Kind').selectOption('working_group');
    await page.getByLabel('Reports to').selectOption({ label: 'Helsinki–Tallinn steering group' });
    await page.getByLabel('Meets').selectOption('monthly');
    await pick(page, 'chair', 'Port of Helsinki', /Port of Helsinki/);
    await pick(page, 'member', 'Tallinna Sadam', /Tallinna Sadam|Port of Tallinn/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/governance`);
    await page.getByText('The body was added.').waitFor();
    const created = page.locator('section.governance-body').filter({ has: page.getByRole('heading', { name: 'Working group on ferry commuting' }) });
    await created.waitFor();
    expect(await created.getByRole('row').count()).toBe(3);
    expect(await created.getByText('Helsinki–Tallinn steering group').count()).toBe(1);
    const inTree = page.locator('section[aria-labelledby=structure-heading] li li a', { hasText: 'Working group on ferry commuting' });
    expect(await inTree.count()).toBe(1);

    await created.getByRole('link', { name: 'Edit Working group on ferry commuting' }).click();
    await page.getByRole('button', { name: 'Remove this body' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove this body' }).click();
    await page.getByText('The body was removed.').waitFor();
    expect(await page.getByRole('heading', { name: 'Working group on ferry commuting' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
