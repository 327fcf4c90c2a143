import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations, loginThroughForm, openPage, useServerAndBrowser, watchConsole, WCAG22_AA, withinDeadline } from './support.ts';
import { pageProblems } from './page-checks.ts';
import { harvestedSource, someDataset } from './catalog-support.ts';
import { importedFile } from './statistics-support.ts';
import { someDatastream } from './sensors-support.ts';

const running = useServerAndBrowser();

const PUBLIC_PAGES = ['/', '/search', '/search?q=Tallinn', '/bottlenecks?q=xyzzyplughqwv&country=EE', '/login', '/register', '/forgot-password', '/password-reset#not-a-real-token', '/accessibility', '/no-such-page', '/bottlenecks', '/bottlenecks/new', '/bottlenecks/overview', '/bottlenecks/{ref}', '/institutions', '/dialogues', '/dialogues/{dialogue}', '/dialogues/{interview}', '/recommendations', '/recommendations/{recommendation}', '/stakeholders', '/governance', '/datasets', '/datasets/{dataset}', '/admin/harvest', '/admin/harvest/{source}', '/admin/harvest/{source}/runs/{run}', '/admin/statistics', '/admin/statistics/{statSource}', '/admin/statistics/{statSource}/runs/{statRun}', '/regions', '/regions/helsinki-tallinn', '/regions/compare?ids=valga-valka, helsinki-tallinn, upper-rhine', '/regions/scores', '/planning', '/planning/instruments/fi-regional-plan', '/planning/instruments/ee-national-designated-plan', '/planning/plans', '/planning/plans/helsinki-city-plan-2016', '/planning/plans/helsinki-tallinn-fixed-link', '/consultations', '/consultations/demo-twin-region-draft', '/consultations/demo-commuting-rules', '/consultations/demo-commuting-rules?sort=date', '/consultations/demo-commuting-rules/report', '/framework', '/framework/versions', '/framework/versions/1', '/actions', '/actions?state=delayed&overdue=true', '/actions/{action}', '/actions/{citing}', '/reports/progress', '/reports/progress?from=2026-07-01&to=2026-09-30', '/api/reports/progress?from=2026-07-01&to=2026-09-30', '/actions/roadmap', '/actions/roadmap?state=delayed', '/actions/raci', '/indicators', '/indicators?domain=mobility', '/indicators/population', '/indicators/population?measure=index&region=nuts:FI1B1&region=fi-kunta:091&region=ee-ehak:0784', '/indicators/foreign-citizens?measure=per-capita&chart=bar', '/indicators/ferry-passengers-helsinki-tallinn', '/indicators/port-of-tallinn-passengers', '/sensors', '/sensors/datastreams/{datastream}', '/sensors/datastreams/{datastream}?range=year', '/pilots', '/pilots?status=running', '/pilots/demo-shore-water-temperature', '/pilots/demo-street-air-quality'];
const AS = {
  member: { email: 'member@demo.talsinki.eu', password: 'demo-member-2026' },
  admin: { email: 'admin@demo.talsinki.eu', password: 'demo-admin-2026' },
  editor: { email: 'editor@demo.talsinki.eu', password: 'demo-editor-2026' },
  moderator: { email: 'moderator@demo.talsinki.eu', password: 'demo-moderator-2026' },
  serviceOwner: { email: 'service.owner@demo.talsinki.eu', password: 'demo-service-2026' },
};
const SIGNED_IN_PAGES: { path: string; as: { email: string; password: string } }[] = [
  { path: '/profile', as: AS.member },
  { path: '/admin/users', as: AS.admin },
  { path: '/bottlenecks/moderation', as: AS.moderator },
  { path: '/bottlenecks/{ref}', as: AS.editor },
  { path: '/desk', as: AS.serviceOwner },
  { path: '/institutions/new', as: AS.editor },
  { path: '/institutions/kela/edit', as: AS.editor },
  { path: '/dialogues/new', as: AS.editor },
  { path: '/dialogues/{dialogue}', as: AS.editor },
  { path: '/dialogues/{dialogue}/edit', as: AS.editor },
  { path: '/recommendations/new', as: AS.editor },
  { path: '/pilots/new', as: AS.editor },
  { path: '/pilots/demo-shore-water-temperature', as: AS.editor },
  { path: '/pilots/demo-shore-water-temperature/edit', as: AS.editor },
  { path: '/sensors/datastreams/{datastream}', as: AS.editor },
  { path: '/recommendations/{recommendation}', as: AS.serviceOwner },
  { path: '/recommendations/{recommendation}/edit', as: AS.editor },
  { path: '/actions/{action}', as: AS.editor },
  { path: '/actions/{action}', as: AS.serviceOwner },
  { path: '/actions/new', as: AS.editor },
  { path: '/actions/{action}/edit', as: AS.editor },
  { path: '/actions/import', as: AS.editor },
  { path: '/dialogues/{interview}/interview', as: AS.editor },
  { path: '/interview-guides', as: AS.editor },
  { path: '/datasets', as: AS.editor },
  { path: '/datasets/{dataset}', as: AS.editor },
  { path: '/datasets/new', as: AS.editor },
  { path: '/datasets/{dataset}/edit', as: AS.editor },
  { path: '/admin/harvest', as: AS.admin },
  { path: '/admin/harvest/{source}', as: AS.admin },
  { path: '/admin/harvest/{source}/runs/{run}', as: AS.admin },
  { path: '/admin/statistics', as: AS.admin },
  { path: '/admin/statistics/{statSource}', as: AS.admin },
  { path: '/admin/statistics/{statSource}/runs/{statRun}', as: AS.admin },
  { path: '/bottlenecks/{open311}', as: AS.admin },
  { path: '/governance', as: AS.editor },
  { path: '/governance/new', as: AS.editor },
  { path: '/governance/steering-group/edit', as: AS.editor },
  { path: '/regions/tornio-haparanda', as: AS.editor },
  { path: '/regions/scores', as: AS.editor },
  { path: '/regions/new', as: AS.editor },
  { path: '/regions/helsinki-tallinn/edit', as: AS.editor },
  { path: '/editor/indicators', as: AS.editor },
  { path: '/editor/indicators/new', as: AS.editor },
  { path: '/editor/indicators/population/edit', as: AS.editor },
  { path: '/planning/plans/new', as: AS.editor },
  { path: '/planning/plans/uusimaa-2050', as: AS.editor },
  { path: '/planning/instruments/ee-county-plan', as: AS.editor },
  { path: '/framework/versions', as: AS.editor },
  { path: '/framework/versions/2', as: AS.editor },
  { path: '/framework/versions/1/diff/2', as: AS.editor },
  { path: '/consultations/demo-twin-region-draft', as: AS.member },
  { path: '/following', as: AS.member },
  { path: '/consultations/demo-twin-region-draft/moderation', as: AS.moderator },
  { path: '/consultations/new', as: AS.editor },
  { path: '/consultations/demo-twin-region-draft/edit', as: AS.editor },
  { path: '/consultations/demo-commuting-rules/answers', as: AS.editor },
  { path: '/consultations/demo-commuting-rules/report', as: AS.editor },
];

/** A demo bottleneck with answers, so its page shows every part (answers, timeline, facts). */
async function demoRef(base: string): Promise<string> {
  const list = await (await fetch(`${base}/api/bottlenecks?status=in_progress&status=recommendation&status=in_dialogue&limit=1`)).json();
  return list.items[0].ref;
}

/**
 * Demo items whose pages show every part: a roundtable with published minutes, an interview
 * with answers and findings, and a recommendation addressed to the demo service owner's
 * institution (so the response form shows too).
 */
async function demoRefs(base: string) {
  const dialogues = (await (await fetch(`${base}/api/dialogues?state=minutes_published&limit=100`)).json()).items as { ref: string; type: string }[];
  const owner = (await (await fetch(`${base}/api/institutions/sotsiaalkindlustusamet`)).json()).id;
  const recommendations = (await (await fetch(`${base}/api/recommendations?institution=${owner}&limit=1`)).json()).items as { ref: string }[];
  return {
    '{dialogue}': dialogues.find((d) => d.type === 'roundtable')!.ref,
    '{interview}': dialogues.find((d) => d.type === 'interview')!.ref,
    '{recommendation}': recommendations[0].ref,
    '{action}': await reportableAction(base, owner),
    '{citing}': await citingAction(base),
    '{datastream}': await someDatastream(base),
  };
}

/** A demo action that cites a lesson learned in another region (its page lists it). */
async function citingAction(base: string): Promise<string> {
  const lessons = (await (await fetch(`${base}/api/regions/lessons?limit=100`)).json()).items as { citedBy: { type: string; ref: string }[] }[];
  const citing = lessons.flatMap((l) => l.citedBy).find((c) => c.type === 'action');
  if (!citing) throw new Error('no demo action cites a lesson');
  return citing.ref;
}

/**
 * A demo action where the demo service owner's institution is Responsible or Accountable, with an
 * open milestone: its page shows every part, the report and the milestone form included.
 */
async function reportableAction(base: string, institutionId: string): Promise<string> {
  const list = (await (await fetch(`${base}/api/actions?institution=${institutionId}&limit=100`)).json()).items as { ref: string; childCount: number }[];
  for (const { ref } of list.filter((a) => a.childCount === 0)) {
    const detail = await (await fetch(`${base}/api/actions/${ref}`)).json();
    const role = detail.raci.find((r: { institution: { id: string } }) => r.institution.id === institutionId)?.role;
    if ((role === 'R' || role === 'A') && detail.milestones.some((m: { doneOn: string | null }) => !m.doneOn) && detail.recommendations.length > 0) return ref;
  }
  throw new Error('no demo action with the service owner as R or A and an open milestone');
}
/**
 * A dataset with files, a harvest source with a finished run that has errors (harvested once
 * from a local fake CKAN portal for the whole file), and a statistics source from an uploaded
 * PC-Axis file whose import names a keyword it skipped.
 */
let catalogItems: Promise<Record<string, string>> | undefined;
function catalogRefs(base: string) {
  catalogItems ??= (async () => {
    const [dataset, { source, run }, imported] = await Promise.all([someDataset(base), harvestedSource(base, 'Accessibility check portal'), importedFile(base, 'Accessibility check statistics')]);
    return { '{dataset}': dataset, '{source}': source.id, '{run}': run.id, '{statSource}': imported.sourceId, '{statRun}': imported.runId };
  })();
  return catalogItems;
}
/** A report an app filed through Open311 with the reporter's contact data, which its page shows administrators. */
let open311Item: Promise<string> | undefined;
function open311Ref(base: string) {
  open311Item ??= (async () => {
    const body = new URLSearchParams({ service_code: 'legal', description: 'Filed through Open311 for the accessibility check.', address_string: 'Tallinn', email: 'a11y@example.ee', first_name: 'Mari', last_name: 'Maasikas', phone: '+372 5555 0000', device_id: 'a11y-device', account_id: 'a11y-account' });
    const filed = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', body });
    if (filed.status !== 201) throw new Error(`Open311 POST: ${filed.status} ${await filed.text()}`);
    const [{ token }] = (await filed.json()) as { token: string }[];
    return ((await (await fetch(`${base}/api/bottlenecks/report-status/${token}`)).json()) as { ref: string }).ref;
  })();
  return open311Item;
}
const LANGUAGES = ['fi', 'et', 'en'] as const;
const WIDE = 1280;
const NARROW = 360;
/** Primary actions are at least this high on a narrow screen (WCAG 2.5.5's 44 px). */
const MIN_ACTION = 44;
/** Longer than a page's own limits (a heading in 90 s, then quiet): its checks take seconds. */
const PAGE_DEADLINE = 240_000;

/** Two frames: the layout after a change of the window's size has been done and painted. */
const settled = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

// The three languages at once, each in its own browser contexts: most of the time is the
// browser's work on one page, which a second core can do beside it. A language's walk takes about
// 300 s alone; beside another browser file on two cores it once passed 600 s, hence 900.
describe.concurrent.each(LANGUAGES)('every page in %s', (lang) => {
  it(`has no WCAG 2.2 AA violation, no missing text, ordered headings, and fits ${NARROW} px`, { timeout: 900_000 }, async ({ expect }) => {
    const ref = await demoRef(running.server.url);
    const refs: Record<string, string> = { '{ref}': ref, '{open311}': await open311Ref(running.server.url), ...(await demoRefs(running.server.url)), ...(await catalogRefs(running.server.url)) };
    // One browser context per role, signed in once and reused for the role's pages: log-in is
    // rate limited per address (30 a minute). Each page is loaded once and checked at both widths.
    const roles: { as?: { email: string; password: string }; paths: string[] }[] = [{ paths: PUBLIC_PAGES }];
    for (const { path, as } of SIGNED_IN_PAGES) {
      const role = roles.find((r) => r.as === as);
      if (role) role.paths.push(path);
      else roles.push({ as, paths: [path] });
    }
    const problems: string[] = [];
    const errors: string[] = [];
    for (const { as, paths } of roles) {
      // axe is injected as a script, which the page's own CSP rightly forbids.
      const context = await running.browser.newContext({ viewport: { width: WIDE, height: 800 }, locale: lang, extraHTTPHeaders: { 'accept-language': lang }, bypassCSP: true });
      await context.addCookies([{ name: 'talsinki_lang', value: lang, url: running.server.url }]);
      const page = await context.newPage();
      const seen = watchConsole(page);
      if (as) await loginThroughForm(page, running.server.url, as.email, as.password);
      for (const path of paths) {
        const url = Object.entries(refs).reduce((p, [placeholder, value]) => p.replaceAll(placeholder, value), path);
        const who = as ? ` as ${as.email}` : '';
        let step = 'opening';
        const checkPage = async () => {
          await page.setViewportSize({ width: WIDE, height: 800 });
          await openPage(page, `${running.server.url}${url}`, running.server, { untilQuiet: true });
          expect(await page.locator('html').getAttribute('lang'), path).toBe(lang);
          for (const width of [WIDE, NARROW]) {
            if (width !== WIDE) {
              step = `setting the window to ${width}px`;
              await page.setViewportSize({ width, height: 800 });
              step = `waiting two frames at ${width}px`;
              await settled(page);
            }
            const where = `${lang} ${width}px ${path}${who}`;
            step = `axe at ${width}px`;
            const violations = await axeViolations(page, WCAG22_AA);
            if (violations.length) problems.push(`${where}: axe\n${describeViolations(violations)}`);
            step = `the page checks at ${width}px`;
            for (const problem of await pageProblems(page, { minAction: width === NARROW ? MIN_ACTION : 0 })) problems.push(`${where}: ${problem}`);
          }
        };
        // A page whose checks never end (an evaluation in the page has no time limit of its own)
        // fails naming the page and the step, not as the walk's own time-out.
        await withinDeadline(checkPage(), PAGE_DEADLINE, () => `${lang} ${path}${who}, while ${step}`);
      }
      errors.push(...seen);
      await context.close();
    }
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
  });
});

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
