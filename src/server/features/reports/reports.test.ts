import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../../shared/schemas/reports.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { pdfInfo, pdfText } from '../../test/pdf.ts';

/**
 * A plan built through the API, its history dated as it would have happened (the service stamps
 * every event now; the demo plan dates its history the same way), then reported on for the third
 * quarter of 2026, compared with the second.
 */
let t: TestApp;
let editor: Record<string, string>;
const ids: Record<string, { id: string; ref: string }> = {};
const milestones: Record<string, string> = {};
const bottlenecks: Record<string, { id: string; ref: string }> = {};

const at = (day: string) => new Date(`${day}T10:00:00Z`);

/** Runs a write and dates the events it wrote for the action to `day`. */
async function dated(actionId: string, day: string, write: () => Promise<unknown>) {
  const before = new Date(Date.now() - 1000);
  await write();
  await t.db.kysely.updateTable('action_events').set({ at: at(day) }).where('action_id', '=', actionId).where('at', '>=', before).execute();
}

async function action(key: string, writtenOn: string, payload: Record<string, unknown>) {
  const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor, payload: { title: { en: `Action ${key}`, fi: `Toimenpide ${key}` }, domain: 'social_security', startsOn: '2026-01-01', endsOn: '2026-12-31', raci: raci(), ...payload } }), 201).json();
  ids[key] = { id: created.id, ref: created.ref };
  await t.db.kysely.updateTable('actions').set({ created_at: at(writtenOn) }).where('id', '=', created.id).execute();
  await t.db.kysely.updateTable('action_events').set({ at: at(writtenOn) }).where('action_id', '=', created.id).execute();
  return ids[key]!;
}
let raci: () => object[];

const change = (key: string, day: string, payload: object) =>
  dated(ids[key]!.id, day, async () => expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${ids[key]!.ref}`, headers: editor, payload }), 200));

async function milestone(key: string, actionKey: string, dueOn: string) {
  const created = expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${ids[actionKey]!.ref}/milestones`, headers: editor, payload: { title: { en: `Milestone ${key}` }, dueOn } }), 201).json();
  milestones[key] = created.id;
}
const patchMilestone = (key: string, actionKey: string, day: string, payload: object) =>
  dated(ids[actionKey]!.id, day, async () => expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${ids[actionKey]!.ref}/milestones/${milestones[key]}`, headers: editor, payload }), 200));

/** A bottleneck reported, taken through the lifecycle to resolved, its resolution dated `day`. */
async function resolvedBottleneck(key: string, day: string) {
  const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `198.51.100.${Object.keys(bottlenecks).length + 10}`, payload: { title: `Bottleneck ${key} about certificates`, description: 'Two offices wait for the same paper certificate while the family waits.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } }), 201).json();
  bottlenecks[key] = { id: created.id, ref: created.ref };
  for (const status of ['published', 'under_assessment', 'in_dialogue']) {
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.ref}`, headers: editor, payload: { status } }), 200);
  }
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.ref}`, headers: editor, payload: { status: 'resolved', outcome: 'administrative_change', note: 'The offices exchange the data.' } }), 200);
  await sql`update bottleneck_events set at = ${at(day)} where bottleneck_id = ${created.id} and to_status = 'resolved'`.execute(t.db.kysely);
}

const report = async (query: string, headers: Record<string, string> = {}) =>
  expectStatus(await t.app.inject({ url: `/api/reports/progress?${query}`, headers: { accept: 'application/json', ...headers } }), 200).json() as ProgressReport;
const Q3 = 'from=2026-07-01&to=2026-09-30';

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session.headers;
  const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json().id as string;
  const [kela, ska] = await Promise.all([institution('kela'), institution('sotsiaalkindlustusamet')]);
  raci = () => [{ institutionId: kela, role: 'A', lead: true }, { institutionId: ska, role: 'R' }];

  await resolvedBottleneck('inPeriod', '2026-08-25');
  await resolvedBottleneck('before', '2026-05-05');
  await resolvedBottleneck('unlinked', '2026-08-26');

  await action('theme', '2026-03-01', { endsOn: '2027-12-31' });
  await action('leaf', '2026-03-01', { parent: ids.theme!.ref, bottlenecks: [bottlenecks.inPeriod!.ref, bottlenecks.before!.ref] });
  await action('dropped', '2026-03-01', {});
  await milestone('onTime', 'leaf', '2026-08-15');
  await milestone('missed', 'leaf', '2026-09-10');
  await milestone('doneLate', 'leaf', '2026-08-20');
  await milestone('dueBefore', 'leaf', '2026-05-15');
  await milestone('slips', 'leaf', '2026-07-10');
  await milestone('ofDropped', 'dropped', '2026-09-01');

  await change('leaf', '2026-05-01', { state: 'ongoing' });
  await change('dropped', '2026-04-10', { state: 'ongoing' });
  await change('leaf', '2026-06-01', { progress: 20 });
  await patchMilestone('dueBefore', 'leaf', '2026-07-03', { doneOn: '2026-07-03' });
  await patchMilestone('slips', 'leaf', '2026-07-08', { dueOn: '2026-11-30' });
  await action('added', '2026-08-05', { parent: ids.theme!.ref });
  await change('leaf', '2026-08-01', { progress: 50 });
  await patchMilestone('onTime', 'leaf', '2026-08-10', { doneOn: '2026-08-10' });
  await change('dropped', '2026-08-20', { state: 'dropped', dropReason: 'The national reform made it unnecessary.' });
  await change('leaf', '2026-09-12', { state: 'delayed' });
  await patchMilestone('doneLate', 'leaf', '2026-10-05', { doneOn: '2026-10-05' });
  await action('later', '2026-10-20', {});
});
afterAll(() => t?.close());

const refsOf = (items: { ref: string }[]) => items.map((item) => item.ref);
const titlesOf = (items: { title: { en?: string } }[]) => items.map((item) => item.title.en);

describe('the progress report', () => {
  it('counts the actions by state at the end of the period and of the previous one, from the timeline', async () => {
    const q3 = await report(Q3);
    expect(q3.period).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(q3.previous).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(q3.states).toEqual([
      { state: 'planned', count: 2, previousCount: 1 },
      { state: 'ongoing', count: 0, previousCount: 2 },
      { state: 'delayed', count: 1, previousCount: 0 },
      { state: 'done', count: 0, previousCount: 0 },
      { state: 'dropped', count: 1, previousCount: 0 },
    ]);
    // In tree order, as each stood on 30 September: the action written in October is not there.
    expect(q3.actions.map((a) => [a.ref, a.depth, a.state, a.progress])).toEqual([
      [ids.theme!.ref, 0, 'planned', 25],
      [ids.leaf!.ref, 1, 'delayed', 50],
      [ids.added!.ref, 1, 'planned', 0],
      [ids.dropped!.ref, 0, 'dropped', 0],
    ]);
    expect(q3.isDemo).toBe(false);
  });

  it('counts a milestone met in the period, one missed, and one done late as missed where it fell due and met where it was done', async () => {
    const q3 = await report(Q3);
    expect(q3.milestones.met.map((m) => [m.title.en, m.dueOn, m.doneOn, m.late])).toEqual([
      ['Milestone dueBefore', '2026-05-15', '2026-07-03', true],
      ['Milestone onTime', '2026-08-15', '2026-08-10', false],
    ]);
    // Due in the period and not done by its due day; the dropped action's milestone is not missed, nor the one moved to November.
    expect(q3.milestones.missed.map((m) => [m.title.en, m.doneOn, m.late])).toEqual([
      ['Milestone doneLate', '2026-10-05', true],
      ['Milestone missed', null, false],
    ]);
    expect(q3.milestones.missed.every((m) => m.action.ref === ids.leaf!.ref)).toBe(true);
    const q2 = await report('from=2026-04-01&to=2026-06-30');
    expect(titlesOf(q2.milestones.missed)).toEqual(['Milestone dueBefore']);
    expect(q2.milestones.met).toEqual([]);
    const q4 = await report('from=2026-10-01&to=2026-12-31');
    expect(q4.milestones.met.map((m) => [m.title.en, m.late])).toEqual([['Milestone doneLate', true]]);
  });

  it('says what changed since the previous period: states, progress, new, dropped and slipped', async () => {
    const { changes } = await report(Q3);
    expect(changes.states.map((c) => [c.action.ref, c.on, c.from, c.to])).toEqual([
      [ids.dropped!.ref, '2026-08-20', 'ongoing', 'dropped'],
      [ids.leaf!.ref, '2026-09-12', 'ongoing', 'delayed'],
    ]);
    expect(changes.dropped).toMatchObject([{ action: { ref: ids.dropped!.ref }, on: '2026-08-20', reason: 'The national reform made it unnecessary.' }]);
    expect(changes.added.map((a) => [a.ref, a.on, a.state])).toEqual([[ids.added!.ref, '2026-08-05', 'planned']]);
    // The theme's roll-up moved with its leaf (20 → 50) and its new child at 0: 20 → 25.
    expect(changes.progress.map((p) => [p.action.ref, p.from, p.to])).toEqual([
      [ids.theme!.ref, 20, 25],
      [ids.leaf!.ref, 20, 50],
    ]);
    expect(changes.slipped.map((s) => [s.title.en, s.on, s.from, s.to])).toEqual([['Milestone slips', '2026-07-08', '2026-07-10', '2026-11-30']]);
    const q2 = await report('from=2026-04-01&to=2026-06-30');
    expect(q2.changes.states.map((c) => [c.action.ref, c.to])).toEqual([[ids.dropped!.ref, 'ongoing'], [ids.leaf!.ref, 'ongoing']]);
    expect(q2.changes.added).toEqual([]);
  });

  it('names the bottlenecks resolved in the period through actions, and not those resolved before or without one', async () => {
    const q3 = await report(Q3);
    expect(q3.bottlenecks.map((b) => [b.ref, b.resolvedOn, b.outcome, refsOf(b.actions)])).toEqual([[bottlenecks.inPeriod!.ref, '2026-08-25', 'administrative_change', [ids.leaf!.ref]]]);
    const q2 = await report('from=2026-04-01&to=2026-06-30');
    expect(refsOf(q2.bottlenecks)).toEqual([bottlenecks.before!.ref]);
    expect(refsOf((await report('from=2026-08-26&to=2026-08-26')).bottlenecks)).toEqual([]);
  });

  it('follows a change to the plan at once, though it keeps reports', async () => {
    expect((await report(Q3)).states.find((s) => s.state === 'done')!.count).toBe(0);
    await change('leaf', '2026-09-20', { state: 'done' });
    const after = await report(Q3);
    expect(after.states.find((s) => s.state === 'done')!.count).toBe(1);
    expect(after.actions.find((a) => a.ref === ids.leaf!.ref)).toMatchObject({ state: 'done', progress: 100 });
    // Done on 20 September: its milestone due on the 10th was still missed, and nothing after is.
    expect(titlesOf(after.milestones.missed)).toEqual(['Milestone doneLate', 'Milestone missed']);
  });

  it('answers an HTML page in the language asked for: lang, headings, captioned tables with scoped headers, its own strict policy', async () => {
    const response = expectStatus(await t.app.inject({ url: `/api/reports/progress?${Q3}&lang=fi`, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } }), 200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.body;
    expect(html).toContain('<html lang="fi">');
    expect(html).toContain('<h1>Yhteisen toimintasuunnitelman edistymisraportti: ');
    for (const heading of ['Toimenpiteet tiloittain', 'Saavutetut välitavoitteet', 'Saavuttamatta jääneet välitavoitteet', 'Mikä muuttui edellisen raportin jälkeen', 'Toimenpiteillä ratkaistut rajaesteet']) expect(html).toContain(`>${heading}</h2>`);
    expect(html.match(/<caption /g)!.length).toBe(html.match(/<table>/g)!.length);
    expect(html).toContain('<th scope="col">Tila</th>');
    expect(html).toContain(`<th scope="row">${ids.leaf!.ref}</th>`);
    expect(html).toContain('Toimenpide leaf');
    // An English-only title in a Finnish page is marked as English.
    expect(html).toContain('<span lang="en">Milestone onTime</span>');
    expect(html).toContain(bottlenecks.inPeriod!.ref);
    expect(html).not.toContain(bottlenecks.before!.ref);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toContain('<script');
  });

  it('answers a PDF that Poppler reads: A4, the headings in each language, the actions and milestones', async () => {
    const headings = {
      fi: ['Toimenpiteet tiloittain', 'Saavutetut välitavoitteet', 'Saavuttamatta jääneet välitavoitteet', 'Mikä muuttui edellisen raportin jälkeen', 'Toimenpiteillä ratkaistut rajaesteet'],
      et: ['Tegevused seisundi järgi', 'Täidetud vahe-eesmärgid', 'Täitmata vahe-eesmärgid', 'Mis muutus pärast eelmist aruannet', 'Tegevustega lahendatud takistused'],
      en: ['Actions by state', 'Milestones met', 'Milestones missed', 'What changed since the previous report', 'Bottlenecks resolved through actions'],
      sv: ['Åtgärder per status', 'Delmål som nåddes', 'Delmål som inte nåddes', 'Vad som har ändrats sedan föregående rapport', 'Gränshinder som har lösts genom åtgärder'],
      ru: ['Меры по статусам', 'Достигнутые контрольные точки', 'Пропущенные контрольные точки', 'Что изменилось с предыдущего отчета', 'Препятствия, устраненные благодаря мерам'],
    };
    for (const [lang, expected] of Object.entries(headings)) {
      const response = expectStatus(await t.app.inject({ url: `/api/reports/progress?${Q3}&lang=${lang}`, headers: { accept: 'application/pdf' } }), 200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const text = pdfText(response.rawPayload);
      for (const heading of expected) expect(text, `${lang}: ${heading}`).toContain(heading);
      expect(text).toContain(ids.leaf!.ref);
      expect(text).toContain('Milestone doneLate');
      expect(text).toContain(bottlenecks.inPeriod!.ref);
      const info = pdfInfo(response.rawPayload);
      expect(info.sizes[0]).toEqual({ width: 595.28, height: 841.89 });
    }
  });

  it('takes ?format= over Accept, so that a link can name the file; answers 304 to the tag it gave', async () => {
    const pdf = expectStatus(await t.app.inject({ url: `/api/reports/progress?${Q3}&format=pdf&lang=en`, headers: { accept: 'text/html' } }), 200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers.vary).toContain('accept');
    const json = expectStatus(await t.app.inject({ url: `/api/reports/progress?${Q3}` }), 200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const again = await t.app.inject({ url: `/api/reports/progress?${Q3}&format=pdf&lang=en`, headers: { 'if-none-match': String(pdf.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await t.app.inject({ url: `/api/reports/progress?${Q3}&format=pdf&lang=fi`, headers: { 'if-none-match': String(pdf.headers.etag) } })).statusCode).toBe(200);
  });

  it('reports this quarter when no period is named', async () => {
    const now = new Date().toISOString().slice(0, 10);
    const current = await report('');
    expect(current.period.from <= now && now <= current.period.to).toBe(true);
    expect(current.period.from.endsWith('-01')).toBe(true);
  });

  it('refuses a bad period, language or format with a problem naming the field, and an Accept it cannot meet with 406', async () => {
    const field = async (query: string, status = 400) => (expectProblem(await t.app.inject({ url: `/api/reports/progress?${query}` }), status) as { errors?: { path: string; code?: string }[] }).errors?.map((e) => `${e.path} ${e.code}`);
    expect(await field('from=2026-09-30&to=2026-07-01')).toEqual(['querystring/to end-before-start']);
    expect(await field('from=2026-01-01&to=2031-01-01')).toEqual(['querystring/to period-too-long']);
    expect(await field('from=2026-02-30&to=2026-03-31')).toEqual(['querystring/from date']);
    expect(await field('from=yesterday&to=2026-03-31')).toEqual(['querystring/from date']);
    expect(await field('from=2026-01-01')).toEqual(['querystring/to required']);
    // a year 1 period would compare with year 0; year 9999's bound would be year 10004
    expect(await field('from=0001-01-01&to=0001-03-31')).toEqual(['querystring/from year-out-of-range', 'querystring/to year-out-of-range']);
    expect(await field('from=8999-10-01&to=9999-12-31')).toEqual(['querystring/to year-out-of-range']);
    expect(await field(`${Q3}&lang=de`)).toEqual(['querystring/lang one-of']);
    expect(await field(`${Q3}&format=docx`)).toEqual(['querystring/format one-of']);
    expect(await field(`${Q3}&colour=red`)).toEqual(['querystring/colour not-allowed']);
    const refused = expectProblem(await t.app.inject({ url: `/api/reports/progress?${Q3}`, headers: { accept: 'image/png' } }), 406) as { type: string };
    expect(refused.type).toBe('/problems/not-acceptable');
  });
});
