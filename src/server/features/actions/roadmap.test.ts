import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roadmap } from '../../../shared/schemas/roadmap.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Record<string, string>;
let kela: string;
let ska: string;
let vero: string;
const refs: Record<string, { id: string; ref: string }> = {};

async function action(key: string, payload: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor, payload: { title: { en: `Action ${key}` }, ...payload } });
  expect(response.statusCode, response.body).toBe(201);
  refs[key] = response.json();
  return refs[key]!;
}

const roadmap = async (query = '') => expectStatus(await t.app.inject({ url: `/api/roadmap${query}` }), 200).json() as Roadmap;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session.headers;
  const id = async (slug: string) => (await t.app.inject({ url: `/api/institutions/${slug}` })).json().id as string;
  [kela, ska, vero] = await Promise.all([id('kela'), id('sotsiaalkindlustusamet'), id('vero')]);
  const raci = (a: string, r: string) => [{ institutionId: a, role: 'A', lead: true }, { institutionId: r, role: 'R' }];
  await action('theme', { domain: 'mobility', startsOn: '2027-01-01', endsOn: '2028-12-31', raci: raci(kela, ska) });
  await action('first', { parent: refs.theme!.ref, domain: 'mobility', startsOn: '2027-01-01', endsOn: '2027-06-30', raci: raci(kela, ska) });
  await action('second', { parent: refs.theme!.ref, domain: 'mobility', startsOn: '2027-07-01', endsOn: '2027-12-31', raci: raci(ska, kela), dependsOn: [refs.first!.ref] });
  await action('tax', { domain: 'legal', startsOn: '2025-01-01', endsOn: '2027-12-31', raci: raci(vero, kela) });
  await action('late', { parent: refs.tax!.ref, domain: 'legal', startsOn: '2025-01-01', endsOn: '2025-12-31', raci: raci(vero, kela) });
  expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${refs.first!.ref}/milestones`, headers: editor, payload: { title: { en: 'Pilot begins' }, dueOn: '2027-03-31' } }), 201);
  expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${refs.late!.ref}/milestones`, headers: editor, payload: { title: { en: 'Guidance out' }, dueOn: '2025-06-30' } }), 201);
});
afterAll(() => t?.close());

describe('the roadmap', () => {
  it('gives every action as a bar in tree order, with its milestones and dependencies', async () => {
    const whole = await roadmap();
    expect(whole.bars.map((b) => [b.ref, b.depth])).toEqual([[refs.theme!.ref, 0], [refs.first!.ref, 1], [refs.second!.ref, 1], [refs.tax!.ref, 0], [refs.late!.ref, 1]]);
    expect(whole).toMatchObject({ from: '2025-01-01', to: '2028-12-31' });
    expect(whole.dependencies).toEqual([{ from: refs.first!.id, to: refs.second!.id }]);
    expect(whole.milestones.map((m) => [m.actionId, m.dueOn, m.overdue])).toEqual([[refs.late!.id, '2025-06-30', true], [refs.first!.id, '2027-03-31', false]]);
    const late = whole.bars.find((b) => b.id === refs.late!.id)!;
    expect(late).toMatchObject({ overdue: true, state: 'planned', leadId: vero, parentId: refs.tax!.id });
    expect(late.raci.sort((a, b) => a.role.localeCompare(b.role))).toEqual([{ institutionId: vero, role: 'A' }, { institutionId: kela, role: 'R' }]);
    expect(whole.institutions.map((i) => [i.id, i.country])).toEqual(expect.arrayContaining([[kela, 'FI'], [ska, 'EE'], [vero, 'FI']]));
    expect(whole.institutions).toHaveLength(3);
    expect(whole.institutions[0]!.country).toBe('EE');
    expect(whole.bars.find((b) => b.id === refs.second!.id)!.overdue).toBe(false);
  });

  it('keeps only the bars the filters name, and the milestones and dependencies among them', async () => {
    const legal = await roadmap('?domain=legal');
    expect(legal.bars.map((b) => b.ref)).toEqual([refs.tax!.ref, refs.late!.ref]);
    expect(legal).toMatchObject({ from: '2025-01-01', to: '2027-12-31', dependencies: [] });
    expect(legal.milestones.map((m) => m.actionId)).toEqual([refs.late!.id]);
    const skaBars = await roadmap(`?institution=${ska}`);
    expect(skaBars.bars.map((b) => b.ref)).toEqual([refs.theme!.ref, refs.first!.ref, refs.second!.ref]);
    expect(skaBars.dependencies).toHaveLength(1);
    expect(skaBars.institutions, 'the filters\' choices stay whole').toHaveLength(3);
    const secondOnly = await roadmap(`?institution=${ska}&state=planned&domain=mobility`);
    expect(secondOnly.bars).toHaveLength(3);
    expect((await roadmap('?state=done')).bars).toEqual([]);
    expect((await roadmap('?state=done')).from).toBeNull();
  });

  it('shows a change to the plan on the next read: a leaf\'s progress rolled up to its theme', async () => {
    const before = await roadmap();
    expect(before.bars[0]!.progress).toBe(0);
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${refs.first!.ref}`, headers: editor, payload: { state: 'ongoing', progress: 50 } }), 200);
    const after = await roadmap();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.bars.find((b) => b.id === refs.first!.id)!.progress).toBe(50);
    expect(after.bars[0]!.progress).toBe(25);
    expect((await roadmap('?domain=mobility')).bars[0]!.progress).toBe(25);
  });

  it('sends it gzip-compressed to a client that takes gzip, and 304 to one that has it', async () => {
    const plain = await t.app.inject({ url: '/api/roadmap' });
    const compressed = await t.app.inject({ url: '/api/roadmap', headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' } });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(compressed.rawPayload).toString('utf8')).toBe(plain.body);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((await t.app.inject({ url: '/api/roadmap', headers: { 'accept-encoding': 'gzip;q=0, deflate' } })).headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    const etag = plain.headers.etag as string;
    const again = await t.app.inject({ url: '/api/roadmap', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // another filter is another answer, with a tag of its own
    expect((await t.app.inject({ url: '/api/roadmap?domain=legal', headers: { 'if-none-match': etag } })).statusCode).toBe(200);
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${refs.second!.ref}`, headers: editor, payload: { weight: 3 } }), 200);
    const changed = await t.app.inject({ url: '/api/roadmap', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('shows an institution\'s new name on the next read of the roadmap and of the plan\'s list, both kept per plan version', async () => {
    const listed = async () => (expectStatus(await t.app.inject({ url: `/api/actions?institution=${vero}&limit=100` }), 200).json() as { items: { ref: string; lead: { name: { en?: string } } | null }[] }).items;
    const leadName = (items: Awaited<ReturnType<typeof listed>>) => items.find((item) => item.ref === refs.tax!.ref)!.lead!.name.en;
    const before = await roadmap();
    expect(leadName(await listed())).not.toBe('Finnish Tax Administration (renamed)');
    const current = expectStatus(await t.app.inject({ url: `/api/institutions/${vero}` }), 200).json() as { name: Record<string, string> };
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/institutions/${vero}`, headers: editor, payload: { name: { ...current.name, en: 'Finnish Tax Administration (renamed)' } } }), 200);
    const after = await roadmap();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.institutions.find((i) => i.id === vero)!.name.en).toBe('Finnish Tax Administration (renamed)');
    expect(leadName(await listed())).toBe('Finnish Tax Administration (renamed)');
  });

  it('refuses filters it does not know, naming them', async () => {
    expect(expectProblem(await t.app.inject({ url: '/api/roadmap?domain=weather' }), 400).errors?.[0]).toMatchObject({ path: 'querystring/domain' });
    expect(expectProblem(await t.app.inject({ url: '/api/roadmap?institution=kela' }), 400).errors?.[0]).toMatchObject({ path: 'querystring/institution' });
    expectProblem(await t.app.inject({ url: '/api/roadmap?colour=red' }), 400);
  });

  it('calls a milestone overdue only while its action is open, in the action\'s detail as in the roadmap', async () => {
    const before = expectStatus(await t.app.inject({ url: `/api/actions/${refs.late!.ref}` }), 200).json() as { milestones: { overdue: boolean }[] };
    expect(before.milestones.map((m) => m.overdue)).toEqual([true]);
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${refs.late!.ref}`, headers: editor, payload: { state: 'dropped', dropReason: 'Overtaken by the new guidance.' } }), 200);
    const after = expectStatus(await t.app.inject({ url: `/api/actions/${refs.late!.ref}` }), 200).json() as { milestones: { overdue: boolean }[] };
    expect(after.milestones.map((m) => m.overdue)).toEqual([false]);
    const dropped = (await roadmap()).milestones.filter((m) => m.actionId === refs.late!.id);
    expect(dropped.map((m) => m.overdue)).toEqual([false]);
  });
});
