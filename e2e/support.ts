import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { freePort } from '../scripts/net.mjs';
import { SERVER_BUNDLE } from '../scripts/build.mjs';
import { untilListening } from '../src/server/test/listening.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../src/server/test/smtp.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.TALSINKI_CHROMIUM || '/usr/bin/chromium';


export interface RunningServer {
  url: string;
  /** The last few kilobytes the server printed (warnings and errors), for a failure's message. */
  recentOutput(): string;
  stop(): Promise<void>;
}

const OUTPUT_KEPT = 8_192;

/**
 * `talsinki serve` from the server bundle `npm start` runs (scripts/start.mjs), which the global
 * set-up built: its own process, embedded database, demo loaded. Without `npm start`'s flags that
 * trade speed for memory (`--liftoff-only` made every page slower to serve). By default
 * on a copy of the demo database the global set-up made; `dataDir` starts it on that directory;
 * `env` adds settings, such as a test SMTP server's address.
 */
export async function startServer(options: { dataDir?: string; keepData?: boolean; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? copyOfDemoDatabase();
  // Every browser of a test file comes from 127.0.0.1: the per-address limit (1,200 a minute) would take the
  // accessibility walk's languages for one flooding client and refuse its pages' scripts (429), as it
  // did in two full runs. The log-in and report limits of their own stay on; the API tests test this one (proxy.test.ts).
  const child: ChildProcess = spawn(process.execPath, [path.resolve(SERVER_BUNDLE), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TALSINKI_DATA_DIR: dataDir, TALSINKI_DEMO: '1', LOG_LEVEL: 'warn', DATABASE_URL: '', TALSINKI_MQTT_PORT: '0', TALSINKI_RATE_LIMIT: '0', TALSINKI_HARVEST_ALLOW_NETWORKS: '127.0.0.0/8,::1', TALSINKI_CHECK_RESPONSES: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Up once it says where it runs (it prints that after it listens); failed if it exits first.
  await untilListening(child);
  let output = '';
  const keep = (d: Buffer) => void (output = (output + d).slice(-OUTPUT_KEPT));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    recentOutput: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function copyOfDemoDatabase(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-e2e-'));
  fs.cpSync(inject('demoDataDir'), dataDir, { recursive: true });
  return dataDir;
}

/** Far above a launch's second or two on a loaded machine. */
const LAUNCH_TIMEOUT = 60_000;

/**
 * Debian's Chromium, started once more if a start never answers: one start in a full run (of some
 * hundred) hung for Playwright's whole three minutes, failing a file that had not begun. Playwright
 * kills the hung one; the second start is said on the console, so a run shows how often it happens.
 */
export async function launchBrowser(): Promise<Browser> {
  const launch = () =>
    chromium.launch({
      executablePath: CHROMIUM,
      timeout: LAUNCH_TIMEOUT,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  try {
    return await launch();
  } catch (error) {
    console.warn(`Chromium did not start (${(error as Error).message.split('\n')[0]}): starting it once more`);
    return launch();
  }
}

/** `work`'s answer, or a failure saying `what()` (asked when the time is up) once `ms` have passed without one. */
export async function withinDeadline<T>(work: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()}: no answer after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a page may take to show its heading: long, as the whole suite loads two cores; a page slower than SLOW_PAGE is reported. */
const HEADING_TIMEOUT = 90_000;
const SLOW_PAGE = 15_000;

/**
 * Opens `url` and waits for its first heading, then, with `untilQuiet`, until the page has settled
 * (`quietNetwork`). A page that never shows one fails naming the page, the requests still
 * unanswered, what the page shows and what the server printed last; one that shows it late is
 * reported the same way on the console, so a slow page is seen, not guessed.
 */
export async function openPage(page: Page, url: string, server: RunningServer, options: { untilQuiet?: boolean } = {}): Promise<void> {
  const started = Date.now();
  const requests = watchRequests(page);
  const state = async (why: string) => {
    const unanswered = [...requests.pending].map(([request, at]) => `  ${request.method()} ${request.url()} (sent ${at - started} ms in)`).join('\n');
    const shown = await page.locator('body').innerText({ timeout: 1_000 }).catch(() => '(no body)');
    return `${url}: ${why} after ${Date.now() - started} ms\nunanswered:\n${unanswered || '  none'}\nshown: ${shown.slice(0, 500)}\nserver printed last:\n${server.recentOutput().slice(-2_000)}`;
  };
  try {
    await page.goto(url, { timeout: HEADING_TIMEOUT });
    await page.locator('h1').first().waitFor({ timeout: HEADING_TIMEOUT - (Date.now() - started) });
    if (Date.now() - started > SLOW_PAGE) console.warn(await state('slow heading'));
    if (options.untilQuiet) await requests.quiet(HEADING_TIMEOUT - (Date.now() - started));
  } catch (error) {
    throw new Error(`${await state(options.untilQuiet ? 'no heading or never quiet' : 'no heading')}\n(${(error as Error).message.split('\n')[0]})`);
  } finally {
    requests.stop();
  }
}

/**
 * Does `action`, then waits until the requests it set off, and those their answers set off, are
 * answered. Playwright's `waitForLoadState('networkidle')` cannot tell this after a page's first
 * load: it answers at once, so a click that followed it could log out while the page was still
 * reading (a 401 seen once under load).
 */
export async function afterRequests(page: Page, action: () => Promise<unknown>, timeout = HEADING_TIMEOUT): Promise<void> {
  const requests = watchRequests(page);
  try {
    await action();
    await requests.quiet(timeout);
  } finally {
    requests.stop();
  }
}

/**
 * The page's requests in flight, from now on. `quiet()` resolves once none is in flight and none
 * has started over two animation frames (what a render that asks for more starts within): what
 * Playwright's `networkidle` tells, without its fixed half second of silence, which was most of
 * the accessibility walk's time. A live page's event stream never ends, so it is not counted.
 */
function watchRequests(page: Page) {
  const pending = new Map<Request, number>();
  let changed: () => void = () => {};
  const begin = (request: Request) => {
    if (request.resourceType() === 'eventsource') return;
    pending.set(request, Date.now());
    changed();
  };
  const end = (request: Request) => {
    if (pending.delete(request)) changed();
  };
  page.on('request', begin);
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  const noneInFlight = () => (pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (changed = () => pending.size === 0 && resolve())));
  return {
    pending,
    async quiet(timeout: number) {
      const until = Date.now() + timeout;
      for (;;) {
        if (Date.now() > until) throw new Error(`requests still in flight after ${timeout} ms`);
        await Promise.race([noneInFlight(), new Promise((_, reject) => setTimeout(() => reject(new Error(`requests still in flight after ${timeout} ms`)), Math.max(0, until - Date.now())).unref())]);
        let started = false;
        changed = () => (started = true);
        await twoFrames(page);
        changed = () => {};
        if (!started && pending.size === 0) return;
      }
    },
    stop() {
      page.off('request', begin);
      page.off('requestfinished', end);
      page.off('requestfailed', end);
    },
  };
}

/**
 * A page's frame wait never ends where Chromium draws no frames for it: its headless mode at times
 * draws none for a page among several (puppeteer#10350), and the walk stalled on such a wait. The
 * page's own clock ends the wait then; this is far above two frames on a loaded machine.
 */
const FRAMELESS_AFTER = 1_000;

/**
 * Two animation frames of the page: what a render begun now has drawn, and asked for, by then. If
 * the page draws none, its clock ends the wait and the page is brought to the front, which makes
 * Chromium draw it again; that is said on the console, so a run shows how often it happens.
 */
export async function twoFrames(page: Page): Promise<void> {
  const by = await page.evaluate(
    (cap) =>
      new Promise<'frames' | 'clock'>((resolve) => {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve('frames')));
        setTimeout(() => resolve('clock'), cap);
      }),
    FRAMELESS_AFTER,
  );
  if (by === 'frames') return;
  console.warn(`no frame drawn in ${FRAMELESS_AFTER} ms for ${page.url()}: brought to the front`);
  await page.bringToFront();
}

/** Console errors of a page (missing translations are logged as errors by the i18n set-up). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** WCAG 2.2 AA adds target size (2.5.8: 24 × 24 px, or room around a smaller target). */
export const WCAG22_AA = [...WCAG21_AA, 'wcag22aa'];

/** Runs axe-core in the page against WCAG 2.0/2.1 A and AA (or the tags given). */
export async function axeViolations(page: Page, tags: string[] = WCAG21_AA): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (values) => {
    const result = await (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values },
      // Details only of what fails: axe then skips describing every node that passes.
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, tags);
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

export async function loginThroughForm(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill(password);
  await page.locator('form button[type=submit]').click();
  // Each role lands on its own work (the member on the profile): signed in once the log-in page is left.
  await page.waitForURL((url) => url.pathname !== '/login');
}

/**
 * A test file's inbox: a real SMTP server, started before the app server (call this before
 * `useServerAndBrowser`, and give it `SMTP_URL: inbox.url()`), and stopped after the file.
 */
export function useTestInbox() {
  /** Messages as the test SMTP server received them, and who waits for the next one to an address. */
  const received: ReceivedMail[] = [];
  const waiting = new Map<string, (mail: ReceivedMail) => void>();
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    smtp = await startTestSmtp({
      onMessage(mail) {
        received.push(mail);
        for (const to of mail.to) waiting.get(to)?.(mail);
      },
    });
  });
  afterAll(() => smtp?.close());
  return {
    /** The SMTP server's address, once it has started. */
    url: () => smtp!.url,
    /** The first message to `address`: already here, or when it comes. */
    mailTo(address: string): Promise<ReceivedMail> {
      const there = received.find((mail) => mail.to.includes(address));
      if (there) return Promise.resolve(there);
      return new Promise((resolve) => waiting.set(address, resolve));
    },
  };
}

/**
 * One server and one browser for a test file, started together and stopped after it; `extraEnv`
 * (asked for just before the server starts) adds settings, such as a test SMTP server's address.
 */
export function useServerAndBrowser(extraEnv: () => Record<string, string> = () => ({})) {
  const running = {} as { server: RunningServer; browser: Browser };
  // A first start makes the database and loads the demo: minutes on a busy machine.
  beforeAll(async () => {
    [running.server, running.browser] = await Promise.all([startServer({ env: extraEnv() }), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/** The demo accounts, one per role (public on purpose: demo content only). */
export const DEMO_ACCOUNTS = {
  member: { email: 'member@demo.talsinki.eu', password: 'demo-member-2026' },
  admin: { email: 'admin@demo.talsinki.eu', password: 'demo-admin-2026' },
  editor: { email: 'editor@demo.talsinki.eu', password: 'demo-editor-2026' },
  moderator: { email: 'moderator@demo.talsinki.eu', password: 'demo-moderator-2026' },
  serviceOwner: { email: 'service.owner@demo.talsinki.eu', password: 'demo-service-2026' },
} as const;

export type ApiCall = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * The API as a signed-in demo user (session cookie and CSRF token), for preparing what a test
 * needs; a refused call throws with the status and the problem the server sent.
 */
export async function apiSession(base: string, account: { email: string; password: string }): Promise<ApiCall> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  if (!login.ok) throw new Error(`log-in as ${account.email}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T,>(method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Chooses in a picker: types `text` into the combobox labelled `label`, then clicks the option named `option`. */
export async function pick(page: Page, label: string, text: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).fill(text);
  await page.getByRole('option', { name: option }).first().click();
}
