import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Session;
let member: Session;
let kela: { id: string };
let emta: { id: string };
let hsl: { id: string };
let kelaOwner: Session;
let hslOwner: Session;
let bottleneck: { id: string; ref: string };
let ip = 0;

const institution = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json() as { id: string };

async function serviceOwner(institutionId: string) {
  const user = await createUser(t.db, 'service_owner');
  expect(Number((await t.db.kysely.updateTable('users').set({ institution_id: institutionId }).where('id', '=', user.id).executeTakeFirstOrThrow()).numUpdatedRows)).toBe(1);
  return login(t.app, user.email);
}

async function publishedBottleneck(title: string) {
  const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `198.51.100.${++ip}`, payload: { title, description: 'A description long enough for the register to take it.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } }), 201).json();
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'published' } }), 200);
  return created as { id: string; ref: string };
}

const roundtable = () => ({
  type: 'roundtable',
  title: { en: 'Social security of cross-border commuters', fi: 'Rajatyöntekijöiden sosiaaliturva' },
  description: { en: 'Kela and the Estonian Social Insurance Board on benefits lost between two systems.' },
  startsAt: '2026-11-03T08:00:00.000Z',
  endsAt: '2026-11-03T10:30:00.000Z',
  timeZone: 'Europe/Helsinki',
  place: 'Uusimaa Regional Council, Esterinportti 2 B, Helsinki',
  onlineUrl: 'https://meet.example/talsinki',
  organiserId: kela.id,
  domains: ['social_security'],
  bottlenecks: [bottleneck.ref],
  agenda: [{ title: 'Benefits lost in the move', bottleneck: bottleneck.ref }, { title: 'Next steps' }],
  participants: [
    { institutionId: kela.id, name: 'Liisa Virtanen', role: 'Head of international affairs', email: 'liisa@example.test', consentToBeNamed: true },
    { institutionId: emta.id, name: 'Mart Tamm', role: 'Tax adviser', email: 'mart@example.test', consentToBeNamed: false },
    { name: 'A commuter', role: 'Resident of Tallinn working in Espoo', consentToBeNamed: false },
  ],
  language: 'en',
  visibility: 'public',
});

const count = async () => Number((await t.db.kysely.selectFrom('dialogues').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
  [kela, emta, hsl] = await Promise.all([institution('kela'), institution('emta'), institution('hsl')]);
  kelaOwner = await serviceOwner(kela.id);
  hslOwner = await serviceOwner(hsl.id);
  bottleneck = await publishedBottleneck('Unemployment benefit lost after moving from Tallinn to Helsinki');
});
afterAll(() => t?.close());

describe('dialogues', () => {
  it('lets editors plan a dialogue that the public reads, naming only people who consented', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.ref).toMatch(/^DL-\d{4}-\d{4}$/);
    expect(response.headers.location).toBe(`/api/dialogues/${created.ref}`);
    const page = (await t.app.inject({ url: `/api/dialogues/${created.ref}` })).json();
    expect(page).toMatchObject({ type: 'roundtable', state: 'planned', organiser: { id: kela.id }, bottleneckCount: 1, bottlenecks: [{ ref: bottleneck.ref }], agenda: [{ title: 'Benefits lost in the move', bottleneck: { ref: bottleneck.ref } }, { title: 'Next steps', bottleneck: null }] });
    expect(page.participants.map((p: { name: string | null }) => p.name)).toEqual(['Liisa Virtanen', null, null]);
    expect(page.participants[1]).toMatchObject({ role: 'Tax adviser', institution: { id: emta.id } });
    expect(JSON.stringify(page)).not.toContain('@example.test');
    expect(page.minutes).toBeNull();
    const asEditor = (await t.app.inject({ url: `/api/dialogues/${created.ref}`, headers: editor.headers })).json();
    expect(asEditor.participants[1]).toMatchObject({ name: 'Mart Tamm', email: 'mart@example.test' });
    const list = (await t.app.inject({ url: '/api/dialogues?type=roundtable&domain=social_security&from=2026-11-03&to=2026-11-03' })).json();
    expect(list.items.map((d: { ref: string }) => d.ref)).toContain(created.ref);
    expect((await t.app.inject({ url: '/api/dialogues?from=2026-11-04' })).json().items.map((d: { ref: string }) => d.ref)).not.toContain(created.ref);
  });

  it('refuses bad input clearly and stores nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ endsAt: '2026-11-03T07:00:00.000Z' }, 'body/endsAt'],
      [{ participants: [{ institutionId: '00000000-0000-4000-8000-000000000000', consentToBeNamed: true }] }, 'body/participants/0/institutionId'],
      [{ bottlenecks: ['BN-2026-999999'] }, 'body/bottlenecks/0'],
      [{ agenda: [{ title: 'Ghost item', bottleneck: 'BN-1999-0001' }] }, 'body/agenda/0/bottleneck'],
      [{ organiserId: '00000000-0000-4000-8000-000000000000' }, 'body/organiserId'],
    ];
    for (const [override, path] of cases) {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), ...override } }), 400);
      expect(problem.errors!.map((e: { path: string }) => e.path), path).toContain(path);
    }
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), type: 'party' } }), 400);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: member.headers, payload: roundtable() }), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/dialogues', payload: roundtable() }), 401);
    expect(await count()).toBe(before);
  });

  it('answers the real total on a page past the last, counting only what the caller may see', async () => {
    await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() });
    await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), visibility: 'internal', participants: [] } });
    const visible = (await t.app.inject({ url: '/api/dialogues?limit=100' })).json();
    const staff = (await t.app.inject({ url: '/api/dialogues?limit=100', headers: { cookie: editor.cookie } })).json();
    expect(visible.total).toBeGreaterThan(0);
    expect(staff.total).toBe(await count());
    expect(staff.total).toBeGreaterThan(visible.total);
    const past = (await t.app.inject({ url: `/api/dialogues?offset=${staff.total + 50}&limit=10` })).json();
    expect(past).toEqual({ items: [], total: visible.total, limit: 10, offset: staff.total + 50 });
    expect((await t.app.inject({ url: `/api/dialogues?offset=${staff.total}`, headers: { cookie: editor.cookie } })).json()).toMatchObject({ items: [], total: staff.total });
    const roundtables = (await t.app.inject({ url: '/api/dialogues?type=roundtable' })).json();
    expect((await t.app.inject({ url: '/api/dialogues?type=roundtable&offset=1000' })).json()).toMatchObject({ items: [], total: roundtables.total });
    expect((await t.app.inject({ url: '/api/dialogues?type=site_visit&offset=1000' })).json()).toMatchObject({ items: [], total: 0 });
  });

  it('finds dialogues by words of their title in any language or by reference, only among those the caller may see', async () => {
    const open = expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), title: { en: 'Ferry timetables workshop', fi: 'Lauttojen aikataulutyöpaja' } } }), 201).json();
    const closed = expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), title: { en: 'Ferry fares, internal' }, visibility: 'internal', participants: [] } }), 201).json();
    const refs = async (q: string, headers = {}) => (await t.app.inject({ url: `/api/dialogues?limit=5&q=${encodeURIComponent(q)}`, headers })).json().items.map((d: { ref: string }) => d.ref);
    expect(await refs('ferry timetab')).toEqual([open.ref]);
    expect(await refs('aikataulu')).toEqual([open.ref]);
    expect(await refs(open.ref.toLowerCase())).toEqual([open.ref]);
    expect(await refs('ferry')).toEqual([open.ref]);
    expect((await refs('ferry', { cookie: editor.cookie })).sort()).toEqual([open.ref, closed.ref].sort());
    expect(await refs('100%')).toEqual([]);
    expect(await refs('fi')).not.toContain(open.ref);
  });

  it('sorts a search by relevance when asked: the exact reference, then titles starting with the phrase, then holding it, then the words apart', async () => {
    const titled = async (en: string, day: string) =>
      expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), title: { en }, startsAt: `2026-11-${day}T08:00:00.000Z`, endsAt: `2026-11-${day}T10:00:00.000Z` } }), 201).json() as { ref: string };
    const apart = await titled('Ferry timetables at night', '20');
    const within = await titled('Review of the night ferry timetables', '19');
    const starting = await titled('Night ferry timetables to Tallinn', '18');
    const refs = async (query: string) => expectStatus(await t.app.inject({ url: `/api/dialogues?limit=10&${query}` }), 200).json().items.map((d: { ref: string }) => d.ref);
    // Latest start first by default, whatever the words.
    expect(await refs('q=night+ferry')).toEqual([apart.ref, within.ref, starting.ref]);
    expect(await refs('q=night+ferry&sort=relevance')).toEqual([starting.ref, within.ref, apart.ref]);
    expect(await refs('q=Night%20%20ferry&sort=relevance')).toEqual([starting.ref, within.ref, apart.ref]);
    // A title may name another dialogue: the dialogue with that reference comes first.
    const followUp = await titled(`Follow-up of ${starting.ref}`, '21');
    expect(await refs(`q=${starting.ref.toLowerCase()}`)).toEqual([followUp.ref, starting.ref]);
    expect(await refs(`q=${starting.ref.toLowerCase()}&sort=relevance`)).toEqual([starting.ref, followUp.ref]);
    expectProblem(await t.app.inject({ url: '/api/dialogues?sort=best' }), 400);
  });

  it('bounds a dialogue to 15 minutes–14 days, starting in 2000 or later and at most five years from now, naming the field', async () => {
    const before = await count();
    const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();
    const start = '2026-12-03T08:00:00.000Z';
    const sixYearsAhead = new Date(Date.now() + 6 * 365 * 86_400_000).toISOString();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ startsAt: start, endsAt: at(start, 1) }, 'body/endsAt', 'must be at least 15 minutes after startsAt'],
      [{ startsAt: start, endsAt: at(start, 15 * 60_000 - 1) }, 'body/endsAt', 'must be at least 15 minutes after startsAt'],
      [{ startsAt: start, endsAt: at(start, 14 * 86_400_000 + 1) }, 'body/endsAt', 'must be at most 14 days after startsAt'],
      [{ startsAt: start, endsAt: '9999-12-31T23:00:00.000Z' }, 'body/endsAt', 'must be at most 14 days after startsAt'],
      [{ startsAt: '9999-12-31T08:00:00.000Z', endsAt: '9999-12-31T10:00:00.000Z' }, 'body/startsAt', 'must be at most 5 years from now'],
      [{ startsAt: sixYearsAhead, endsAt: at(sixYearsAhead, 3_600_000) }, 'body/startsAt', 'must be at most 5 years from now'],
      [{ startsAt: '1999-12-31T08:00:00.000Z', endsAt: '1999-12-31T10:00:00.000Z' }, 'body/startsAt', 'must be in 2000 or later'],
    ];
    for (const [override, path, message] of cases) {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), ...override } }), 400);
      expect(problem.errors, JSON.stringify(override)).toEqual([expect.objectContaining({ path, message })]);
    }
    expect(await count()).toBe(before);

    // The bounds themselves are taken.
    const shortest = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), startsAt: start, endsAt: at(start, 15 * 60_000) } });
    expect(shortest.statusCode).toBe(201);
    const longest = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), startsAt: start, endsAt: at(start, 14 * 86_400_000) } });
    expect(longest.statusCode).toBe(201);

    // An edit that moves the times is held to them; one that leaves them (the form sends them
    // with every edit) is not, so a dialogue stored before the bounds still takes its minutes.
    const { ref, id } = shortest.json();
    const moved = expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { endsAt: at(start, 60_000) } }), 400);
    expect(moved.errors).toEqual([{ path: 'body/endsAt', code: 'dialogue-too-short', params: { minutes: 15 }, message: 'must be at least 15 minutes after startsAt' }]);
    await t.db.kysely.updateTable('dialogues').set({ ends_at: new Date(Date.parse(start) + 1) }).where('id', '=', id).execute();
    const kept = await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { startsAt: start, endsAt: at(start, 1), minutes: 'Notes' } });
    expect(kept.statusCode, kept.body).toBe(200);
  });

  it('holds a dialogue, refuses minutes with scripts, and publishes safe minutes and outcomes', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    const patch = (payload: Record<string, unknown>, session = editor) => t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: session.headers, payload });
    expectProblem(await patch({ state: 'minutes_published' }), 409);
    expect((await patch({ state: 'held' })).statusCode).toBe(200);
    for (const minutes of ['Good meeting <script>alert(1)</script>', 'See <img src=x onerror="alert(1)">', '[click](javascript:alert(1))']) {
      const problem = expectProblem(await patch({ minutes }), 400);
      expect(problem.errors![0].path).toBe('body/minutes');
    }
    expectProblem(await patch({ minutes: '# Minutes' }, member), 403);
    expectProblem(await patch({ state: 'minutes_published' }), 400);
    const minutes = '## Decisions\n\n- Kela and SKA exchange **A1** data monthly\n- Follow up in <b>March</b>\n\nSee [the register](https://talsinki.example/bottlenecks).';
    const published = (await patch({ minutes, outcomes: ['Monthly data exchange agreed'], state: 'minutes_published' })).json();
    expect(published.state).toBe('minutes_published');
    const page = (await t.app.inject({ url: `/api/dialogues/${ref}` })).json();
    expect(page.minutes).toBe(minutes);
    expect(page.minutesHtml).toContain('<strong>A1</strong>');
    expect(page.minutesHtml).toContain('&lt;b&gt;March&lt;/b&gt;');
    expect(page.minutesHtml).toContain('<a href="https://talsinki.example/bottlenecks">');
    expect(page.outcomes).toEqual(['Monthly data exchange agreed']);
    expect(page.minutesPdfUrl).toBe(`/api/dialogues/${ref}/minutes.pdf`);
  });

  it('refuses to mark a dialogue held before it has begun, and takes it once the start is moved to the past', async () => {
    const ahead = new Date(Date.now() + 49 * 86_400_000);
    const at = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000).toISOString();
    const { ref } = expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), startsAt: at(ahead, 0), endsAt: at(ahead, 2) } }), 201).json();
    const patch = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload });
    const refused = expectProblem(await patch({ state: 'held' }), 409);
    expect(refused.type).toBe('/problems/not-started');
    expect((await t.app.inject({ url: `/api/dialogues/${ref}`, headers: editor.headers })).json().state).toBe('planned');
    // Moving the start into the past in the same change is taken: the check reads the new start.
    const past = new Date(Date.now() - 3 * 3_600_000);
    expect((await patch({ state: 'held', startsAt: at(past, 0), endsAt: at(past, 2) })).json().state).toBe('held');
  });

  it('holds outcomes back with the minutes until they are published, wherever the dialogue shows', async () => {
    const outcome = 'Kela and SKA agree to exchange A1 data monthly (not yet public)';
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    const patch = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload });
    expect((await patch({ state: 'held' })).statusCode).toBe(200);
    expect((await patch({ minutes: 'Draft minutes', outcomes: [outcome] })).statusCode).toBe(200);
    const detail = (session?: Session) => t.app.inject({ url: `/api/dialogues/${ref}`, headers: session ? { cookie: session.cookie } : {} });
    // Every reader but the editors: visitors, members, and the service owners who took part.
    for (const session of [undefined, member, kelaOwner]) {
      const page = (await detail(session)).json();
      expect(page.outcomes).toEqual([]);
      expect(page.minutes).toBeNull();
    }
    expect((await detail(editor)).json().outcomes).toEqual([outcome]);
    const surfaces = [
      `/api/dialogues/${ref}`,
      '/api/dialogues?limit=100',
      `/api/dialogues/${ref}.ics`,
      '/api/dialogues.ics',
      `/api/trace/dialogue/${ref}`,
      '/api/stakeholders',
    ];
    for (const url of surfaces) {
      const response = await t.app.inject({ url, headers: { cookie: kelaOwner.cookie } });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain('A1 data monthly');
    }
    expectProblem(await t.app.inject({ url: `/api/dialogues/${ref}/minutes.pdf` }), 404);
    expect((await patch({ state: 'minutes_published' })).statusCode).toBe(200);
    expect((await detail()).json().outcomes).toEqual([outcome]);
    expect((await t.app.inject({ url: `/api/dialogues/${ref}/minutes.pdf` })).statusCode).toBe(200);
  });

  it('clears an optional place, link or description with null, leaves omitted fields alone, and refuses an empty place', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    const patch = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload });
    const read = async () => (await t.app.inject({ url: `/api/dialogues/${ref}`, headers: editor.headers })).json();
    const sequence = async () => (await t.db.kysely.selectFrom('dialogues').select('sequence').where('ref', '=', ref).executeTakeFirstOrThrow()).sequence;
    const before = await sequence();
    const empty = await patch({ place: '' });
    expectProblem(empty, 400);
    expect(empty.json().errors.map((e: { path: string }) => e.path)).toContain('body/place');
    expect((await read()).place).toBe(roundtable().place);

    expect((await patch({ place: null, onlineUrl: null })).statusCode).toBe(200);
    let page = await read();
    expect(page.place).toBeNull();
    expect(page.onlineUrl).toBeNull();
    expect(page.description).toEqual(roundtable().description);
    expect(await sequence()).toBeGreaterThan(before); // where it is held changed: calendars pick it up

    const cleared = await sequence();
    expect((await patch({ place: null, description: null })).statusCode).toBe(200);
    page = await read();
    expect(page.description).toBeNull();
    expect(page.title).toEqual(roundtable().title);
    expect(await sequence()).toBe(cleared); // clearing a place already empty reschedules nothing
  });

  it('writes the minutes as a paged PDF with the dialogue named in it', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    expectProblem(await t.app.inject({ url: `/api/dialogues/${ref}/minutes.pdf` }), 404);
    const long = Array.from({ length: 80 }, (_, i) => `${i + 1}. Point ${i + 1}: työmatkalaiset, pendeldajad, õigus ja šveitsi žürii — *discussed* at length with **Kela**.`).join('\n');
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { state: 'held' } });
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { minutes: `# Minutes\n\n${long}`, state: 'minutes_published' } });
    const response = await t.app.inject({ url: `/api/dialogues/${ref}/minutes.pdf?lang=fi` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-1.')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)!.length).toBeGreaterThanOrEqual(2);
    // The document title (UTF-16 in the info dictionary) carries the reference; fonts are embedded.
    const utf16 = Buffer.from(ref, 'utf16le').swap16().toString('latin1');
    expect(pdf.includes(utf16)).toBe(true);
    expect(pdf.includes('/FontFile2')).toBe(true);
  });

  it('keeps each version of the minutes PDF per language, with an ETag that answers 304 until what it shows changes', async () => {
    const publish = async (payload: Record<string, unknown>) => {
      const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload })).json();
      await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { state: 'held' } });
      await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { minutes: '## Decisions\n\n- Kela names a contact person.', state: 'minutes_published' } });
      return ref as string;
    };
    const pdf = (ref: string, query = '?lang=en', headers: Record<string, string> = {}) => t.app.inject({ url: `/api/dialogues/${ref}/minutes.pdf${query}`, headers });
    const ref = await publish(roundtable());
    const first = await pdf(ref);
    const second = await pdf(ref);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(second.headers.etag).toBe(etag);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(first.headers['cache-control']).toBe('private, no-cache');

    const notModified = await pdf(ref, '?lang=en', { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect((await pdf(ref, '?lang=en', { 'if-none-match': `"other", ${etag.slice(2)}` })).statusCode).toBe(304);
    const finnish = await pdf(ref, '?lang=fi', { 'if-none-match': etag });
    expect(finnish.statusCode).toBe(200);
    expect(finnish.headers.etag).not.toBe(etag);

    // An edit of the minutes, or of a bottleneck the PDF names, is a new version.
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { minutes: '## Decisions\n\n- Kela and the Board name a contact person each.' } });
    const edited = await pdf(ref, '?lang=en', { 'if-none-match': etag });
    expect(edited.statusCode).toBe(200);
    expect(edited.headers.etag).not.toBe(etag);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${bottleneck.id}`, headers: editor.headers, payload: { title: { en: 'Unemployment benefit lost after a move from Tallinn to Helsinki' } } })).statusCode).toBe(200);
    const retitled = await pdf(ref, '?lang=en', { 'if-none-match': String(edited.headers.etag) });
    expect(retitled.statusCode).toBe(200);
    expect(retitled.headers.etag).not.toBe(edited.headers.etag);

    // An internal dialogue's PDF, once kept for staff, is neither served nor confirmed to others.
    const internal = await publish({ ...roundtable(), visibility: 'internal' });
    const forStaff = await pdf(internal, '?lang=en', editor.headers);
    expect(forStaff.statusCode).toBe(200);
    const staffTag = String(forStaff.headers.etag);
    expectProblem(await pdf(internal), 404);
    expectProblem(await pdf(internal, '?lang=en', { 'if-none-match': staffTag }), 404);
    expectProblem(await pdf(internal, '?lang=en', { ...hslOwner.headers, 'if-none-match': staffTag }), 404);
    expectProblem(await pdf(internal, '?lang=en', { 'if-none-match': '*' }), 404);
    // Kela took part: it sees what staff see here, so the same version.
    expect((await pdf(internal, '?lang=en', { ...kelaOwner.headers, 'if-none-match': staffTag })).statusCode).toBe(304);
  });

  it('keeps internal dialogues to staff and the institutions involved, who comment on them', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), visibility: 'internal', title: { en: 'Internal preparatory interview' } } })).json();
    expectProblem(await t.app.inject({ url: `/api/dialogues/${ref}` }), 404);
    expect((await t.app.inject({ url: '/api/dialogues?limit=100' })).json().items.map((d: { ref: string }) => d.ref)).not.toContain(ref);
    expectProblem(await t.app.inject({ url: `/api/dialogues/${ref}`, headers: hslOwner.headers }), 404);
    const asKela = (await t.app.inject({ url: `/api/dialogues/${ref}`, headers: kelaOwner.headers })).json();
    expect(asKela.viewer).toEqual({ canManage: false, canComment: true });
    expect((await t.app.inject({ method: 'POST', url: `/api/dialogues/${ref}/comments`, headers: kelaOwner.headers, payload: { body: 'Kela can bring the A1 statistics.' } })).statusCode).toBe(201);
    const publicRef = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json().ref;
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/dialogues/${publicRef}/comments`, headers: member.headers, payload: { body: 'I want to comment too.' } }), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/dialogues/${publicRef}/comments`, headers: hslOwner.headers, payload: { body: 'Not our dialogue.' } }), 403);
    const comments = (await t.app.inject({ url: `/api/dialogues/${ref}`, headers: editor.headers })).json().comments;
    expect(comments).toMatchObject([{ body: 'Kela can bring the A1 statistics.', institution: { id: kela.id } }]);
    const personalData = (await t.app.inject({ url: '/api/me/export', headers: { cookie: kelaOwner.cookie } })).json();
    expect(personalData.dialogueComments).toMatchObject([{ ref, body: 'Kela can bring the A1 statistics.' }]);
  });
});

describe('calendar', () => {
  it('gives each dialogue as an iCalendar event in its own time zone', async () => {
    const { ref, id } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    const response = await t.app.inject({ url: `/api/dialogues/${ref}.ics?lang=fi` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    for (const line of response.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(response.body));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(`${id}@talsinki`);
    expect(event.summary).toBe(`Rajatyöntekijöiden sosiaaliturva (${ref})`);
    expect(event.location).toContain('Esterinportti 2 B, Helsinki');
    expect(event.startDate.zone.tzid).toBe('Europe/Helsinki');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-03T08:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-11-03T10:30:00.000Z');
    expect(event.startDate.hour).toBe(10);
    expect(event.description).toContain(`https://talsinki.example/dialogues/${ref}`);
  });

  it('publishes a feed of the public dialogues that follows reschedules and cancellations', async () => {
    const { ref, id } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), startsAt: '2026-07-01T06:00:00.000Z', endsAt: '2026-07-01T08:00:00.000Z' } })).json();
    const internal = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), visibility: 'internal' } })).json();
    const events = async () => {
      const calendar = new ICAL.Component(ICAL.parse((await t.app.inject({ url: '/api/dialogues.ics' })).body));
      return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    };
    const first = (await events()).find((e) => e.uid === `${id}@talsinki`)!;
    expect(first.startDate.hour).toBe(9); // 06:00 UTC is 09:00 in Helsinki in summer (EEST)
    expect((await events()).some((e) => e.uid === `${internal.id}@talsinki`)).toBe(false);
    const etag = (await t.app.inject({ url: '/api/dialogues.ics' })).headers.etag as string;
    expect((await t.app.inject({ url: '/api/dialogues.ics', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { startsAt: '2026-07-02T06:00:00.000Z', endsAt: '2026-07-02T08:00:00.000Z' } });
    expect((await t.app.inject({ url: '/api/dialogues.ics', headers: { 'if-none-match': etag } })).statusCode).toBe(200);
    const moved = (await events()).find((e) => e.uid === `${id}@talsinki`)!;
    expect(moved.sequence).toBeGreaterThan(first.sequence);
    expect(moved.startDate.day).toBe(2);
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { state: 'cancelled' } });
    const cancelled = (await events()).find((e) => e.uid === `${id}@talsinki`)!;
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.sequence).toBeGreaterThan(moved.sequence);
  });

  it('invites participants by e-mail with the event attached, once each', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/dialogues/${ref}/invitations`, headers: member.headers }), 403);
    const first = await t.app.inject({ method: 'POST', url: `/api/dialogues/${ref}/invitations`, headers: editor.headers });
    expect(first.json()).toEqual({ invited: 2 });
    expect((await t.app.inject({ method: 'POST', url: `/api/dialogues/${ref}/invitations`, headers: editor.headers })).json()).toEqual({ invited: 0 });
    const mail = await t.db.kysely.selectFrom('outbox').selectAll().where('subject', 'like', 'Invitation: Social security%').where('to_address', '=', 'liisa@example.test').execute();
    expect(mail.length).toBe(1);
    expect(mail[0].body_text).toContain(`https://talsinki.example/dialogues/${ref}`);
    expect(mail[0].body_text).toContain('3 November 2026, 10:00–12:30 (Europe/Helsinki)');
    const invitation = new ICAL.Component(ICAL.parse(mail[0].ical_event!));
    expect(invitation.getFirstPropertyValue('method')).toBe('REQUEST');
    // Each invitation names its own recipient only.
    const attendees = invitation.getFirstSubcomponent('vevent')!.getAllProperties('attendee').map((p) => p.getFirstValue());
    expect(attendees).toEqual(['mailto:liisa@example.test']);
    expect(mail[0].ical_event).not.toContain('mart@example.test');
    // Editing the dialogue (minutes, participants as they were) neither re-invites nor reschedules.
    const before = (await t.db.kysely.selectFrom('dialogues').select('sequence').where('ref', '=', ref).executeTakeFirstOrThrow()).sequence;
    const page = (await t.app.inject({ url: `/api/dialogues/${ref}`, headers: editor.headers })).json();
    const same = page.participants.map((p: { institution: { id: string } | null; name: string | null; role: string | null; email: string | null; consentToBeNamed: boolean }) => ({
      ...(p.institution ? { institutionId: p.institution.id } : {}),
      ...(p.name ? { name: p.name } : {}),
      ...(p.role ? { role: p.role } : {}),
      ...(p.email ? { email: p.email } : {}),
      consentToBeNamed: p.consentToBeNamed,
    }));
    expect((await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { startsAt: page.startsAt, participants: same, minutes: 'Draft notes' } })).statusCode).toBe(200);
    expect((await t.db.kysely.selectFrom('dialogues').select('sequence').where('ref', '=', ref).executeTakeFirstOrThrow()).sequence).toBe(before);
    expect((await t.app.inject({ method: 'POST', url: `/api/dialogues/${ref}/invitations`, headers: editor.headers })).json()).toEqual({ invited: 0 });
  });
});

describe('interview records', () => {
  it('reuses a guide across interviews and keeps answers per question and coded findings', async () => {
    const guide = (await t.app.inject({ method: 'POST', url: '/api/interview-guides', headers: editor.headers, payload: { title: { en: 'Service owner interview' }, questions: [{ en: 'Which cross-border cases reach you?' }, { en: 'What stops you from solving them?' }] } })).json();
    const guides = (await t.app.inject({ url: '/api/interview-guides' })).json().items;
    const questions = guides.find((g: { id: string }) => g.id === guide.id).questions;
    expect(questions).toHaveLength(2);
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), type: 'interview', guideId: guide.id } })).json();
    const record = {
      answers: [{ questionId: questions[0].id, answer: 'Mostly people who moved and lost their benefit.' }, { questionId: questions[1].id, answer: 'No shared register of insurance periods.' }],
      findings: [{ text: 'Insurance periods are not visible across the border', code: 'social_security.periods', domain: 'social_security', bottleneck: bottleneck.ref }],
    };
    const page = (await t.app.inject({ method: 'PUT', url: `/api/dialogues/${ref}/interview`, headers: editor.headers, payload: record })).json();
    expect(page.answers.map((a: { answer: string }) => a.answer)).toEqual(record.answers.map((a) => a.answer));
    expect(page.findings).toMatchObject([{ code: 'social_security.periods', bottleneck: { ref: bottleneck.ref } }]);
    const other = (await t.app.inject({ method: 'POST', url: '/api/interview-guides', headers: editor.headers, payload: { title: { en: 'Another guide' }, questions: [{ en: 'Anything else?' }] } })).json();
    const otherQuestion = (await t.app.inject({ url: '/api/interview-guides' })).json().items.find((g: { id: string }) => g.id === other.id).questions[0].id;
    const wrongQuestion = expectProblem(await t.app.inject({ method: 'PUT', url: `/api/dialogues/${ref}/interview`, headers: editor.headers, payload: { answers: [{ questionId: otherQuestion, answer: 'x' }], findings: [] } }), 400);
    expect(wrongQuestion.errors![0].path).toBe('body/answers/0/questionId');
    const wrongBottleneck = expectProblem(await t.app.inject({ method: 'PUT', url: `/api/dialogues/${ref}/interview`, headers: editor.headers, payload: { answers: [], findings: [{ text: 'Ghost', code: 'x.y', bottleneck: 'BN-1999-0001' }] } }), 400);
    expect(wrongBottleneck.errors![0].path).toBe('body/findings/0/bottleneck');
    // The record goes public with the minutes; before that only editors see it.
    expect((await t.app.inject({ url: `/api/dialogues/${ref}` })).json().answers).toEqual([]);
    expect((await t.app.inject({ url: `/api/dialogues/${ref}`, headers: editor.headers })).json().answers).toHaveLength(2);
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { state: 'held' } });
    await t.app.inject({ method: 'PATCH', url: `/api/dialogues/${ref}`, headers: editor.headers, payload: { minutes: 'Interview notes.', state: 'minutes_published' } });
    const published = (await t.app.inject({ url: `/api/dialogues/${ref}` })).json();
    expect(published.answers).toHaveLength(2);
    expect(published.findings).toMatchObject([{ code: 'social_security.periods' }]);
  });
});

describe('interview guides', () => {
  it('count only the interviews the caller may see', async () => {
    const guide = (await t.app.inject({ method: 'POST', url: '/api/interview-guides', headers: editor.headers, payload: { title: { en: 'Counted guide' }, questions: [{ en: 'What stops you?' }] } })).json();
    await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), type: 'interview', guideId: guide.id } });
    // An internal interview of HSL, which Kela took no part in.
    const internal = { ...roundtable(), type: 'interview', guideId: guide.id, visibility: 'internal', organiserId: hsl.id, participants: [{ institutionId: hsl.id, consentToBeNamed: false }] };
    expect((await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: internal })).statusCode).toBe(201);
    const count = async (session?: Session) =>
      (await t.app.inject({ url: '/api/interview-guides', headers: session ? { cookie: session.cookie } : {} })).json().items.find((g: { id: string }) => g.id === guide.id).interviewCount;
    expect(await count()).toBe(1);
    expect(await count(member)).toBe(1);
    expect(await count(kelaOwner)).toBe(1);
    expect(await count(hslOwner)).toBe(2);
    expect(await count(editor)).toBe(2);
  });
});

describe('links through merges and attachments', () => {
  it('moves agenda links to the bottleneck kept when duplicates merge', async () => {
    const duplicate = await publishedBottleneck('Unemployment benefit lost when moving to Helsinki from Tallinn');
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), bottlenecks: [duplicate.ref], agenda: [{ title: 'Duplicate case', bottleneck: duplicate.ref }] } })).json();
    const moderator = (await loginAs(t, 'moderator')).session;
    expect((await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/merge`, headers: moderator.headers, payload: { into: bottleneck.ref } })).statusCode).toBe(200);
    const page = (await t.app.inject({ url: `/api/dialogues/${ref}` })).json();
    expect(page.bottlenecks.map((b: { ref: string }) => b.ref)).toEqual([bottleneck.ref]);
    expect(page.agenda[0].bottleneck.ref).toBe(bottleneck.ref);
  });

  it('takes files from editors only, lists them on the page and serves them to whoever sees the dialogue', async () => {
    const { ref } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    const upload = (content: Buffer, filename: string, session = editor) => {
      const boundary = '----talsinki';
      const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return t.app.inject({ method: 'POST', url: `/api/dialogues/${ref}/attachments`, headers: { ...session.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    };
    expectProblem(await upload(Buffer.from('%PDF-1.4 agenda'), 'agenda.pdf', member), 403);
    expectProblem(await upload(Buffer.from('%PDF-1.4 agenda'), 'agenda.pdf', kelaOwner), 403);
    const created = await upload(Buffer.from('%PDF-1.4 agenda'), 'agenda.pdf');
    expect(created.statusCode).toBe(201);
    const page = (await t.app.inject({ url: `/api/dialogues/${ref}` })).json();
    expect(page.attachments).toMatchObject([{ filename: 'agenda.pdf', mediaType: 'application/pdf', url: `/api/dialogues/${ref}/attachments/${created.json().id}` }]);
    const download = await t.app.inject({ url: page.attachments[0].url });
    expect(download.body).toBe('%PDF-1.4 agenda');
  });

  it('lets editors, and only editors, remove a file, recorded in the audit trail', async () => {
    const { ref, id } = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: roundtable() })).json();
    const boundary = '----talsinki';
    const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="draft.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 draft\r\n--${boundary}--\r\n`);
    const file = (await t.app.inject({ method: 'POST', url: `/api/dialogues/${ref}/attachments`, headers: { ...editor.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body })).json();
    const remove = (headers?: Record<string, string>) => t.app.inject({ method: 'DELETE', url: file.url, headers });
    expectProblem(await remove(), 401);
    expectProblem(await remove(member.headers), 403);
    expectProblem(await remove(kelaOwner.headers), 403);
    expectProblem(await remove((await loginAs(t, 'moderator')).session.headers), 403);
    expect((await t.app.inject({ url: `/api/dialogues/${ref}` })).json().attachments).toHaveLength(1);

    expect((await remove(editor.headers)).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/dialogues/${ref}` })).json().attachments).toEqual([]);
    expectProblem(await t.app.inject({ url: file.url }), 404);
    const removed = await t.db.kysely.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'dialogue.attachment_removed').where('entity_id', '=', id).execute();
    expect(removed).toEqual([{ actor_id: editor.userId, details: { attachmentId: file.id, filename: 'draft.pdf' } }]);
  });
});

describe('searching dialogues (issue 15: the search engine of every list)', () => {
  type Found = { items: { id: string; ref: string }[]; total: number; matches?: { id: string; highlights: Record<string, Record<string, [number, number][]>> }[]; didYouMean?: string };
  const search = async (q: string, headers = {}, more = '') => expectStatus(await t.app.inject({ url: `/api/dialogues?limit=20&q=${encodeURIComponent(q)}${more}`, headers }), 200).json() as Found;
  const refs = async (q: string, headers = {}) => (await search(q, headers)).items.map((d) => d.ref);

  it('finds a dialogue by an Estonian word inflected, a compound part, a typo or without diacritics, and marks where', async () => {
    const harbour = expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), title: { et: 'Sadamate ühistranspordi ümarlaud', en: 'Harbour transit roundtable' } } }), 201).json();
    expect(await refs('sadamas')).toEqual([harbour.ref]);
    expect(await refs('ühistransport')).toEqual([harbour.ref]);
    expect(await refs('transpordi')).toEqual([harbour.ref]);
    expect(await refs('roundtabel')).toContain(harbour.ref);
    expect(await refs('uhistranspordi')).toEqual([harbour.ref]);
    const found = await search('sadamas');
    // The English title's Harbour too: the glossary's term for sadam in English.
    expect(found.matches).toEqual([{ id: harbour.id, highlights: { title: { et: [[0, 8]], en: [[0, 7]] } } }]);
    // A word of the description finds it too (weighed below a title's), with nothing of the list's to mark.
    // (Every roundtable of this file says it: all of them, not only the first page's twenty.)
    const described = expectStatus(await t.app.inject({ url: `/api/dialogues?limit=100&q=${encodeURIComponent('Insurance Board benefits')}` }), 200).json() as Found;
    expect(described.items.map((d) => d.ref)).toContain(harbour.ref);
    expect((await t.app.inject({ url: '/api/dialogues?limit=5' })).json().matches).toBeUndefined();
  });

  it('offers a corrected search only from dialogues the caller may see', async () => {
    const closed = expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), title: { et: 'Konfidentsiaalsuslepingu arutelu' }, visibility: 'internal', participants: [] } }), 201).json();
    const typo = 'konfidentsiaalsuslepxxgu';
    const visitor = await search(typo);
    expect(visitor.total).toBe(0);
    expect(visitor.didYouMean).toBeUndefined();
    const staff = await search(typo, { cookie: editor.cookie });
    expect(staff.total).toBe(0);
    expect(staff.didYouMean).toEqual(expect.any(String));
    expect(await refs(staff.didYouMean!, { cookie: editor.cookie })).toEqual([closed.ref]);
    expect(await refs(staff.didYouMean!)).toEqual([]);
  });

  it('finds at once what another transaction wrote, and never a word of outcomes not yet published', async () => {
    const created = expectStatus(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { ...roundtable(), title: { fi: 'Saariston yhteysalusten kuuleminen' } } }), 201).json();
    expect(await refs('yhteysalusten')).toEqual([created.ref]);
    await t.db.kysely.updateTable('dialogues').set({ title: JSON.stringify({ fi: 'Saariston lossien kuuleminen' }), outcomes: ['Lossiliikenteen talviaikataulu yhteiseksi'] }).where('id', '=', created.id).execute();
    expect(await refs('yhteysalusten')).toEqual([]);
    expect(await refs('lossien')).toEqual([created.ref]);
    expect(await refs('talviaikataulu')).toEqual([]);
    await t.db.kysely.updateTable('dialogues').set({ state: 'minutes_published' }).where('id', '=', created.id).execute();
    expect(await refs('talviaikataulu')).toEqual([created.ref]);
  });

  it('answers any words with 200 (or 400 past the length cap), never 500', async () => {
    const hostile = ['"', '""""', '-', '- - - -', '-'.repeat(150), 'a or or or b', '"unclosed phrase', '%_\\', "'; drop table dialogues; --", '\u0000', '人口统计', 'DL-2026-', 'dl-2026-0001-0001', 'x'.repeat(200), 'ü'.repeat(120)];
    for (const q of hostile) {
      for (const sort of ['starts', 'relevance']) expect([200, 400]).toContain((await t.app.inject({ url: `/api/dialogues?q=${encodeURIComponent(q)}&sort=${sort}` })).statusCode);
    }
    expect([200, 400]).toContain((await t.app.inject({ url: '/api/dialogues?q=%ED%A0%80%FF' })).statusCode);
    expectProblem(await t.app.inject({ url: `/api/dialogues?q=${'x'.repeat(201)}` }), 400);
  });
});
