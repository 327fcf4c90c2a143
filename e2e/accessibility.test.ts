import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';
import { harvestedSource, someDataset } from './catalog-support.ts';

const running = useServerAndBrowser();

const PUBLIC_PAGES = ['/', '/login', '/register', '/accessibility', '/no-such-page', '/bottlenecks', '/bottlenecks/new', '/bottlenecks/overview', '/bottlenecks/{ref}', '/institutions', '/dialogues', '/dialogues/{dialogue}', '/dialogues/{interview}', '/recommendations', '/recommendations/{recommendation}', '/stakeholders', '/datasets', '/datasets/{dataset}', '/admin/harvest', '/admin/harvest/{source}', '/admin/harvest/{source}/runs/{run}'];
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
  { path: '/recommendations/{recommendation}', as: AS.serviceOwner },
  { path: '/recommendations/{recommendation}/edit', as: AS.editor },
  { path: '/dialogues/{interview}/interview', as: AS.editor },
  { path: '/interview-guides', as: AS.editor },
  { path: '/datasets', as: AS.editor },
  { path: '/datasets/{dataset}', as: AS.editor },
  { path: '/datasets/new', as: AS.editor },
  { path: '/datasets/{dataset}/edit', as: AS.editor },
  { path: '/admin/harvest', as: AS.admin },
  { path: '/admin/harvest/{source}', as: AS.admin },
  { path: '/admin/harvest/{source}/runs/{run}', as: AS.admin },
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
  };
}
/**
 * A dataset with files, and a harvest source with a finished run that has errors (harvested once
 * from a local fake CKAN portal for the whole file).
 */
let catalogItems: Promise<Record<string, string>> | undefined;
function catalogRefs(base: string) {
  catalogItems ??= (async () => {
    const [dataset, { source, run }] = await Promise.all([someDataset(base), harvestedSource(base, 'Accessibility check portal')]);
    return { '{dataset}': dataset, '{source}': source.id, '{run}': run.id };
  })();
  return catalogItems;
}
const LANGUAGES = ['fi', 'et', 'en'] as const;
const WIDTHS = [1280, 360];

describe.each(LANGUAGES)('every page in %s', (lang) => {
  it.each(WIDTHS)('has no WCAG 2.1 AA violation, no missing text and no sideways scrolling at %i px', async (width) => {
    // axe is injected as a script, which the page's own CSP rightly forbids.
    const context = await running.browser.newContext({ viewport: { width, height: 800 }, locale: lang, extraHTTPHeaders: { 'accept-language': lang }, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const ref = await demoRef(running.server.url);
    const refs = { ...(await demoRefs(running.server.url)), ...(await catalogRefs(running.server.url)) };
    // One log-in per role, its cookies reused for the role's other pages: log-in is rate limited
    // per address (30 a minute), and twenty-odd log-ins a minute would run into it.
    const sessions = new Map<string, Awaited<ReturnType<typeof context.cookies>>>();
    const signIn = async (as: { email: string; password: string }) => {
      const saved = sessions.get(as.email);
      if (saved) return context.addCookies(saved);
      await loginThroughForm(page, running.server.url, as.email, as.password);
      sessions.set(as.email, (await context.cookies()).filter((cookie) => cookie.name !== 'talsinki_lang'));
    };
    const pages: { path: string; setup?: () => Promise<void> }[] = [
      ...PUBLIC_PAGES.map((path) => ({ path })),
      ...SIGNED_IN_PAGES.map(({ path, as }) => ({ path, setup: () => signIn(as) })),
    ];
    for (const { path, setup } of pages) {
      await context.clearCookies();
      await context.addCookies([{ name: 'talsinki_lang', value: lang, url: running.server.url }]);
      if (setup) await setup();
      const url = Object.entries(refs).reduce((p, [placeholder, value]) => p.replace(placeholder, value), path.replace('{ref}', ref));
      await page.goto(`${running.server.url}${url}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('html').getAttribute('lang'), path).toBe(lang);
      const violations = await axeViolations(page);
      expect(violations, `${lang} ${width}px ${path}:\n${describeViolations(violations)}`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
    }
    expect(errors).toEqual([]);
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
