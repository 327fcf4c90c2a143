import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();


describe('the benchmark regions', () => {
  it('lets a visitor choose two regions by keyboard and compare them field by field', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/regions`);
    await page.getByRole('status').filter({ hasText: '10 regions' }).waitFor();
    const problems = await checkPage(page, '/regions');

    // Chosen with the space bar, compared with Enter: no mouse.
    for (const name of ['Helsinki–Tallinn', 'Valga–Valka']) {
      await page.getByRole('checkbox', { name }).focus();
      await page.keyboard.press('Space');
    }
    await page.getByRole('status').filter({ hasText: '2 chosen' }).waitFor();
    await page.getByRole('button', { name: 'Compare' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/regions/compare?ids=helsinki-tallinn,valga-valka`);
    const table = page.getByRole('table');
    await table.getByRole('columnheader', { name: 'Valga–Valka' }).waitFor();
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Field', 'Helsinki–Tallinn', 'Valga–Valka']);
    const legal = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Legal form', exact: true }) });
    expect(await legal.getByRole('cell').allInnerTexts()).toEqual([expect.stringContaining('Memorandum of understanding'), expect.stringContaining('Not settled by the sources')]);
    problems.push(...(await checkPage(page, '/regions/compare')));

    // A citation leads to its source in the region's list.
    await table.getByRole('link', { name: 'Helsinki–Tallinn' }).click();
    await page.waitForURL(`${base}/regions/helsinki-tallinn`);
    await page.getByRole('heading', { name: 'Sources' }).waitFor();
    problems.push(...(await checkPage(page, '/regions/helsinki-tallinn')));
    await page.getByRole('link', { name: 'Source 1', exact: true }).first().click();
    expect(page.url()).toBe(`${base}/regions/helsinki-tallinn#source-1`);

    await page.goto(`${base}/regions/scores`);
    await page.getByRole('img', { name: /Legal certainty/ }).waitFor();
    problems.push(...(await checkPage(page, '/regions/scores')));
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an editor score a region with a rationale, shown on the region and the score board', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/regions/tornio-haparanda`);
    await page.getByRole('heading', { name: 'Score this region' }).waitFor();
    const problems = await checkPage(page, '/regions/tornio-haparanda as editor');

    await page.getByLabel('Criterion').selectOption({ label: 'Shared data' });
    await page.getByRole('spinbutton', { name: /^Score/ }).fill('3');
    await page.getByRole('textbox', { name: /^Rationale/ }).fill('The towns share school and rescue services under 20 agreements.');
    await page.getByRole('button', { name: 'Save the score' }).click();
    await page.getByText('The score was saved.').waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Shared data' }) });
    await row.getByText('The towns share school and rescue services').waitFor();

    const board = (await (await fetch(`${base}/api/regions/scores`)).json()) as { criteria: { id: string; key: string }[]; regions: { id: string; slug: string }[]; scores: { regionId: string; criterionId: string; score: number; isDemo: boolean; rationale: { en: string } }[] };
    const shared = board.criteria.find((c) => c.key === 'shared_data')!;
    const tornio = board.regions.find((r) => r.slug === 'tornio-haparanda')!;
    expect(board.scores.find((s) => s.regionId === tornio.id && s.criterionId === shared.id)).toMatchObject({ score: 3, isDemo: false, rationale: { en: 'The towns share school and rescue services under 20 agreements.' } });

    // A lesson learned, tagged by theme, citing one of the region's sources.
    await page.getByRole('textbox', { name: /^Lesson/ }).fill('Shared services need an agreement per service.');
    await page.getByRole('checkbox', { name: 'Governance' }).check();
    const lessonForm = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Add a lesson learned' }) });
    await lessonForm.getByRole('checkbox', { name: /^\[1\]/ }).check();
    await lessonForm.getByRole('button', { name: 'Add a lesson learned' }).click();
    await page.getByText('The lesson was added.').waitFor();
    const added = page.getByRole('listitem').filter({ hasText: 'Shared services need an agreement per service.' });
    await added.getByText('Governance').waitFor();
    // An editor's own lesson can be removed again (the seeded ones offer no such button).
    expect(await page.getByRole('button', { name: /^Remove LS-/ }).count()).toBe(1);
    await added.getByRole('button', { name: /^Remove LS-/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove it' }).click();
    await added.waitFor({ state: 'detached' });

    // The main fields, in the page's language: the languages the sources give for Valga–Valka are none; an editor adds them.
    await page.goto(`${base}/regions/valga-valka`);
    await page.getByRole('link', { name: 'Edit the main fields' }).click();
    await page.waitForURL(`${base}/regions/valga-valka/edit`);
    await page.getByRole('textbox', { name: /^Working languages/ }).fill('et, lv');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.waitForURL(`${base}/regions/valga-valka`);
    await page.getByText('Changes saved.').waitFor();
    await page.getByText('Estonian, Latvian').waitFor();

    await page.goto(`${base}/regions/scores`);
    await page.getByRole('heading', { name: 'Add a criterion' }).waitFor();
    problems.push(...(await checkPage(page, '/regions/scores as editor')));
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });
});
