import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole, pick } from './support.ts';

const running = useServerAndBrowser();

const THEME = 'Benefits and insurance that follow cross-border families';
const PAPER = 'Remove paper forms that EESSI exchange replaces';

/** A demo action's reference by the start of its English title (found through the API's words search). */
async function actionRef(base: string, words: string, title: string): Promise<string> {
  const { items } = (await (await fetch(`${base}/api/actions?q=${encodeURIComponent(words)}&limit=100`)).json()) as { items: { ref: string; title: { en: string } }[] };
  const found = items.find((a) => a.title.en.startsWith(title));
  if (!found) throw new Error(`no demo action titled ${title}`);
  return found.ref;
}

describe('the joint action plan', () => {
  it('lets the public walk the plan by keyboard from a theme to an action and on to the recommendation it answers', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Joint action plan' }).first().click();
    await page.waitForURL(`${base}/actions`);
    await page.getByRole('heading', { name: 'Joint action plan', level: 1 }).waitFor();

    // The themes start open: the theme's actions are shown; the theme closes and opens again by keyboard.
    const toggle = page.getByRole('button', { name: new RegExp(`sub-actions of ${THEME}`) });
    const action = page.getByRole('link', { name: PAPER });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await action.waitFor();
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await action.isVisible()).toBe(false);
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // A deeper branch starts closed: the ticket's pilot shows once its action is opened.
    const pilot = page.getByRole('link', { name: 'Pilot with one ferry line' });
    expect(await pilot.isVisible()).toBe(false);
    await page.getByRole('button', { name: /sub-actions of Combined ferry and public transport ticket/ }).press('Enter');
    await pilot.waitFor();

    // Progress and state are said in words, not only drawn.
    const row = page.locator('.ac-line', { has: action });
    expect(await row.innerText()).toContain('45 % done');
    expect(await row.innerText()).toContain('Ongoing');

    await action.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/actions\/AC-\d{4}-\d{4}$/);
    await page.getByRole('heading', { name: PAPER, level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Place in the plan' }).getByRole('link', { name: THEME }).waitFor();
    // The RACI table says each role in words: exactly one accountable institution, at least one responsible.
    const raci = page.getByRole('region', { name: 'Who does what' }).getByRole('table');
    expect(await raci.getByRole('row', { name: /Accountable \(answers for the result\)/ }).count()).toBe(1);
    expect(await raci.getByRole('row', { name: /Responsible \(does the work\)/ }).count()).toBeGreaterThan(0);
    await page.getByText('Milestone “Finnish forms reviewed” met on').waitFor();
    await page.getByRole('link', { name: 'Service levels for benefit data between Finland and Estonia', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Report on this action' }).count()).toBe(0);

    await page.getByRole('link', { name: /^Stop asking families for paper forms/ }).click();
    await page.waitForURL(/\/recommendations\/RC-\d{4}-\d{4}$/);
    await page.getByRole('heading', { name: /^Stop asking families for paper forms/, level: 1 }).waitFor();

    // Filters live in the address: a filtered list, not the tree.
    await page.goto(`${base}/actions`);
    await page.getByLabel('State', { exact: true }).selectOption('delayed');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(`${base}/actions?state=delayed`);
    await page.getByRole('heading', { name: 'A family doctor while the S1 form is on its way', level: 2 }).waitFor();
    expect(await page.getByRole('link', { name: PAPER }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the demo service owner report on an action where the institution is responsible, refusing a drop without a reason, and offers no report elsewhere', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const paper = await actionRef(base, 'EESSI', PAPER);
    const doctor = await actionRef(base, 'doctor', 'A family doctor while the S1 form');
    await loginThroughForm(page, base, 'service.owner@demo.talsinki.eu', 'demo-service-2026');

    // Not R or A here (the institution has no role at all): nothing to report with.
    await page.goto(`${base}/actions/${doctor}`);
    await page.getByRole('heading', { name: 'Who does what' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Report on this action' }).count()).toBe(0);
    expect(await page.getByText('Mark as done').count()).toBe(0);

    await page.goto(`${base}/actions/${paper}`);
    await page.getByRole('heading', { name: 'Report on this action' }).waitFor();
    // A drop needs its reason: the API's refusal is shown, and nothing changes.
    await page.getByLabel('State', { exact: true }).selectOption('dropped');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByRole('alert').getByText(/is required to drop an action|is required/).first().waitFor();
    await page.getByLabel('State', { exact: true }).selectOption('ongoing');

    await page.getByLabel('Progress (%)').fill('55');
    await page.getByLabel('Note for the public timeline').fill('Two more forms reviewed with Kela.');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByText('Report saved.').waitFor();
    await page.getByText('Progress changed from 45 % to 55 %').waitFor();
    await page.getByText('Two more forms reviewed with Kela.').waitFor();
    const detail = await (await fetch(`${base}/api/actions/${paper}`)).json();
    expect(detail.progress).toBe(55);
    expect(detail.state).toBe('ongoing');
    // The theme above rolls up at once.
    const theme = await (await fetch(`${base}/api/actions/${detail.ancestors[0].ref}`)).json();
    expect(theme.progress).toBeGreaterThan(0);
    expect(theme.children.find((c: { ref: string }) => c.ref === paper).progress).toBe(55);

    // A milestone marked done with its evidence.
    const milestone = page.locator('.ac-milestones li', { hasText: 'Two forms removed from family cases' });
    await milestone.getByText('Mark as done').click();
    await milestone.getByLabel('Done on').fill('2026-12-01');
    await milestone.getByLabel('Address of the evidence (https://…)').fill('https://www.kela.fi/');
    await milestone.getByRole('button', { name: 'Save milestone' }).click();
    await page.getByText('Milestone marked as done.').waitFor();
    await page.getByText('Milestone “Two forms removed from family cases” met on').waitFor();
    expect(await milestone.getByRole('link', { name: 'Evidence of completion' }).getAttribute('href')).toBe('https://www.kela.fi/');
    // The one refusal asked for above, and nothing else.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 ')).map((e) => e.split(' ')[1])).toEqual(['PATCH']);
    await context.close();
  });

  it('lets an editor add an action under a theme, with its RACI, refusing an end before the start, then edit it', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    await page.goto(`${base}/actions`);
    await page.getByRole('link', { name: 'Add an action' }).click();
    await page.getByRole('heading', { name: 'Add an action to the plan' }).waitFor();
    await page.getByLabel('English').first().fill('Joint training for benefit case handlers');
    await page.getByLabel('Area').selectOption('social_security');
    const theme = await actionRef(base, 'families', THEME);
    await page.getByLabel('Under').selectOption(theme);
    await page.getByLabel('Starts').fill('2027-03-01');
    await page.getByLabel('Ends').fill('2027-01-31');
    await pick(page, 'Accountable (answers for the result)', 'Kela', /Social Insurance Institution of Finland/);
    await pick(page, 'Responsible (does the work)', 'Social Insurance Board', /Social Insurance Board/);
    await page.getByRole('button', { name: 'Add the action' }).click();
    await page.getByRole('alert').getByText('must be after the start').first().waitFor();
    await page.getByLabel('Ends').fill('2027-10-31');
    await page.getByRole('button', { name: 'Add the action' }).click();
    await page.waitForURL(/\/actions\/AC-\d{4}-\d{4}$/);
    await page.getByText('Action added to the plan.').waitFor();
    await page.getByRole('heading', { name: 'Joint training for benefit case handlers', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Place in the plan' }).getByRole('link', { name: THEME }).waitFor();
    const raci = page.getByRole('region', { name: 'Who does what' });
    expect(await raci.getByRole('row', { name: /Social Insurance Board/ }).innerText()).toContain('Responsible');

    await page.getByRole('link', { name: 'Edit the action' }).click();
    await page.getByRole('heading', { name: /^Edit action AC-/ }).waitFor();
    await page.getByLabel('Budget (€)').fill('25000');
    // A lesson of another region, found by a word of it.
    await pick(page, 'Lessons learned it cites', 'national laws', /^LS-0012 Different national laws/);
    await page.getByRole('button', { name: 'Save the action' }).click();
    await page.getByText('Action saved.').waitFor();
    await page.getByText('Budget: €25,000').waitFor();
    await page.getByRole('region', { name: 'Lessons from other regions' }).getByRole('link', { name: 'Different national laws on each side make joint services hard.' }).waitFor();

    // A milestone outside the action's period is refused; within it, it is listed.
    await page.getByText('Add a milestone').click();
    await page.getByRole('group', { name: /^Milestone/ }).getByLabel('English').fill('First joint training day');
    await page.getByLabel('Due on').fill('2028-01-15');
    await page.getByRole('button', { name: 'Add the milestone' }).click();
    await page.getByRole('alert').getByText(/must be within the action/).first().waitFor();
    await page.getByLabel('Due on').fill('2027-05-20');
    await page.getByRole('button', { name: 'Add the milestone' }).click();
    await page.getByText('Milestone added.').waitFor();
    await page.locator('.ac-milestones li', { hasText: 'First joint training day' }).getByText('not done yet').waitFor();
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 ')).map((e) => e.split(' ')[1])).toEqual(['POST', 'POST']);
    await context.close();
  });

  it('shows the lessons an action cites, each linking to its place on its region’s page, which lists the action as citing it', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const desk = await actionRef(base, 'tax desk', 'Joint tax desk at the West Terminal');
    await page.goto(`${base}/actions/${desk}`);
    const lessons = page.getByRole('region', { name: 'Lessons from other regions' });
    const lesson = lessons.getByRole('link', { name: /^VAT treatment of Finnish actors/ });
    await lesson.waitFor();
    expect(await lesson.getAttribute('href')).toBe('/regions/tornio-haparanda#LS-0008');
    expect(await lessons.innerText()).toContain('LS-0008');
    expect(describeViolations(await axeViolations(page))).toBe('');

    await lesson.click();
    await page.waitForURL(`${base}/regions/tornio-haparanda#LS-0008`);
    // The lesson's item takes focus once the region has loaded, and names what cites it.
    const item = page.locator('li#LS-0008');
    await item.getByRole('link', { name: 'Joint tax desk at the West Terminal' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'LS-0008');
    expect(await item.innerText()).toContain('Cited by:');
    expect(await item.getByRole('link', { name: 'Joint tax desk at the West Terminal' }).getAttribute('href')).toBe(`/actions/${desk}`);
    expect(describeViolations(await axeViolations(page))).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });
});
