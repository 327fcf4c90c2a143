import { describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Language } from '../src/shared/languages.ts';
import { afterRequests, axeViolations, DEMO_ACCOUNTS, describeViolations, loginThroughForm, openPage, watchConsole, WCAG22_AA, withinDeadline, type useServerAndBrowser } from './support.ts';
import { pageProblems } from './page-checks.ts';
import { settled } from './page-at-widths.ts';
import { harvestedSource, someDataset } from './catalog-support.ts';
import { importedFile } from './statistics-support.ts';
import { someDatastream } from './sensors-support.ts';

type Running = ReturnType<typeof useServerAndBrowser>;

const PUBLIC_PAGES = ['/', '/search', '/search?q=Tallinn', '/bottlenecks?q=xyzzyplughqwv&country=EE', '/login', '/register', '/forgot-password', '/password-reset#not-a-real-token', '/accessibility', '/no-such-page', '/bottlenecks', '/bottlenecks/new', '/bottlenecks/overview', '/bottlenecks/{ref}', '/institutions', '/dialogues', '/dialogues/{dialogue}', '/dialogues/{interview}', '/recommendations', '/recommendations/{recommendation}', '/stakeholders', '/governance', '/datasets', '/datasets/{dataset}', '/admin/harvest', '/admin/harvest/{source}', '/admin/harvest/{source}/runs/{run}', '/admin/statistics', '/admin/statistics/{statSource}', '/admin/statistics/{statSource}/runs/{statRun}', '/regions', '/regions/helsinki-tallinn', '/regions/compare?ids=valga-valka, helsinki-tallinn, upper-rhine', '/regions/scores', '/planning', '/planning/instruments/fi-regional-plan', '/planning/instruments/ee-national-designated-plan', '/planning/plans', '/planning/plans/helsinki-city-plan-2016', '/planning/plans/helsinki-tallinn-fixed-link', '/consultations', '/consultations/demo-twin-region-draft', '/consultations/demo-commuting-rules', '/consultations/demo-commuting-rules?sort=date', '/consultations/demo-commuting-rules/report', '/framework', '/framework/versions', '/framework/versions/1', '/actions', '/actions?state=delayed&overdue=true', '/actions/{action}', '/actions/{citing}', '/reports/progress', '/reports/progress?from=2026-07-01&to=2026-09-30', '/api/reports/progress?from=2026-07-01&to=2026-09-30', '/actions/roadmap', '/actions/roadmap?state=delayed', '/actions/raci', '/indicators', '/indicators?domain=mobility', '/indicators/population', '/indicators/population?measure=index&region=nuts:FI1B1&region=fi-kunta:091&region=ee-ehak:0784', '/indicators/foreign-citizens?measure=per-capita&chart=bar', '/indicators/ferry-passengers-helsinki-tallinn', '/indicators/port-of-tallinn-passengers', '/sensors', '/sensors/datastreams/{datastream}', '/sensors/datastreams/{datastream}?range=year', '/pilots', '/pilots?status=running', '/pilots/demo-shore-water-temperature', '/pilots/demo-street-air-quality'];
/** The demo accounts the walk signs in as (one browser context each). */
export const AS = DEMO_ACCOUNTS;
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
const WIDE = 1280;
export const NARROW = 360;
/** Primary actions are at least this high on a narrow screen (WCAG 2.5.5's 44 px). */
export const MIN_ACTION = 44;
/** Longer than a page's own limits (a heading in 90 s, then quiet): its checks take seconds. */
const PAGE_DEADLINE = 240_000;

/** What the walk names the document before opening a page in the app: the page the app draws names it again. */
const UNTITLED = 'walk: no page has set its title yet';

/**
 * Opens a page of the app in the app already running, as its own links do (the router follows
 * the history), and waits for what that sets off: a fresh load of every page spent a third of
 * the walk parsing the app and axe again. The first page of each context, and any page the app
 * itself does not draw (`/api/…`), is loaded afresh.
 */
async function openInApp(page: Page, url: string): Promise<boolean> {
  await afterRequests(page, () =>
    page.evaluate(
      ({ href, sentinel }) => {
        document.title = sentinel;
        history.pushState({ usr: null, key: Math.random().toString(36).slice(2, 10), idx: ((history.state as { idx?: number } | null)?.idx ?? 0) + 1 }, '', href);
        dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
      },
      { href: url, sentinel: UNTITLED },
    ),
  );
  // Only a page the app drew sets the title again: one that does not (the same page with another
  // query keeps its title) is loaded afresh, so no page is checked as the one before it.
  return page.evaluate(({ href, sentinel }) => document.title !== sentinel && `${location.pathname}${location.search}${location.hash}` === new URL(href, location.href).href.slice(location.origin.length), { href: url, sentinel: UNTITLED });
}


/**
 * Every page in each of `languages` at both widths, the languages at once, each in its own
 * browser contexts: most of the time is the browser's work on one page, which a second core can do
 * beside it. The interface's five languages are walked by two files (two or three each), which
 * Vitest runs beside each other and beside the other browser files. A language's walk takes about
 * 110 s alone (195 s when every page was loaded afresh); the limit is far above it for a loaded machine.
 */
export function walkEveryPage(running: Running, languages: readonly Language[]) {
describe.concurrent.each(languages)('every page in %s', (lang) => {
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
      let opened = Boolean(as);
      for (const path of paths) {
        const url = Object.entries(refs).reduce((p, [placeholder, value]) => p.replaceAll(placeholder, value), path);
        const who = as ? ` as ${as.email}` : '';
        let step = 'opening';
        const checkPage = async () => {
          await page.setViewportSize({ width: WIDE, height: 800 });
          const inApp = opened && !url.startsWith('/api/') && (await openInApp(page, url));
          if (!inApp) await openPage(page, `${running.server.url}${url}`, running.server, { untilQuiet: true });
          opened = !url.startsWith('/api/');
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
        // What the walk found before a stall is said with it: the walk reports its findings at its end, which a stall never reaches.
        await withinDeadline(checkPage(), PAGE_DEADLINE, () => `${lang} ${path}${who}, while ${step}; found before it: ${problems.length ? `\n${problems.join('\n')}` : 'nothing'}`);
      }
      errors.push(...seen);
      await context.close();
    }
    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
  });
});
}
