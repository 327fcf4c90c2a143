import { describe, expect, it } from 'vitest';
import { checkPage, settled } from './page-at-widths.ts';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('the joint strategic framework', () => {
  it('shows a visitor the adopted framework\'s tree with each target\'s progress, its adoptions and its versions, by keyboard at 360 px', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/framework`);
    const target = page.locator('li[data-ref="T1.1.1"]');
    await target.waitFor();
    const problems = await checkPage(page, '/framework');
    await page.setViewportSize({ width: 360, height: 740 });
    await settled(page);

    await page.getByText(/^Demo: this framework/).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toContain('Version 1');
    // Adopted by both regions' bodies, with the demo decisions.
    const adoptions = page.locator('.fw-adoptions');
    expect(await adoptions.innerText()).toContain('DEMO-UL-2026-01');
    expect(await adoptions.innerText()).toContain('DEMO-HOL-2026-04');
    // The tree in order, a target's figures as text and its bar, and the roll-up named for what it is.
    expect(await page.locator('li.fw-node--goal').count()).toBe(4);
    expect(await page.locator('li.fw-node--objective').count()).toBe(12);
    expect(await page.locator('li.fw-node--target').count()).toBe(7);
    const facts = await target.locator('dl').innerText();
    expect(facts).toContain('Baseline');
    expect(facts).toMatch(/8,000,000 \(2015\)/);
    expect(facts).toMatch(/\d+ % of the way/);
    expect(await page.locator('li[data-ref="G1"] > .fw-rollup').innerText()).toMatch(/^Mean of 4 targets:\s+\d+ % of the way$/);
    expect(await page.locator('li[data-ref="O2.2"] > p.muted').innerText()).toBe('No targets yet');
    // An objective names the plans that serve it (the demo's links, marked demo).
    expect(await page.locator('li[data-ref="O1.1"] > .fw-plans').innerText()).toMatch(/^Plans serving it: Helsinki.+demo$/);
    expect(await page.locator('li[data-ref="O1.1"] > .fw-plans a').getAttribute('href')).toBe('/planning/plans/helsinki-tallinn-fixed-link');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // By keyboard to the target's action, and back to its indicator.
    await target.getByRole('link', { name: /Combined ferry and public transport ticket/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/actions\/[^/]+$/);
    // The action's chain names the target it serves, and leads to its place in the adopted version.
    const chained = page.locator('section.trace').getByRole('link', { name: /T1\.1\.1/ });
    await chained.waitFor();
    expect(await chained.getAttribute('href')).toMatch(/^\/framework\/versions\/1#node-[0-9a-f-]{36}$/);
    expect(await page.locator('section.trace').innerText()).toMatch(/Target\s+T1\.1\.1 .+\(adopted\)/);
    await chained.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/framework\/versions\/1#node-/);
    await page.locator('li[data-ref="T1.1.1"]').waitFor();
    // The version page scrolls to the node and moves focus there once its tree has loaded.
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.ref === 'T1.1.1');
    await page.goto(`${base}/framework`);
    await target.waitFor();
    await target.getByRole('link', { name: /Ferry passengers/i }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/indicators/ferry-passengers-helsinki-tallinn`);

    // The versions: only the adopted one is public; the draft is the staff's.
    await page.goto(`${base}/framework/versions`);
    await page.getByRole('status').filter({ hasText: '1 version' }).waitFor();
    expect(await page.locator('li[data-version="1"]').innerText()).toContain('4 goals, 12 objectives, 7 targets');
    problems.push(...(await checkPage(page, '/framework/versions')));
    await page.getByRole('link', { name: /Version 1/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/framework/versions/1`);
    await page.locator('li[data-ref="T3.1.2"]').waitFor();
    problems.push(...(await checkPage(page, '/framework/versions/1')));
    await page.goto(`${base}/framework/versions/2`);
    await page.getByText('No such framework version.').or(page.locator('main [role="alert"]')).first().waitFor();
    expect(problems.join('\n')).toBe('');
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await context.close();
  });

  it('shows an editor the draft and what changed since the adopted version, word by word, with words for what colour shows', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/framework/versions`);
    await page.getByRole('status').filter({ hasText: '2 versions' }).waitFor();
    await page.locator('li[data-version="2"]').getByRole('link', { name: 'What changed since version 1' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/framework/versions/1/diff/2`);
    const g1 = page.locator('ol.fw-changes > li[data-ref="G1"]');
    await g1.waitFor();
    const problems = await checkPage(page, '/framework/versions/1/diff/2');
    // The title's new word is inserted, said as "added:" to a screen reader; the removed goal is listed.
    const inserted = g1.locator('[lang="en"] ins');
    expect(await inserted.first().textContent()).toBe('added: everyday ');
    expect(await inserted.first().locator('.visually-hidden').textContent()).toBe('added: ');
    expect(await page.locator('li[data-ref="O4.3"]').innerText()).toContain('Removed:');
    expect(await page.locator('li[data-ref="O2.3"]').innerText()).toContain('Moved from under G2 to under G3');
    expect(await page.locator('li[data-ref="T3.1.2"]').innerText()).toContain('Target: 660000 (2030) → 680000 (2030)');

    // Two other versions chosen in the form: a version against itself has no changes.
    await page.getByLabel('From version').selectOption('2');
    await page.getByRole('button', { name: 'Compare' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/framework/versions/2/diff/2`);
    await page.getByRole('status').filter({ hasText: '0 changes' }).waitFor();

    await page.goto(`${base}/framework/versions/2`);
    await page.locator('li[data-ref="O2.4"]').waitFor();
    problems.push(...(await checkPage(page, '/framework/versions/2')));
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is in Finnish and Estonian too', { timeout: 120_000 }, async () => {
    const base = running.server.url;
    for (const [locale, heading, mean] of [['fi', 'Yhteinen strateginen kehys', '4 tavoitearvon keskiarvo:'], ['et', 'Ühine strateegiline raamistik', '4 sihtväärtuse keskmine:']] as const) {
      const context = await running.browser.newContext({ locale, bypassCSP: true, extraHTTPHeaders: { 'accept-language': locale } });
      const page = await context.newPage();
      await page.goto(`${base}/framework`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('li[data-ref="G1"] > .fw-rollup').filter({ hasText: mean }).waitFor();
      await context.close();
    }
  });
});

describe('an editor edits the draft', () => {
  it('adds a target with the pickers (a target before its baseline refused), changes a goal and removes a node, by the forms on the version\'s page', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/framework/versions/2`);
    await page.locator('li[data-ref="O2.4"]').waitFor();
    const problems = await checkPage(page, '/framework/versions/2 with the editor\'s forms');

    const add = page.getByRole('form', { name: 'Add to the draft' });
    await add.getByLabel('Kind').selectOption({ label: 'Target' });
    await add.getByLabel('Under which Objective').selectOption({ label: 'O2.4 Jobs advertised on both sides' });
    await add.getByLabel('Reference').fill('T2.4.1');
    await add.getByLabel('Title in English').fill('Commuters living in Harju, again (demo target)');
    // Swedish in the title's fold, which a new target opens by hand.
    await add.getByText('Other languages: Swedish and Russian').first().click();
    await add.getByLabel('Title in Swedish').fill('Pendlare som bor i Harju, igen (demomålvärde)');
    await add.getByRole('combobox', { name: 'Indicator' }).fill('commuters');
    await add.getByRole('option', { name: /Commuters across the gulf/ }).click();
    await add.getByLabel('Region').selectOption({ value: 'nuts:EE001' });
    await add.getByLabel('Baseline value').fill('24000');
    await add.getByLabel('Baseline period').fill('2020');
    await add.getByLabel('Target value').fill('25 000');
    await add.getByLabel('Target period').fill('2019');
    await add.getByRole('combobox', { name: 'Actions that serve it' }).fill('tax desk');
    await add.getByRole('option', { name: /Joint tax desk at the West Terminal/ }).click();
    await add.getByRole('button', { name: 'Add' }).click();
    const alert = add.getByRole('alert');
    await alert.getByRole('link', { name: 'Target period' }).waitFor();
    expect(await alert.innerText()).toContain('must be after the baseline period');
    expect(await page.locator('li[data-ref="T2.4.1"]').count()).toBe(0);
    await add.getByLabel('Target period').fill('2030');
    await add.getByRole('button', { name: 'Add' }).click();
    const added = page.locator('li[data-ref="T2.4.1"]');
    await added.waitFor();
    expect(await added.locator('dl').innerText()).toContain('Joint tax desk at the West Terminal');
    expect(await page.locator('li[data-ref="O2.4"] > .fw-rollup').innerText()).toMatch(/^Mean of 1 target:/);

    // A goal's English title changed in its own form, the other languages kept.
    const g1 = page.locator('li[data-ref="G1"]');
    await g1.locator(':scope > details > summary').click();
    const form = page.getByRole('form', { name: 'Edit G1' });
    await form.getByLabel('Title in English').fill('Smooth journeys across the gulf, every day');
    await form.getByRole('button', { name: 'Save' }).click();
    await g1.locator(':scope > h3').filter({ hasText: 'every day' }).waitFor();
    problems.push(...(await checkPage(page, '/framework/versions/2 with a node\'s form open')));

    // A target without a description changed in its form: the target value.
    await added.locator(':scope > details > summary').click();
    const edit = page.getByRole('form', { name: 'Edit T2.4.1' });
    // Its Swedish title is in view: the fold is open where a language in it has text.
    expect(await edit.getByLabel('Title in Swedish').inputValue()).toBe('Pendlare som bor i Harju, igen (demomålvärde)');
    expect(await edit.getByLabel('Title in Swedish').isVisible()).toBe(true);
    await edit.getByLabel('Target value').fill('25500');
    await edit.getByRole('button', { name: 'Save' }).click();
    await added.locator(':scope > dl').filter({ hasText: '25,500 (2030)' }).waitFor();

    // Removed, after a question.
    await added.getByRole('button', { name: 'Remove T2.4.1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove T2.4.1' }).click();
    await added.waitFor({ state: 'detached' });
    expect(problems.join('\n')).toBe('');
    expect(errors.filter((e) => !/\b400\b/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('an editor moves a version on', () => {
  it('sends the draft to consultation, records both regions\' adoptions (a body of the other region refused) and makes the next draft', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/framework/versions/2`);
    await page.locator('li[data-ref="O2.4"]').waitFor();
    // Asked first, by keyboard: the version is frozen once sent.
    await page.getByRole('button', { name: 'Send to consultation' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Send to consultation' }).click();
    await page.getByRole('heading', { name: 'Record an adoption' }).waitFor();
    expect(await page.locator('.fw-state').first().innerText()).toBe('in consultation');
    const problems = await checkPage(page, '/framework/versions/2 in consultation');

    // Harju's body chosen for Helsinki-Uusimaa: refused, the field named, nothing recorded.
    const adopt = async (region: string, body: string, ref: string) => {
      await page.getByLabel('Region').selectOption({ label: region });
      await page.getByLabel('Adopting body').selectOption({ label: body });
      await page.getByLabel('Date of the decision').fill('2027-05-04');
      await page.getByLabel('Decision reference').fill(ref);
      await page.getByRole('button', { name: 'Record the adoption' }).click();
    };
    await adopt('Helsinki-Uusimaa', 'Union of Harju County Municipalities', 'DEMO-1');
    await page.locator('main [role="alert"]').filter({ hasText: 'does not adopt the framework' }).waitFor();
    expect(await page.locator('.fw-adoptions').innerText()).not.toContain('DEMO-1');
    await adopt('Helsinki-Uusimaa', 'Helsinki-Uusimaa Regional Council', 'DEMO-UL-2027-02');
    await page.locator('.fw-adoptions').filter({ hasText: 'DEMO-UL-2027-02' }).waitFor();
    await adopt('Harju county', 'Union of Harju County Municipalities', 'DEMO-HOL-2027-05');
    await page.locator('.fw-state').filter({ hasText: 'adopted' }).first().waitFor();
    expect(await page.getByRole('heading', { name: 'Record an adoption' }).count()).toBe(0);

    // The framework in force is now version 2; the next draft starts from it.
    await page.goto(`${base}/framework`);
    await page.getByRole('heading', { level: 2, name: /Version 2/ }).waitFor();
    await page.goto(`${base}/framework/versions`);
    await page.getByRole('heading', { name: 'New draft' }).waitFor();
    problems.push(...(await checkPage(page, '/framework/versions with the new-draft form')));
    await page.getByRole('button', { name: 'Make a new draft' }).click();
    await page.waitForURL(`${base}/framework/versions/3`);
    await page.locator('li[data-ref="O2.4"]').waitFor();
    expect(await page.locator('.fw-state').first().innerText()).toBe('draft');
    expect(problems.join('\n')).toBe('');
    expect(errors.filter((e) => !/\b422\b/.test(e))).toEqual([]);
    await context.close();
  });
});
