import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, loginThroughForm, useServerAndBrowser, WCAG22_AA } from './support.ts';
import { pageProblems } from './page-checks.ts';
import { AS, MIN_ACTION, NARROW, walkEveryPage } from './walk.ts';

const running = useServerAndBrowser();

walkEveryPage(running, ['fi', 'sv']);

/** Forms that, sent empty, are refused with field errors (nothing is saved). */
const EMPTY_FORMS: { path: string; as?: { email: string; password: string } }[] = [
  { path: '/register' },
  { path: '/institutions/new', as: AS.editor },
  { path: '/dialogues/new', as: AS.editor },
  { path: '/recommendations/new', as: AS.editor },
  { path: '/pilots/new', as: AS.editor },
  { path: '/datasets/new', as: AS.editor },
  { path: '/regions/new', as: AS.editor },
  { path: '/actions/new', as: AS.editor },
  { path: '/editor/indicators/new', as: AS.editor },
  { path: '/planning/plans/new', as: AS.editor },
  { path: '/consultations/new', as: AS.editor },
];

describe('error summaries', () => {
  it('link every field error to a field on the page', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const contexts = new Map<string | undefined, Page>();
    for (const { path, as } of EMPTY_FORMS) {
      let page = contexts.get(as?.email);
      if (!page) {
        const context = await running.browser.newContext({ locale: 'en' });
        page = await context.newPage();
        if (as) await loginThroughForm(page, running.server.url, as.email, as.password);
        contexts.set(as?.email, page);
      }
      await page.goto(`${running.server.url}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      // The browser's own checks (required, types) would stop the form before the server answers.
      await page.evaluate(() => document.querySelectorAll('form').forEach((form) => (form.noValidate = true)));
      await page.locator('main form button[type="submit"]').first().click();
      await page.locator('main [role="alert"] a[href^="#"]').first().waitFor();
      for (const problem of await pageProblems(page)) problems.push(`${path}: ${problem}`);
    }
    for (const page of contexts.values()) await page.context().close();
    expect(problems).toEqual([]);
  });
});

describe('checks beyond axe', () => {
  it('find skipped heading levels, a second h1, wide tables, sideways scrolling, small actions and fields, stretched check boxes, small targets, links to nothing, summaries out of order and a footer out of line', async () => {
    const context = await running.browser.newContext({ viewport: { width: NARROW, height: 800 } });
    const page = await context.newPage();
    const table = '<table><tr><td style="min-width: 500px">wide</td></tr></table>';
    await page.setContent(`<html lang="en"><body style="margin: 0">
      <main><h1>Title</h1><h2>Part</h2><h4>Skipped a level</h4><h2>Next</h2><h3>Fine</h3>
      <div role="region" aria-label="Wide table" tabindex="0" style="overflow-x: auto">${table}</div>
      <div style="overflow: hidden">${table}</div>
      <div class="table-wrap" style="overflow-x: auto">${table}</div>
      <div style="width: 400px">a block wider than the window</div>
      <button type="submit" style="height: 30px">Send</button> <button type="submit" class="button--small" style="height: 30px">Remove</button>
      <details><summary style="padding: 0">More</summary></details>
      <p><input type="checkbox" id="stretched" style="width: 300px"><label for="stretched">Stretched</label> <input type="checkbox" id="fine"><label for="fine">Fine</label></p>
      <a href="#there">to an element</a> <a href="#nowhere">to nothing</a> <p id="there">here</p>
      <div><button style="width: 12px; height: 12px; padding: 0">a</button><button style="width: 12px; height: 12px; padding: 0">b</button></div>
      <h1 style="display: none">hidden, not counted</h1>
      <div role="alert"><a href="#second">Second</a> <a href="#first">First</a></div>
      <label>First <input id="first" style="height: 44px"></label> <label>Second <select id="second" style="height: 30px"></select></label>
      <input type="checkbox" aria-label="a box, not a field">
      </main><footer class="site-footer"><p style="margin-left: 10px">footer</p></footer></body></html>`);
    expect(await pageProblems(page, { minAction: MIN_ACTION })).toEqual([
      'heading jumps from h2 to h4: <h4> "Skipped a level"',
      'the page scrolls sideways by 40px',
      'table wider than its room (506px in 360px) and not in a scroll region: <table> "wide"',
      'table in a scroll region without role, name, tabindex or overflow: <table> "wide"',
      'action 30px high (44 wanted): <button> "Send"',
      'action 30px high (44 wanted): <button.button--small> "Remove"',
      expect.stringMatching(/^action \d+px high \(44 wanted\): <summary> "More"$/),
      'field 30px high (44 wanted): <select#second> ""',
      'a check box stretched to 300px: <p> "Stretched Fine"',
      'link to #nowhere, which is not on the page: <a> "to nothing"',
      'error summary lists <select#second> "" before <input#first> "", which comes first on the page',
      "the footer's content starts at 10px, main's at 0px",
    ]);
    expect(await pageProblems(page)).not.toContain('action 30px high (44 wanted): <button> "Send"');
    // WCAG 2.2's target size is what the extra tag adds: two 12 px buttons side by side.
    expect((await axeViolations(page, WCAG22_AA)).map((v) => v.id)).toContain('target-size');
    expect((await axeViolations(page)).map((v) => v.id)).not.toContain('target-size');
    await page.setContent('<html lang="en"><body><main><h2>No h1</h2><h1>One</h1><h1>Two</h1></main></body></html>');
    expect(await pageProblems(page)).toEqual(['2 h1 headings (one expected)', 'the first heading is h2, not h1: <h2> "No h1"']);
    // A table may scroll sideways on a phone, not in a wide window.
    await page.setContent(`<html lang="en"><body style="margin: 0"><main><h1>Title</h1><div role="region" aria-label="Wide table" tabindex="0" style="overflow-x: auto"><table><tr><td style="min-width: 1500px">wide</td></tr></table></div></main></body></html>`);
    expect(await pageProblems(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await pageProblems(page)).toEqual(['table scrolls sideways in a 1280px window (1506px in 1280px): <table> "wide"']);
    await context.close();
  });
  it('find required fields marked inconsistently: a mark without aria-required, aria-required without a mark, no note saying what the mark means', async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    const mark = '<span aria-hidden="true" data-required-mark=""> *</span>';
    const note = '<p data-required-note="">Fields marked with an asterisk (*) are required.</p>';
    await page.setContent(`<html lang="en"><body><main><h1>Forms</h1>
      <form id="good">${note}<label for="a">Name${mark}</label><input id="a" aria-required="true">
        <fieldset aria-describedby="rule"><legend>Title${mark}</legend><p id="rule">In at least one language.</p><label for="b">English</label><input id="b"></fieldset>
        <fieldset><legend>Domain${mark}</legend><label><input type="radio" name="d" required> Work</label></fieldset>
        <label for="c">Note</label><input id="c"></form>
      <form id="no-aria"><label for="e">E-mail${mark}</label><input id="e">${note}</form>
      <form id="no-mark"><label for="f">Password</label><input id="f" aria-required="true"></form>
      <form id="no-rule">${note}<fieldset><legend>Countries${mark}</legend><label><input type="checkbox"> FI</label></fieldset>
        <label for="g">Said${'<span data-required-mark=""> *</span>'}</label><input id="g" aria-required="true"></form>
      </main></body></html>`);
    expect(await pageProblems(page)).toEqual([
      'a required mark on a control without aria-required: <label> "E-mail *"',
      'a required mark on a group with no required control and no rule said: <legend> "Countries *"',
      'a required mark a screen reader reads out (not aria-hidden): <label> "Said *"',
      'a required control whose label shows no mark: <label> "Password"',
      'the note on required fields comes after the first one: <p> "Fields marked with an asterisk (*) are r"',
      'a form with required fields that does not say what the mark means: <label> "Password"',
    ]);
    await context.close();
  });
});

describe('keyboard use', () => {
  it('offers "skip to content" as the first stop and opens the narrow-screen menu with the keyboard', async () => {
    const context = await running.browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${running.server.url}/`);
    await page.locator('h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    const toggle = page.getByRole('button', { name: 'Menu' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await expect(page.getByRole('link', { name: 'Log in' }).isVisible()).resolves.toBe(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Log in' }).waitFor({ state: 'visible' });
    await context.close();
  });

  it('moves focus to the new page heading after in-app navigation', async () => {
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${running.server.url}/`);
    await page.getByRole('link', { name: 'Accessibility statement' }).click();
    await page.waitForURL(`${running.server.url}/accessibility`);
    await page.locator('h1', { hasText: 'Accessibility statement' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.title()).toBe('Accessibility statement – Talsinki');
    await context.close();
  });
});
