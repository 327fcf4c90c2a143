// Issue 17's figure for the Gantt page: with ~500 bars it is interactive in a real browser in
// under 1 s. Debian's Chromium opens /actions/roadmap filtered to the bench plan's ongoing
// actions (530 of its 2,000: 40 themes, 120 actions, 370 sub-actions) and the time is taken from
// navigation start to the moment the SVG holds every bar and an action of the chart takes focus,
// read in the page (performance.now(), whose origin is the navigation's start), checked on every
// animation frame: no fixed waits.
import os from 'node:os';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { seedActions } from './actions.mjs';

const CHROMIUM = process.env.TALSINKI_CHROMIUM || '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_GANTT_RUNS || 9);
const FILTER = '?state=ongoing';

/** One load of the page in a fresh context (nothing cached): milliseconds from navigation start to interactive. */
async function timeToInteractive(browser, url, bars) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const ready = await page.waitForFunction(
      (count) => {
        if (document.querySelectorAll('.gantt__svg .gantt__bar').length !== count) return false;
        const row = document.querySelector('.gantt__link[tabindex="0"]');
        if (!row) return false;
        row.focus();
        if (document.activeElement !== row) return false;
        const now = performance.now();
        const answer = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/api/roadmap'));
        return { interactive: now, bundle: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd, answer: answer?.responseEnd ?? NaN };
      },
      bars,
      { polling: 'raf', timeout: 60_000 },
    );
    return ready.jsonValue();
  } finally {
    await context.close();
  }
}

/**
 * The bench plan's dependencies link actions of different states, so a one-state filter shows
 * none: each ongoing sub-action also waits for the next two (in reference order, as the seed's
 * do: no cycle), so the page draws its arrows too (~740).
 */
export async function seedOngoingDependencies(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(
      `with n as (select id, row_number() over (order by ref) as n from actions where ref like 'AC-2090-%' and parent_id is not null and state = 'ongoing' and exists (select 1 from actions p where p.id = actions.parent_id and p.parent_id is not null))
       insert into action_dependencies (predecessor_id, successor_id, kind)
       select p.id, s.id, 'finish_to_start' from n p join n s on s.n in (p.n + 1, p.n + 2)
       on conflict do nothing`,
    );
  } finally {
    await client.end();
  }
}

export async function measureGanttPage(serverUrl, dbUrl) {
  await seedActions(dbUrl);
  await seedOngoingDependencies(dbUrl);
  const roadmap = await (await fetch(`${serverUrl}/api/roadmap${FILTER}`)).json();
  const bars = roadmap.bars.length;
  console.log(`  /actions/roadmap${FILTER}: ${bars} bars, ${roadmap.milestones.length} milestones, ${roadmap.dependencies.length} dependencies`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const runs = [];
  const load = os.loadavg()[0];
  try {
    // The first load fills the server's roadmap cache and the disk cache of the bundle's files: not counted.
    await timeToInteractive(browser, `${serverUrl}/actions/roadmap${FILTER}`, bars);
    for (let i = 0; i < RUNS; i++) runs.push(await timeToInteractive(browser, `${serverUrl}/actions/roadmap${FILTER}`, bars));
  } finally {
    await browser.close();
  }
  const middle = (key) => runs.map((run) => run[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const times = runs.map((run) => run.interactive).sort((a, b) => a - b);
  const median = middle('interactive');
  console.log(`  interactive after ${times.map((t) => Math.round(t)).join(', ')} ms; median ${Math.round(median)} ms (load average ${load.toFixed(2)} on ${os.cpus().length} cores)`);
  console.log(`  medians: the bundle loaded and run (DOMContentLoaded) ${Math.round(middle('bundle'))} ms, the roadmap's answer in ${Math.round(middle('answer'))} ms, drawn and focusable ${Math.round(median)} ms`);
  return {
    scenario: 'gantt-page',
    bars,
    runs: RUNS,
    'median ms': Math.round(median),
    'bundle ms': Math.round(middle('bundle')),
    'answer ms': Math.round(middle('answer')),
    'best ms': Math.round(times[0]),
    'worst ms': Math.round(times.at(-1)),
    'load avg': Number(load.toFixed(2)),
    target: 'interactive < 1000 ms (median)',
  };
}
