import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../test/csv.ts';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Session;
let member: Session;
let kela: { id: string };
let ska: { id: string };
let hsl: { id: string };
let kelaOwner: Session;
let skaOwner: Session;
let hslOwner: Session;
let bottleneck: { id: string; ref: string };
let dialogue: { id: string; ref: string };

const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json() as { id: string };
async function serviceOwner(institutionId: string) {
  const user = await createUser(t.db, 'service_owner');
  expect(Number((await t.db.kysely.updateTable('users').set({ institution_id: institutionId }).where('id', '=', user.id).executeTakeFirstOrThrow()).numUpdatedRows)).toBe(1);
  return login(t.app, user.email);
}

const proposal = () => ({
  title: { en: 'Exchange A1 certificate data between Kela and the Social Insurance Board monthly', fi: 'A1-todistusten tiedot Kelan ja Sotsiaalkindlustusametin välillä kuukausittain' },
  rationale: { en: '=HYPERLINK("http://evil.example") Commuters lose benefits while two offices wait for paper certificates.' },
  addressees: [kela.id, ska.id],
  bottlenecks: [bottleneck.ref],
  dialogues: [dialogue.ref],
  changeKind: 'administrative',
  priority: 'high',
  effort: 'medium',
});

const count = async () => Number((await t.db.kysely.selectFrom('recommendations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  [kela, ska, hsl] = await Promise.all([institution('kela'), institution('sotsiaalkindlustusamet'), institution('hsl')]);
  [kelaOwner, skaOwner, hslOwner] = await Promise.all([serviceOwner(kela.id), serviceOwner(ska.id), serviceOwner(hsl.id)]);
  const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '198.51.100.200', payload: { title: 'Benefit lost while A1 certificate travels by post', description: 'Two offices wait for the same paper certificate while the family has no benefit.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } }), 201).json();
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'published' } }), 200);
  bottleneck = created;
  dialogue = expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { type: 'roundtable', title: { en: 'Social security roundtable' }, startsAt: '2026-10-01T07:00:00.000Z', endsAt: '2026-10-01T09:00:00.000Z', organiserId: kela.id, domains: ['social_security'], bottlenecks: [bottleneck.ref], language: 'en', visibility: 'public' } }), 201).json();
});
afterAll(() => t?.close());

describe('recommendations', () => {
  it('sorts a search by relevance when asked: the exact reference, then titles starting with the phrase, then holding it, then the words apart', async () => {
    const titled = async (en: string, priority: string) =>
      expectStatus(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { ...proposal(), title: { en }, priority } }), 201).json() as { ref: string };
    const apart = await titled('Harbour pass checks for commuters', 'high');
    const within = await titled('Publish the commuter harbour pass rules', 'medium');
    const starting = await titled('Commuter harbour pass in both ports', 'low');
    const refs = async (query: string) => expectStatus(await t.app.inject({ url: `/api/recommendations?limit=10&${query}` }), 200).json().items.map((r: { ref: string }) => r.ref);
    // Priority first by default, whatever the words.
    expect(await refs('q=commuter+harbour+pass')).toEqual([apart.ref, within.ref, starting.ref]);
    expect(await refs('q=commuter+harbour+pass&sort=relevance')).toEqual([starting.ref, within.ref, apart.ref]);
    const followUp = await titled(`Follow-up of ${within.ref}`, 'high');
    expect(await refs(`q=${within.ref}`)).toEqual([followUp.ref, within.ref]);
    expect(await refs(`q=${within.ref}&sort=relevance`)).toEqual([within.ref, followUp.ref]);
    expectProblem(await t.app.inject({ url: '/api/recommendations?sort=best' }), 400);
  });

  it('lets editors propose a recommendation addressed to institutions of both countries, traced to its sources', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: proposal() });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.ref).toMatch(/^RC-\d{4}-\d{4}$/);
    expect(created).toMatchObject({ state: 'proposed', priority: 'high', bottlenecks: [{ ref: bottleneck.ref }], dialogues: [{ ref: dialogue.ref }], timeline: [{ toState: 'proposed' }] });
    expect(created.addressees.map((a: { country: string }) => a.country)).toEqual(['FI', 'EE']);
    const fromDialogue = (await t.app.inject({ url: `/api/dialogues/${dialogue.ref}` })).json();
    expect(fromDialogue.recommendations.map((r: { ref: string }) => r.ref)).toContain(created.ref);
    const list = (await t.app.inject({ url: `/api/recommendations?state=proposed&institution=${ska.id}` })).json();
    expect(list.items.map((r: { ref: string }) => r.ref)).toContain(created.ref);
    expect((await t.app.inject({ url: `/api/recommendations?institution=${hsl.id}` })).json().items).toEqual([]);
  });

  it('refuses unknown addressees, bottlenecks and dialogues, and members, changing nothing', async () => {
    const before = await count();
    for (const [override, path] of [
      [{ addressees: ['00000000-0000-4000-8000-000000000000'] }, 'body/addressees/0'],
      [{ bottlenecks: ['BN-2026-999999'] }, 'body/bottlenecks/0'],
      [{ dialogues: ['DL-1999-0001'] }, 'body/dialogues/0'],
    ] as const) {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { ...proposal(), ...override } }), 400);
      expect(problem.errors!.map((e) => e.path)).toContain(path);
    }
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { ...proposal(), addressees: [] } }), 400);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: member.headers, payload: proposal() }), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: kelaOwner.headers, payload: proposal() }), 403);
    expect(await count()).toBe(before);
  });

  it('answers the real total on a page past the last, filtered or not', async () => {
    await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: proposal() });
    const all = (await t.app.inject({ url: '/api/recommendations?limit=100' })).json();
    expect(all.total).toBeGreaterThan(0);
    expect(all.total).toBe(await count());
    const past = (await t.app.inject({ url: `/api/recommendations?offset=${all.total + 50}&limit=10` })).json();
    expect(past).toEqual({ items: [], total: all.total, limit: 10, offset: all.total + 50 });
    const forSka = (await t.app.inject({ url: `/api/recommendations?institution=${ska.id}` })).json();
    expect((await t.app.inject({ url: `/api/recommendations?institution=${ska.id}&offset=1000` })).json()).toMatchObject({ items: [], total: forSka.total });
    expect((await t.app.inject({ url: `/api/recommendations?institution=${hsl.id}&offset=1000` })).json()).toMatchObject({ items: [], total: 0 });
  });

  it('finds recommendations by words of their title in any language or by reference', async () => {
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { ...proposal(), title: { en: 'Joint ferry ticket', et: 'Ühine praamipilet' } } }), 201).json();
    const refs = async (q: string) => (await t.app.inject({ url: `/api/recommendations?limit=5&q=${encodeURIComponent(q)}` })).json().items.map((r: { ref: string }) => r.ref);
    expect(await refs('ferry tick')).toEqual([created.ref]);
    expect(await refs('praamipilet')).toEqual([created.ref]);
    expect(await refs(created.ref)).toEqual([created.ref]);
    expect(await refs('ferry bus')).toEqual([]);
    expect(await refs('_')).toEqual([]);
  });

  it('moves through agreed, the action plan and implementation; rejecting needs reasons', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: proposal() })).json();
    const patch = (payload: Record<string, unknown>, session = editor) => t.app.inject({ method: 'PATCH', url: `/api/recommendations/${ref}`, headers: session.headers, payload });
    expectProblem(await patch({ state: 'implemented' }), 409);
    expectProblem(await patch({ state: 'agreed' }, member), 403);
    expect((await patch({ state: 'agreed', note: 'Agreed at the roundtable' })).statusCode).toBe(200);
    // the action plan holds actions: a recommendation enters it once an action carries it out
    const waiting = expectProblem(await patch({ state: 'in_action_plan' }), 409);
    expect(waiting.type).toBe('/problems/no-action-yet');
    expect((await t.app.inject({ url: `/api/recommendations/${ref}` })).json().state).toBe('agreed');
    const action = await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor.headers, payload: { title: { en: 'Monthly data exchange' }, domain: 'social_security', startsOn: '2027-01-01', endsOn: '2027-12-31', raci: [{ institutionId: kela.id, role: 'A' }, { institutionId: ska.id, role: 'R' }], recommendations: [ref] } });
    expect(action.statusCode, action.body).toBe(201);
    expect((await patch({ state: 'in_action_plan' })).statusCode).toBe(200);
    const done = (await patch({ state: 'implemented', note: 'Monthly exchange running since March' })).json();
    expect(done.timeline.map((e: { toState: string }) => e.toState)).toEqual(['proposed', 'agreed', 'in_action_plan', 'implemented']);
    expect(done.timeline[3].note).toBe('Monthly exchange running since March');
    const other = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: proposal() })).json();
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/recommendations/${other.ref}`, headers: editor.headers, payload: { state: 'rejected' } }), 400);
    const rejected = (await t.app.inject({ method: 'PATCH', url: `/api/recommendations/${other.ref}`, headers: editor.headers, payload: { state: 'rejected', note: 'The data exchange already exists under EU rules' } })).json();
    expect(rejected).toMatchObject({ state: 'rejected', rejectionReason: 'The data exchange already exists under EU rules' });
  });

  it('takes dated public responses only from the institutions addressed', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: proposal() })).json();
    const respond = (session: Session, institutionId: string, body = 'We will start the monthly exchange in the spring.') =>
      t.app.inject({ method: 'POST', url: `/api/recommendations/${ref}/responses`, headers: session.headers, payload: { institutionId, body, language: 'en' } });
    expect(expectProblem(await respond(hslOwner, hsl.id), 403).type).toBe('/problems/forbidden');
    const notAddressed = expectProblem(await respond(editor, hsl.id), 400);
    expect(notAddressed.errors![0].path).toBe('body/institutionId');
    expectProblem(await respond(kelaOwner, ska.id), 403);
    expectProblem(await respond(member, kela.id), 403);
    expect((await respond(kelaOwner, kela.id)).statusCode).toBe(201);
    const page = (await (await respond(skaOwner, ska.id, 'Sotsiaalkindlustusamet agrees and will name a contact.')).json());
    expect(page.responses.map((r: { institution: { id: string } }) => r.institution.id)).toEqual([kela.id, ska.id]);
    expect(page.responses[0].body).toEqual({ en: 'We will start the monthly exchange in the spring.' });
    expect(page.responseCount).toBe(2);
    const asKela = (await t.app.inject({ url: `/api/recommendations/${ref}`, headers: kelaOwner.headers })).json();
    expect(asKela.viewer.canRespondFor).toEqual([kela.id]);
    const personalData = (await t.app.inject({ url: '/api/me/export', headers: { cookie: kelaOwner.cookie } })).json();
    expect(personalData.recommendationResponses.map((r: { ref: string }) => r.ref)).toContain(ref);
  });

  it('exports every recommendation as CSV (formulas neutralised) and XLSX (text as written, dates as dates)', async () => {
    const csv = await t.app.inject({ url: '/api/recommendations/export.csv' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = readCsv(csv.body);
    expect(header.slice(0, 3)).toEqual(['ref', 'title', 'title_fi']);
    expect(rows).toHaveLength(await count());
    const cells = rows.flat();
    expect(cells).toContain(`'=HYPERLINK("http://evil.example") Commuters lose benefits while two offices wait for paper certificates.`);
    expect(cells.some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
    expect(cells.some((cell) => cell.split(/[;,\s]+/).includes(bottleneck.ref))).toBe(true);
    const xlsx = await t.app.inject({ url: '/api/recommendations/export.xlsx' });
    const sheet = strFromU8(unzipSync(new Uint8Array(xlsx.rawPayload))['xl/worksheets/sheet1.xml']);
    expect(sheet.match(/<row /g)).toHaveLength((await count()) + 1);
    expect(sheet).not.toContain('<f>');
    expect(sheet).toContain('<t xml:space="preserve">=HYPERLINK(&quot;http://evil.example&quot;)');
    expect(sheet).not.toContain("'=HYPERLINK");
    // created_at and updated_at: numbers in the date style, not text.
    expect(sheet.match(/<c r="[PQ]\d+" s="1"><v>\d+\.?\d*<\/v><\/c>/g)).toHaveLength((await count()) * 2);
  });
});

describe('searching recommendations (issue 15: the search engine of every list)', () => {
  type Found = { items: { id: string; ref: string }[]; total: number; matches?: { id: string; highlights: Record<string, Record<string, [number, number][]>> }[]; didYouMean?: string };
  const search = async (q: string, more = '') => expectStatus(await t.app.inject({ url: `/api/recommendations?limit=20&q=${encodeURIComponent(q)}${more}` }), 200).json() as Found;
  const refs = async (q: string, more = '') => (await search(q, more)).items.map((r) => r.ref);

  it('finds a recommendation by a part of a compound, inflected, with a typo, and marks where', async () => {
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { ...proposal(), title: { fi: 'Yhteinen kausilippu työmatkalaisille', et: 'Ühine hooajapilet pendeldajatele' } } }), 201).json();
    // First the one with the word; then, through the glossary (lippu is a ticket), the others with a ticket.
    expect((await refs('lippu'))[0]).toBe(created.ref);
    // The joint ferry ticket (praamipilet) above is one too.
    expect((await refs('pilet')).sort()).toEqual([created.ref, ...(await refs('praamipilet'))].sort());
    expect(await refs('kausilipun')).toEqual([created.ref]);
    // First the one with the word; then, through the glossary (pendeldaja is a commuter), others.
    expect((await refs('pendeldaja'))[0]).toBe(created.ref);
    expect(await refs('tyomatkalaisille')).toEqual([created.ref]);
    expect(await refs('kausillippu')).toEqual([created.ref]);
    const found = await search('lippu', '&sort=relevance');
    expect(found.matches![0]).toEqual({ id: created.id, highlights: { title: { fi: [[9, 19]] } } });
    // The reference typed whole: that recommendation, not its neighbours one digit away.
    expect(await refs(created.ref.toLowerCase())).toEqual([created.ref]);
  });

  it('offers a corrected search only from what the filters leave, and finds at once what another transaction wrote', async () => {
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { ...proposal(), title: { et: 'Rahvastikuregistri andmevahetus' } } }), 201).json();
    const typo = 'rahvastikuregxxtri';
    const open = await search(typo);
    expect(open.total).toBe(0);
    expect(open.didYouMean).toEqual(expect.any(String));
    expect(await refs(open.didYouMean!)).toEqual([created.ref]);
    expect((await search(typo, '&state=implemented')).didYouMean).toBeUndefined();
    await t.db.kysely.updateTable('recommendations').set({ title: JSON.stringify({ et: 'Elukohaandmete vahetus' }) }).where('id', '=', created.id).execute();
    expect(await refs('rahvastikuregistri')).toEqual([]);
    expect(await refs('elukohaandmete')).toEqual([created.ref]);
  });

  it('counts a glossary change written by another server at once, here and in the directory', async () => {
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/recommendations', headers: editor.headers, payload: { ...proposal(), title: { en: 'Shared quokkaberry registry' } } }), 201).json();
    const directory = async (q: string) => expectStatus(await t.app.inject({ url: `/api/institutions?q=${encodeURIComponent(q)}` }), 200).json().items.map((i: { id: string }) => i.id);
    expect(await refs('zworbleflax')).toEqual([]);
    expect(await directory('zworblekela')).toEqual([]);
    // Straight into the table, as another server's write: this server's glossary has not seen them.
    await t.db.kysely.insertInto('glossary_entries').values([{ terms: JSON.stringify({ fi: ['zworbleflax'], en: ['quokkaberry'] }) }, { terms: JSON.stringify({ fi: ['zworblekela'], en: ['Kela'] }) }]).execute();
    const found = await search('zworbleflax');
    expect(found.items.map((r) => r.ref)).toEqual([created.ref]);
    expect(found.matches).toEqual([{ id: created.id, highlights: { title: { en: [[7, 18]] } }, via: [{ word: 'zworbleflax', lang: 'fi', term: 'quokkaberry', termLang: 'en' }] }]);
    expect(await directory('zworblekela')).toEqual([kela.id]);
  });

  it('answers any words with 200 (or 400 past the length cap), never 500', async () => {
    const hostile = ['"', '""""', '-', '- - - -', '-'.repeat(150), 'a or or or b', '"unclosed phrase', '%_\\', "'; drop table recommendations; --", '\u0000', '人口统计', 'RC-2026-', 'x'.repeat(200), 'ü'.repeat(120)];
    for (const q of hostile) {
      for (const sort of ['priority', 'relevance']) expect([200, 400]).toContain((await t.app.inject({ url: `/api/recommendations?q=${encodeURIComponent(q)}&sort=${sort}` })).statusCode);
    }
    expectProblem(await t.app.inject({ url: `/api/recommendations?q=${'x'.repeat(201)}` }), 400);
  });
});
