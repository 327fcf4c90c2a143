import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, CommentList, ConsultationDetail, ConsultationList, ModerationList } from '../../../shared/schemas/consultations.ts';
import { expectProblem as expectProblemBody, expectStatus, loginAs, PASSWORD, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import type { InjectOptions } from '../../test/harness.ts';
import { anonymousBrowser, consultationInput, hoursFromNow } from './consultations.fixture.ts';

/** The problem document with its registered code, and each field's code. */
const expectProblem = (response: Parameters<typeof expectProblemBody>[0], status: number) =>
  expectProblemBody(response, status) as ReturnType<typeof expectProblemBody> & { code: string; errors?: { path: string; message: string; code: string }[] };

let t: TestApp;
let editor: Session;
let moderator: Session;
let member: Session;
let open: ConsultationDetail;

const at = hoursFromNow;

function consultation(overrides: Record<string, unknown> = {}) {
  return consultationInput({
    title: { en: 'Joint plan draft', fi: 'Yhteisen suunnitelman luonnos' },
    summary: { en: 'A draft put before the public.' },
    sections: [
      { kind: 'main', title: { en: 'Vision' }, body: { en: '# Vision\n\nA *shared* region. <b>bold</b>' } },
      { kind: 'part', title: { en: 'Transport' }, abstract: { en: 'Ferries and the tunnel' }, body: { en: 'Text' } },
    ],
    ...overrides,
  });
}

async function create(overrides: Record<string, unknown> = {}) {
  return expectStatus(await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload: consultation(overrides) }), 201).json() as ConsultationDetail;
}

const browser = (ip: string) => anonymousBrowser(t, ip);

const comment = (c: ConsultationDetail, payload: Record<string, unknown>, extra: Partial<InjectOptions> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments`, payload: { sectionId: c.sections[0].id, language: 'en', body: 'A comment', ...payload }, remoteAddress: '192.0.2.10', ...extra } as InjectOptions);

const count = async (table: 'consultation_comments' | 'consultation_supports' | 'consultation_flags' | 'consultation_respondents' | 'consultations' | 'consultation_sections') =>
  Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const counted = async (sectionId: string) =>
  (await t.db.kysely.selectFrom('consultation_comment_counts').select(['language', 'side', 'n', 'replies']).where('section_id', '=', sectionId).orderBy('language').orderBy('side').execute()).map((r) => ({ ...r, n: Number(r.n), replies: Number(r.replies) }));
const rowsNow = () => Promise.all([count('consultation_comments'), count('consultation_supports'), count('consultation_flags'), count('consultation_respondents')]);
const list = async (c: ConsultationDetail, query = '', headers: Record<string, string> = {}) =>
  expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}/comments?${query}`, headers }), 200).json() as CommentList;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  moderator = (await loginAs(t, 'moderator')).session;
  member = (await loginAs(t, 'member')).session;
  open = await create();
});
afterAll(() => t?.close());

describe('consultations: editing and reading', () => {
  it('creates one with sections, renders their Markdown safely and lists it by state; unpublished ones only to staff', async () => {
    expect(open.ref).toMatch(/^CN-\d{4}-\d{4}$/);
    expect(open.state).toBe('open');
    expect(open.sections.map((s) => [s.kind, s.position])).toEqual([['main', 0], ['part', 1]]);
    // Raw HTML in the Markdown is shown as text; the heading moves under the page's own.
    expect(open.sections[0].bodyHtml!.en).toContain('<h3>Vision</h3>');
    expect(open.sections[0].bodyHtml!.en).toContain('&lt;b&gt;bold&lt;/b&gt;');
    const upcoming = await create({ opensAt: at(24), closesAt: at(48) });
    const closed = await create({ opensAt: at(-48), closesAt: at(-24) });
    const hidden = await create({ published: false });
    const states = async (query: string, headers: Record<string, string> = {}) =>
      (expectStatus(await t.app.inject({ url: `/api/consultations?${query}`, headers }), 200).json() as ConsultationList).items.map((c) => c.id);
    expect(await states('state=upcoming')).toContain(upcoming.id);
    expect(await states('state=closed')).toContain(closed.id);
    expect(await states('state=open')).not.toContain(closed.id);
    expect(await states('')).not.toContain(hidden.id);
    expect(await states('', moderator.headers)).toContain(hidden.id);
    expectProblem(await t.app.inject({ url: `/api/consultations/${hidden.slug}` }), 404);
    expect(expectStatus(await t.app.inject({ url: `/api/consultations/${hidden.slug}`, headers: moderator.headers }), 200).json().published).toBe(false);
    expect(expectStatus(await t.app.inject({ url: `/api/consultations/${open.ref}` }), 200).json().id).toBe(open.id);
  });

  it('refuses closing before opening, a plan subject without a plan, scripts in a section and a taken slug, writing nothing', async () => {
    const before = await Promise.all([count('consultations'), count('consultation_sections')]);
    const bad = async (overrides: Record<string, unknown>, status = 400) => expectProblem(await t.app.inject({ method: 'POST', url: '/api/consultations', headers: editor.headers, payload: consultation(overrides) }), status);
    expect((await bad({ opensAt: at(5), closesAt: at(4) })).errors?.[0]).toMatchObject({ path: 'body/closesAt', code: 'end-before-start' });
    expect((await bad({ subject: 'plan' })).errors?.[0]).toMatchObject({ path: 'body/planId', code: 'required' });
    expect((await bad({ subject: 'plan', planId: '00000000-0000-4000-8000-000000000000' })).errors?.[0]).toMatchObject({ path: 'body/planId', code: 'unknown-plan' });
    expect((await bad({ subject: 'framework_version', frameworkVersionId: '00000000-0000-4000-8000-000000000000' })).errors?.[0]).toMatchObject({ path: 'body/frameworkVersionId', code: 'unknown-framework-version' });
    expect((await bad({ sections: [{ kind: 'main', title: { en: 'x' }, body: { fi: 'ok <script>alert(1)</script>' } }] })).errors?.[0]).toMatchObject({ path: 'body/sections/0/body/fi', code: 'unsafe-markup' });
    expect((await bad({ sections: [{ kind: 'chapter', title: { en: 'x' } }] })).errors?.[0].path).toContain('kind');
    expect((await bad({ slug: open.slug }, 409)).code).toBe('slug-taken');
    expect(await Promise.all([count('consultations'), count('consultation_sections')])).toEqual(before);
    // Only editors create.
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/consultations', headers: moderator.headers, payload: consultation() }), 403);
  });

  it('adds, edits and removes sections; a section with comments stays', async () => {
    const c = await create();
    const added = expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/sections`, headers: editor.headers, payload: { kind: 'closure', title: { et: 'Kokkuvõte' } } }), 201).json() as ConsultationDetail;
    const closure = added.sections.at(-1)!;
    expect([closure.kind, closure.position]).toEqual(['closure', 2]);
    const edited = expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/consultations/${c.id}/sections/${closure.id}`, headers: editor.headers, payload: { body: { en: 'What happens next' }, position: 9 } }), 200).json() as ConsultationDetail;
    expect(edited.sections.at(-1)).toMatchObject({ id: closure.id, position: 9, body: { en: 'What happens next' } });
    expectStatus(await t.app.inject({ method: 'DELETE', url: `/api/consultations/${c.id}/sections/${closure.id}`, headers: editor.headers }), 204);
    expectStatus(await comment(c, {}), 201);
    expect((expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/consultations/${c.id}/sections/${c.sections[0].id}`, headers: editor.headers }), 409)).code).toBe('has-dependants');
    const patched = expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/consultations/${c.id}`, headers: editor.headers, payload: { moderation: 'before', title: { en: 'Renamed' } } }), 200).json() as ConsultationDetail;
    expect([patched.moderation, patched.title.en]).toEqual(['before', 'Renamed']);
  });

  it('keeps a section image with its alternative text in the attachments module, and refuses an image without one', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const form = (fields: Record<string, string>) => {
      const boundary = 'x-boundary';
      const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
      const body = Buffer.concat([Buffer.from(parts.join('')), Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="map.png"\r\ncontent-type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return { headers: { ...editor.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
    };
    const url = `/api/consultations/${open.id}/sections/${open.sections[1].id}/attachments`;
    const before = Number((await t.db.kysely.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(expectProblem(await t.app.inject({ method: 'POST', url, ...form({}) }), 400).errors?.[0]).toMatchObject({ path: 'body/alt_en', code: 'required' });
    expect(Number((await t.db.kysely.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
    const file = expectStatus(await t.app.inject({ method: 'POST', url, ...form({ alt_en: 'The tunnel corridor between the two capitals', alt_fi: 'Tunnelikäytävä' }) }), 201).json();
    expect(file.alt).toEqual({ en: 'The tunnel corridor between the two capitals', fi: 'Tunnelikäytävä' });
    const detail = expectStatus(await t.app.inject({ url: `/api/consultations/${open.id}` }), 200).json() as ConsultationDetail;
    expect(detail.sections[1].files).toEqual([expect.objectContaining({ id: file.id, mediaType: 'image/png', alt: file.alt })]);
    const download = expectStatus(await t.app.inject({ url: file.url }), 200);
    expect(download.headers['content-type']).toBe('image/png');
    expectStatus(await t.app.inject({ method: 'DELETE', url: `${url}/${file.id}`, headers: editor.headers }), 204);
    expectProblem(await t.app.inject({ url: file.url }), 404);
  });
});

describe('consultations: comments', () => {
  it('takes anonymous comments with the relation given once as their side, keeps markup as text and counts them per section, language and side', async () => {
    const c = await create();
    const anon = browser('198.51.100.7');
    expectStatus(await anon({ method: 'PUT', url: `/api/consultations/${c.id}/respondent`, payload: { relation: 'commutes' } }), 200);
    const first = expectStatus(await anon({ method: 'POST', url: `/api/consultations/${c.id}/comments`, payload: { sectionId: c.sections[0].id, language: 'et', body: 'Praamid <b>peavad</b> sagedamini käima' } }), 201).json() as Comment;
    expect(first).toMatchObject({ side: 'commutes', state: 'published', authorName: null, language: 'et', body: 'Praamid <b>peavad</b> sagedamini käima', mine: true });
    // A signed-in author may sign; without a relation the side is unknown.
    const signed = expectStatus(await comment(c, { body: 'Signed', language: 'fi', showName: true }, { headers: member.headers }), 201).json() as Comment;
    expect(signed.authorName).toMatch(/^Test member/);
    expect(signed.side).toBe('unknown');
    const unsigned = expectStatus(await comment(c, { body: 'Unsigned' }, { headers: member.headers }), 201).json() as Comment;
    expect(unsigned.authorName).toBeNull();
    // Deleting the account leaves the signed comment anonymous.
    const leaving = (await loginAs(t, 'member')).session;
    const gone = expectStatus(await comment(await create(), { body: 'Signed, then gone', showName: true }, { headers: leaving.headers }), 201).json() as Comment;
    expect(gone.authorName).not.toBeNull();
    expectStatus(await t.app.inject({ method: 'DELETE', url: '/api/me', headers: leaving.headers, payload: { password: PASSWORD } }), 204);
    expect(await t.db.kysely.selectFrom('consultation_comments').select(['author_name', 'user_id']).where('id', '=', gone.id).executeTakeFirst()).toEqual({ author_name: null, user_id: null });
    expect(await counted(c.sections[0].id)).toEqual([
      { language: 'en', side: 'unknown', n: 1, replies: 0 },
      { language: 'et', side: 'commutes', n: 1, replies: 0 },
      { language: 'fi', side: 'unknown', n: 1, replies: 0 },
    ]);
    const all = await list(c, `section=${c.sections[0].id}`);
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.body)).toEqual(['Unsigned', 'Signed', 'Praamid <b>peavad</b> sagedamini käima']);
    expect((await list(c, `section=${c.sections[0].id}&side=commutes`)).items.map((i) => i.id)).toEqual([first.id]);
    expect((await list(c, `section=${c.sections[0].id}&language=fi`)).total).toBe(1);
    expect((await list(c, `section=${c.sections[0].id}&sort=date&limit=1&offset=1`)).items.map((i) => i.body)).toEqual(['Signed']);
    const detail = expectStatus(await anon({ url: `/api/consultations/${c.id}` }), 200).json() as ConsultationDetail;
    expect(detail.sections[0].counts).toEqual({ comments: 3, replies: 0 });
    expect(detail.sections[0].bySide).toMatchObject({ commutes: 1, unknown: 2, lives_fi: 0 });
    expect(detail.viewer.relation).toBe('commutes');
  });

  it('replies one level deep, sorts by support, and counts each supporter once', async () => {
    const c = await create();
    const a = expectStatus(await comment(c, { body: 'First' }), 201).json() as Comment;
    const b = expectStatus(await comment(c, { body: 'Second' }), 201).json() as Comment;
    const reply = expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${a.id}/replies`, payload: { language: 'sv', body: 'Svar' } }), 201).json() as Comment;
    expect([reply.parentId, reply.sectionId]).toEqual([a.id, c.sections[0].id]);
    const voter = browser('203.0.113.5');
    const support = (id: string, method = 'POST') => voter({ method, url: `/api/consultations/${c.id}/comments/${id}/support` } as InjectOptions);
    expect(expectStatus(await support(a.id), 200).json()).toEqual({ supportCount: 1, supported: true });
    expect(expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${a.id}/support`, headers: member.headers }), 200).json().supportCount).toBe(2);
    const before = await rowsNow();
    expect(expectProblem(await support(a.id), 409).code).toBe('already-supported');
    expect(await rowsNow()).toEqual(before);
    const page = await list(c, 'sort=support');
    expect(page.items.map((i) => i.id)).toEqual([a.id, b.id]);
    expect(page.items[0]).toMatchObject({ supportCount: 2, replies: [expect.objectContaining({ id: reply.id, body: 'Svar' })] });
    expect((await list(c, `parent=${a.id}`)).items.map((i) => i.id)).toEqual([reply.id]);
    expect(expectStatus(await support(a.id, 'DELETE'), 200).json()).toEqual({ supportCount: 1, supported: false });
    expect(await counted(c.sections[0].id)).toEqual([{ language: 'en', side: 'unknown', n: 2, replies: 0 }, { language: 'sv', side: 'unknown', n: 0, replies: 1 }]);
  });

  it('refuses bad comments with a problem and writes nothing', async () => {
    const c = await create({ support: 'none' });
    const upcoming = await create({ opensAt: at(2), closesAt: at(48) });
    const closed = await create({ opensAt: at(-48), closesAt: at(-1) });
    const parent = expectStatus(await comment(c, { body: 'Parent' }), 201).json() as Comment;
    const reply = expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${parent.id}/replies`, payload: { language: 'en', body: 'Reply' } }), 201).json() as Comment;
    const before = await rowsNow();
    const countsBefore = await counted(c.sections[0].id);

    expect(expectProblem(await comment(upcoming, {}), 409).code).toBe('not-started');
    expect(expectProblem(await comment(closed, {}), 409).code).toBe('closed');
    expect(expectProblem(await comment(c, { body: 'Look <script>alert(1)</script>' }), 400).errors?.[0]).toMatchObject({ path: 'body/body', code: 'unsafe-markup' });
    expect(expectProblem(await comment(c, { body: '<img src=x onerror=alert(1)>' }), 400).errors?.[0].code).toBe('unsafe-markup');
    expect(expectProblem(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${reply.id}/replies`, payload: { language: 'en', body: 'Deeper' } }), 409).code).toBe('reply-depth');
    const language = expectProblem(await comment(c, { language: 'de' }), 400);
    expect(language.errors?.[0]).toMatchObject({ path: 'body/language', code: 'one-of' });
    expect(expectProblem(await comment(c, { sectionId: upcoming.sections[0].id }), 400).errors?.[0]).toMatchObject({ path: 'body/sectionId', code: 'unknown-section' });
    expect(expectProblem(await comment(c, { body: '   ' }), 400).errors?.[0]).toMatchObject({ path: 'body/body', code: 'blank' });
    expect(expectProblem(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${parent.id}/support` }), 403).code).toBe('support-off');
    const flagger = browser('203.0.113.77');
    expectStatus(await flagger({ method: 'POST', url: `/api/consultations/${c.id}/comments/${parent.id}/flags`, payload: { reason: 'spam' } }), 201);
    const afterFlag = await rowsNow();
    expect(expectProblem(await flagger({ method: 'POST', url: `/api/consultations/${c.id}/comments/${parent.id}/flags`, payload: { reason: 'offensive' } }), 409).code).toBe('already-flagged');
    expect(await rowsNow()).toEqual(afterFlag);
    expect(afterFlag).toEqual([before[0], before[1], before[2] + 1, before[3]]);
    expect(await counted(c.sections[0].id)).toEqual(countsBefore);
  });

  it('asks for an account where the consultation needs one, and takes no comments where it takes none', async () => {
    const c = await create({ commenting: 'signed_in', support: 'signed_in' });
    const before = await rowsNow();
    expect(expectProblem(await comment(c, {}), 401).code).toBe('unauthorized');
    const none = await create({ commenting: 'none' });
    expect(expectProblem(await comment(none, {}), 403).code).toBe('commenting-off');
    expect(await rowsNow()).toEqual(before);
    const mine = expectStatus(await comment(c, {}, { headers: member.headers }), 201).json() as Comment;
    expect(expectProblem(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${mine.id}/support` }), 401).code).toBe('unauthorized');
    const detail = expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}` }), 200).json() as ConsultationDetail;
    expect(detail.viewer).toMatchObject({ canComment: false, signInToComment: true, canSupport: false, signInToSupport: true });
  });

  it('stops a flood of anonymous comments from one address with 429', async () => {
    const c = await create();
    const ip = '198.51.100.99';
    for (let i = 0; i < 10; i++) expectStatus(await comment(c, { body: `Comment ${i}` }, { remoteAddress: ip }), 201);
    const before = await rowsNow();
    const flood = expectProblem(await comment(c, { body: 'One more' }, { remoteAddress: ip }), 429);
    expect(flood.code).toBe('too-many-requests');
    expect(await rowsNow()).toEqual(before);
    // Another address is not held back.
    expectStatus(await comment(c, { body: 'Elsewhere' }, { remoteAddress: '198.51.100.100' }), 201);
  });
});

describe('consultations: moderation', () => {
  it('holds comments for moderation before publication; the author sees theirs with its reason; every move is audited', async () => {
    const c = await create({ moderation: 'before' });
    const author = browser('192.0.2.55');
    const held = expectStatus(await author({ method: 'POST', url: `/api/consultations/${c.id}/comments`, payload: { sectionId: c.sections[0].id, language: 'en', body: 'Call me on 040 123 4567' } }), 201).json() as Comment;
    expect(held.state).toBe('pending');
    expect((await list(c)).items).toEqual([]);
    expect(await counted(c.sections[0].id)).toEqual([]);
    const queue = expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}/moderation`, headers: moderator.headers }), 200).json() as ModerationList;
    expect(queue.items.map((i) => i.id)).toEqual([held.id]);
    expectProblem(await t.app.inject({ url: `/api/consultations/${c.id}/moderation`, headers: member.headers }), 403);
    const moderate = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${id}/moderation`, headers: moderator.headers, payload });
    expect(expectProblem(await moderate(held.id, { state: 'rejected' }), 400).errors?.[0]).toMatchObject({ path: 'body/reason', code: 'required' });
    expect(expectStatus(await moderate(held.id, { state: 'rejected', reason: 'personal_data', note: 'Phone number' }), 200).json()).toMatchObject({ state: 'rejected', reason: 'personal_data' });
    // The public never sees it; its author does, with the reason.
    const publicList = await list(c);
    expect([publicList.items, publicList.mine]).toEqual([[], []]);
    const own = expectStatus(await author({ url: `/api/consultations/${c.id}/comments` }), 200).json() as CommentList;
    expect(own.mine).toEqual([expect.objectContaining({ id: held.id, state: 'rejected', reason: 'personal_data', mine: true })]);
    expect(await counted(c.sections[0].id)).toEqual([]);
    const second = expectStatus(await comment(c, { body: 'Fine' }), 201).json() as Comment;
    expectStatus(await moderate(second.id, { state: 'published' }), 200);
    expect((await list(c)).items.map((i) => i.id)).toEqual([second.id]);
    expect(await counted(c.sections[0].id)).toEqual([{ language: 'en', side: 'unknown', n: 1, replies: 0 }]);
    const trail = await t.db.kysely.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', held.id).orderBy('id').execute();
    expect(trail.map((e) => e.action)).toEqual(['consultation_comment.created', 'consultation_comment.moderated']);
    expect(trail[1].details).toMatchObject({ from: 'pending', to: 'rejected', reason: 'personal_data', note: 'Phone number' });
  });

  it('hides a comment published without moderation after three distinct flags, until a moderator decides', async () => {
    const c = await create({ moderation: 'after' });
    const target = expectStatus(await comment(c, { body: 'Rude words' }), 201).json() as Comment;
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${target.id}/replies`, payload: { language: 'fi', body: 'Samaa mieltä' } }), 201);
    const both = [{ language: 'en', side: 'unknown', n: 1, replies: 0 }, { language: 'fi', side: 'unknown', n: 0, replies: 1 }];
    expect(await counted(c.sections[0].id)).toEqual(both);
    const flag = (ip: string) => browser(ip)({ method: 'POST', url: `/api/consultations/${c.id}/comments/${target.id}/flags`, payload: { reason: 'offensive' } });
    expect(expectStatus(await flag('203.0.113.1'), 201).json()).toEqual({ flagCount: 1, state: 'published' });
    expect(expectStatus(await flag('203.0.113.2'), 201).json()).toEqual({ flagCount: 2, state: 'published' });
    const queue = expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}/moderation`, headers: moderator.headers }), 200).json() as ModerationList;
    expect(queue.items[0]).toMatchObject({ id: target.id, state: 'published', flagCount: 2 });
    expect((await list(c)).total).toBe(1);
    expect(expectStatus(await flag('203.0.113.3'), 201).json()).toEqual({ flagCount: 3, state: 'pending' });
    expect((await list(c)).items).toEqual([]);
    expect((await list(c)).total).toBe(0);
    // Its reply goes out of sight (and out of the counts) with it, and comes back with it.
    expect(await counted(c.sections[0].id)).toEqual([{ language: 'en', side: 'unknown', n: 0, replies: 0 }, { language: 'fi', side: 'unknown', n: 0, replies: 0 }]);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${target.id}/replies`, payload: { language: 'en', body: 'To a hidden comment' } }), 404);
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/comments/${target.id}/moderation`, headers: moderator.headers, payload: { state: 'published', note: 'Robust, not abusive' } }), 200);
    expect((await list(c)).total).toBe(1);
    expect(await counted(c.sections[0].id)).toEqual(both);
    const cleared = expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}/moderation`, headers: moderator.headers }), 200).json() as ModerationList;
    expect(cleared.items).toEqual([]);
  });
});
