// Issue 18's figure for the indicator page: ten years of monthly figures for 30 regions (15 a
// side) drawn in a real browser in under 1 s. Debian's Chromium opens /indicators/{id} with the 30
// regions chosen in the address; the time is taken from navigation start to the moment the chart
// holds a line per region and its frame takes focus, read in the page (performance.now()) on every
// animation frame: no fixed waits.
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { PAGE_INDICATOR, seedPageIndicator } from './indicators.mjs';

const CHROMIUM = process.env.TALSINKI_CHROMIUM || '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_PAGE_RUNS || 9);

async function timeToDrawn(browser, url, lines, profile = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
  try {
    const page = await context.newPage();
    const cdp = profile ? await context.newCDPSession(page) : null;
    if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.setSamplingInterval', { interval: 200 })).then(() => cdp.send('Profiler.start'));
    await page.goto(url, { waitUntil: 'commit' });
    const ready = await page.waitForFunction(
      (count) => {
        if (document.querySelectorAll('.ts-chart__canvas svg g[aria-label="line"] path').length < count) return false;
        const frame = document.querySelector('.ts-chart__frame');
        if (!frame) return false;
        frame.focus();
        if (document.activeElement !== frame) return false;
        const answer = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/api/indicators/'));
        // The last script chunk in (the page's own and the chart's, loaded after the shell).
        const chunks = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/assets/') && entry.name.endsWith('.js'));
        return {
          drawn: performance.now(),
          answer: answer?.responseEnd ?? NaN,
          asked: answer?.startTime ?? NaN,
          chunks: Math.max(...chunks.map((entry) => entry.responseEnd)),
          bundle: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
          resources: performance.getEntriesByType('resource').map((entry) => `${entry.startTime.toFixed(0)}–${entry.responseEnd.toFixed(0)} ${entry.name.replace(location.origin, '')}`),
        };
      },
      lines,
      { polling: 'raf', timeout: 60_000 },
    );
    if (cdp) {
      const { profile: written } = await cdp.send('Profiler.stop');
      fs.mkdirSync('.bench-output', { recursive: true });
      fs.writeFileSync('.bench-output/indicator-page.cpuprofile', JSON.stringify(written));
    }
    return ready.jsonValue();
  } finally {
    await context.close();
  }
}

export async function measureIndicatorPage(serverUrl, dbUrl) {
  await seedPageIndicator(dbUrl);
  const indicator = await (await fetch(`${serverUrl}/api/indicators/${PAGE_INDICATOR}`)).json();
  const regions = [...new Set(indicator.series.map((series) => series.region))];
  const query = new URLSearchParams(regions.map((region) => ['region', region])).toString();
  const url = `${serverUrl}/indicators/${PAGE_INDICATOR}?${query}`;
  console.log(`  /indicators/${PAGE_INDICATOR}: ${indicator.series.length} series × ${indicator.periods.length} months`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const runs = [];
  const load = os.loadavg()[0];
  try {
    // The first load fills the server's cache and the disk cache of the bundle: not counted.
    await timeToDrawn(browser, url, regions.length);
    // BENCH_PAGE_PROFILE=1: the browser's CPU profile of the last load, in .bench-output/indicator-page.cpuprofile.
    for (let i = 0; i < RUNS; i++) runs.push(await timeToDrawn(browser, url, regions.length, Boolean(process.env.BENCH_PAGE_PROFILE) && i === RUNS - 1));
  } finally {
    await browser.close();
  }
  const middle = (key) => runs.map((run) => run[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const worst = Math.max(...runs.map((run) => run.drawn));
  // BENCH_PAGE_TRACE=1: the last load's requests, when each started and ended.
  if (process.env.BENCH_PAGE_TRACE) console.log(runs.at(-1).resources.join('\n'));
  console.log(`  drawn: median ${middle('drawn').toFixed(0)} ms, worst ${worst.toFixed(0)} ms (shell ready at ${middle('bundle').toFixed(0)} ms, last chunk in at ${middle('chunks').toFixed(0)} ms, answer asked at ${middle('asked').toFixed(0)} ms and in at ${middle('answer').toFixed(0)} ms; load ${load.toFixed(1)})`);
  return { scenario: 'indicator-page', 'req/s': '–', 'p50 ms': Number(middle('drawn').toFixed(0)), 'p95 ms': Number(worst.toFixed(0)), 'p99 ms': '–', 'raw SQL q/s': '–', 'raw p95 ms': '–', 'ratio to raw': '–', failures: 0, target: 'drawn < 1 s' };
}
