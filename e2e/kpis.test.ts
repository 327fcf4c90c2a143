import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

const FERRIES = 'Ferry passengers between Helsinki and Tallinn';
const TICKETS = 'Ferry tickets and Helsinki and Tallinn public transport tickets are not integrated';

/** A demo action's reference by the start of its English title (found through the API's words search). */
async function actionRef(base: string, words: string, title: string): Promise<string> {
  const { items } = (await (await fetch(`${base}/api/actions?q=${encodeURIComponent(words)}&limit=100`)).json()) as { items: { ref: string; title: { en: string } }[] };
  const found = items.find((a) => a.title.en.startsWith(title));
  if (!found) throw new Error(`no demo action titled ${title}`);
  return found.ref;
}

describe('indicators on actions and bottlenecks', () => {
  it('lets an editor link an indicator to an action as a KPI, refusing a target before the baseline, and shows everyone how far it has come', async () => {
    const base = running.server.url;
    const ref = await actionRef(base, 'ferry', 'Combined ferry and public transport ticket');
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/actions/${ref}`);
    const section = page.getByRole('region', { name: 'Indicators' });
    await section.getByText('No indicator measures this action yet.').waitFor();

    // The picker searches the indicators by their words; the region list is the chosen one's.
    await section.getByText('Link an indicator').click();
    await section.getByRole('combobox', { name: 'Indicator' }).fill('ferry');
    await section.getByRole('option', { name: new RegExp(FERRIES) }).click();
    await section.getByLabel('Region').selectOption({ label: 'Helsinki' });
    await section.getByLabel('Baseline value').fill('8 000 000');
    await section.getByLabel('Baseline period').fill('2018');
    await section.getByLabel('Target value').fill('10000000');
    await section.getByLabel('Target period').fill('2017');
    await section.getByLabel('Note').fill('Commuters who would use the joint ticket.');
    await section.getByRole('button', { name: 'Save the link' }).click();
    // The server's refusal, named by the field as the form labels it, and linked to it.
    const alert = section.getByRole('alert');
    await alert.getByRole('link', { name: 'Target period' }).waitFor();
    expect(await alert.innerText()).toContain('must be after the baseline period');
    expect((await (await fetch(`${base}/api/actions/${ref}/indicators`)).json()).items).toEqual([]);

    await section.getByLabel('Target period').fill('2030');
    await section.getByRole('button', { name: 'Save the link' }).click();
    await section.getByText('The indicator was linked.').waitFor();

    // Baseline → latest → target, and the way gone: (8,925,000 − 8,000,000) / (10,000,000 − 8,000,000) = 46 %.
    const card = section.getByRole('listitem').filter({ has: page.getByRole('link', { name: FERRIES }) });
    expect(await card.getByRole('link', { name: FERRIES }).getAttribute('href')).toBe('/indicators/ferry-passengers-helsinki-tallinn');
    const text = await card.innerText();
    expect(text).toContain('Region: Helsinki');
    expect(text).toContain('8,000,000 persons (2018)');
    expect(text).toContain('8,925,000 persons (2019)');
    expect(text).toContain('10,000,000 persons (2030)');
    const bar = card.getByRole('progressbar', { name: '46 % of the way from the baseline to the target' });
    expect(await bar.getAttribute('value')).toBe('46');
    expect(await checkPage(page, `/actions/${ref} (editor, a KPI linked)`)).toEqual([]);
    // The one refusal asked for above, and nothing else.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 ')).map((e) => e.split(' ')[1])).toEqual(['PUT']);

    // Anyone: the KPI with its bar, no form, and the trace reaching the indicator.
    const visitor = await (await running.browser.newContext({ locale: 'en', bypassCSP: true })).newPage();
    const visitorErrors = watchConsole(visitor);
    await visitor.goto(`${base}/actions/${ref}`);
    const shown = visitor.getByRole('region', { name: 'Indicators' });
    await shown.getByRole('progressbar', { name: '46 % of the way from the baseline to the target' }).waitFor();
    expect(await shown.getByText('Link an indicator').count()).toBe(0);
    expect(await shown.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    const trace = visitor.getByRole('region', { name: 'Linked items' });
    expect(await trace.getByRole('link', { name: FERRIES }).getAttribute('href')).toBe('/indicators/ferry-passengers-helsinki-tallinn');
    expect(await checkPage(visitor, `/actions/${ref} (public, a KPI linked)`)).toEqual([]);
    expect(visitorErrors).toEqual([]);

    // Unlinked after a question; the section says so.
    await card.getByRole('button', { name: `Remove ${FERRIES}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove the indicator' }).click();
    await section.getByText('The indicator was removed.').waitFor();
    await section.getByText('No indicator measures this action yet.').waitFor();
    await context.close();
  });

  it('shows the ferry figures on the bottleneck about ferry and city tickets as evidence, in Finnish too', async () => {
    const base = running.server.url;
    const { items } = (await (await fetch(`${base}/api/bottlenecks?q=${encodeURIComponent('ferry tickets')}&limit=50`)).json()) as { items: { ref: string; title: { en?: string } }[] };
    const ref = items.find((item) => item.title.en === TICKETS)!.ref;
    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' }, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/bottlenecks/${ref}`);
    const section = page.getByRole('region', { name: 'Indikaattorit' });
    const card = section.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Helsingin ja Tallinnan välisen laivaliikenteen matkustajat' }) });
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('Alue: Helsinki');
    expect(text.replace(/\s/g, ' ')).toContain('8 925 000 henkeä (2019)');
    expect(text).toContain('ei annettu');
    // Evidence with no target has no way to go: no bar, and nothing claims there is one.
    expect(await card.getByRole('progressbar').count()).toBe(0);
    expect(await checkPage(page, `/bottlenecks/${ref} (fi, evidence)`)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
