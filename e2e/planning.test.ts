import { describe, expect, it } from 'vitest';
import { checkPage, settled } from './page-at-widths.ts';
import { DEMO_ACCOUNTS, loginThroughForm, pick, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('the planning systems side by side', () => {
  it('lets a visitor compare the two systems by keyboard at 360 px, open an instrument and a plan’s history', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/planning`);
    const table = page.getByRole('table');
    await table.getByRole('columnheader', { name: 'What differs' }).waitFor();
    const problems = await checkPage(page, '/planning');
    await page.setViewportSize({ width: 360, height: 740 });
    await settled(page);

    // The regional tier pairs the Finnish regional plan with the Estonian county-wide plan, each fact cited.
    const regional = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Regional or county', exact: true }) });
    expect(await regional.getByRole('cell').allInnerTexts()).toEqual([
      expect.stringContaining('maakuntakaava'),
      expect.stringContaining('maakonnaplaneering'),
      'Corresponding',
      expect.stringContaining('FI, who prepares it: The regional council prepares and approves it.'),
    ]);
    expect(await regional.getByRole('link', { name: /^Source \d+$/ }).count()).toBeGreaterThan(2);
    // The table scrolls in its own region, which takes the keyboard's focus; the page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole('region', { name: 'The instruments compared' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('alueidenkäyttölaki');
    // No counterpart: named, not paired with a guess.
    const designated = page.getByRole('listitem').filter({ hasText: 'riigi eriplaneering' });
    await designated.getByRole('link').waitFor();

    // Opened by keyboard: the instrument, its names in its own language and the English one, and what the sources do not give.
    await regional.getByRole('link', { name: /maakuntakaava/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/planning/instruments/fi-regional-plan`);
    await page.getByRole('heading', { level: 1, name: 'maakuntakaava' }).waitFor();
    expect(await page.locator('dd [lang="fi"]').first().innerText()).toBe('maakuntakaava');
    expect(await page.locator('dd [lang="en"]').first().innerText()).toBe('regional plan');
    const typical = page.locator('.region-facts > div').filter({ hasText: 'Typical duration' });
    expect(await typical.locator('dd').innerText()).toBe('Not in the sources');
    await page.getByRole('link', { name: 'In the glossary' }).waitFor();
    problems.push(...(await checkPage(page, '/planning/instruments/fi-regional-plan')));
    // A citation leads to its source.
    await page.getByRole('link', { name: 'Source 1', exact: true }).first().click();
    expect(page.url()).toBe(`${base}/planning/instruments/fi-regional-plan#planning-source-1`);

    // The plan of this kind, and its history as an ordered list with dates as precise as their sources.
    await page.getByRole('link', { name: 'Uusimaa-kaava 2050' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/planning/plans/uusimaa-2050`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const history = page.locator('ol.timeline > li');
    expect(await history.count()).toBe(4);
    expect(await history.nth(0).innerText()).toContain('25 Aug 2020');
    expect(await history.nth(1).innerText()).toContain('Not confirmed');

    await page.goto(`${base}/planning/plans`);
    await page.getByRole('status').filter({ hasText: '5 plans' }).waitFor();
    problems.push(...(await checkPage(page, '/planning/plans')));
    await page.getByLabel('Country').selectOption({ label: 'Estonia' });
    await page.getByRole('button', { name: 'Show' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '2 plans' }).waitFor();
    await page.getByRole('link', { name: 'Tallinn comprehensive plan' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/planning/plans/tallinn-comprehensive-plan`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const tallinn = page.locator('ol.timeline > li');
    expect(await tallinn.nth(0).locator('strong').innerText()).toBe('1994');
    expect(await tallinn.nth(1).locator('strong').innerText()).toBe('Jan 2001');
    problems.push(...(await checkPage(page, '/planning/plans/tallinn-comprehensive-plan')));

    await page.goto(`${base}/planning/plans/helsinki-tallinn-fixed-link`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await page.locator('ol.timeline > li').first().locator('strong').innerText()).toBe('2014–2020');
    // The demo framework's objectives it would serve, each labelled demo.
    const served = page.getByRole('heading', { name: 'Framework objectives it serves' }).locator('xpath=following-sibling::ul[1]/li');
    expect(await served.allInnerTexts()).toEqual([expect.stringMatching(/^O1\.1 One ticket from door to door .*demo$/), expect.stringMatching(/^O1\.2 Late ferries .*demo$/)]);
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is in Finnish and Estonian too', { timeout: 120_000 }, async () => {
    const base = running.server.url;
    for (const [locale, heading, tier] of [['fi', 'Kaavoitusjärjestelmät rinnakkain', 'Maakunta'], ['et', 'Planeerimissüsteemid kõrvuti', 'Maakond või regioon']] as const) {
      const context = await running.browser.newContext({ locale, bypassCSP: true, extraHTTPHeaders: { 'accept-language': locale } });
      const page = await context.newPage();
      await page.goto(`${base}/planning`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('rowheader', { name: tier, exact: true }).waitFor();
      await context.close();
    }
  });

  // Last: it adds a plan, which the counts above do not expect.
  it('lets an editor add a plan and a dated step, each fact with its source, and remove their own step', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/planning/plans`);
    await page.getByRole('link', { name: 'Add a plan' }).click();
    await page.getByRole('heading', { level: 2, name: 'Add a plan' }).waitFor();
    const problems = await checkPage(page, '/planning/plans/new');

    // Saved without a source for its stage: the server names the field, nothing is written.
    await page.getByRole('textbox', { name: 'Name in the address', exact: true }).fill('espoo-master-plan-demo');
    await page.getByRole('group', { name: 'Name' }).getByLabel('English').fill('Espoo master plan (demo)');
    await pick(page, 'Sources of: Name', 'P11', /^P11 /);
    await page.getByLabel('Espoo', { exact: true }).check();
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption({ label: 'Draft' });
    await page.getByRole('button', { name: 'Add the plan' }).click();
    await page.locator('.form-errors, [role="alert"]').filter({ hasText: 'Sources of: Stage' }).first().waitFor();
    await pick(page, 'Sources of: Stage', 'environment.fi', /^P10 /);
    await page.getByRole('button', { name: 'Add the plan' }).click();
    await page.waitForURL(`${base}/planning/plans/espoo-master-plan-demo`);
    await page.getByRole('status').filter({ hasText: 'The plan was added.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Espoo master plan (demo)' }).waitFor();

    // A dated step that reaches a stage moves the plan to it, cited.
    const step = page.getByRole('form', { name: 'Add a step to the history' });
    await step.getByRole('textbox', { name: 'Date', exact: true }).fill('2026-11-02');
    await step.getByLabel('Stage reached').selectOption({ label: 'Proposal' });
    await step.getByRole('group', { name: 'What happened' }).getByLabel('English').fill('Proposal on public display (demo).');
    await pick(page, 'Sources', 'P11', /^P11 /);
    await step.getByRole('button', { name: 'Add a step to the history' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'The step was added to the history.' }).waitFor();
    const history = page.locator('ol.timeline > li');
    await history.filter({ hasText: 'Proposal on public display (demo).' }).waitFor();
    expect(await page.locator('.region-facts > div').filter({ hasText: 'Stage' }).locator('dd').innerText()).toContain('Proposal');
    problems.push(...(await checkPage(page, '/planning/plans/espoo-master-plan-demo (editing)')));

    // The editor's own step can be removed; seeded steps offer no such button.
    await history.getByRole('button', { name: /^Remove 2 Nov 2026/ }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).last().click();
    await expect.poll(() => history.count()).toBe(0);

    // The objectives the plan serves, ticked by keyboard from the adopted framework's, then followed to the framework.
    expect(await page.getByText('No objective of the joint framework is recorded for this plan yet.').count()).toBe(1);
    const objectives = page.getByRole('form', { name: 'Objectives the plan serves' });
    await objectives.getByRole('checkbox', { name: 'O2.1 Clear tax rules for cross-border work' }).focus();
    await page.keyboard.press('Space');
    await objectives.getByRole('button', { name: 'Save the objectives' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'The objectives the plan serves are saved.' }).waitFor();
    const served = page.getByRole('link', { name: 'O2.1 Clear tax rules for cross-border work' });
    await served.waitFor();
    expect(await served.locator('xpath=..').innerText()).toContain('framework version 1, adopted');
    await served.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/framework\/versions\/1#node-/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-ref'))).toBe('O2.1');

    await page.goto(`${base}/planning/plans/uusimaa-2050`);
    await page.getByRole('heading', { name: 'History', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Editing' }).waitFor();
    expect(await page.locator('ol.timeline').getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(problems.join('\n')).toBe('');
    // The one refused save, on purpose.
    expect(errors).toEqual([expect.stringMatching(/^400 POST .*\/api\/planning\/plans$/), expect.stringContaining('status of 400')]);
    await context.close();
  });
});
