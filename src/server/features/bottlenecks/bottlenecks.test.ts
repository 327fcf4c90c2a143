import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES } from '../../../shared/register.ts';
import { BottleneckList, BottleneckListItem } from '../../../shared/schemas/bottlenecks.ts';
import { createUser, expectProblem, expectStatus, login, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { listBottleneckItemsJson, listBottlenecks, toListItem } from './bottlenecks.service.ts';

let t: TestApp;
let moderator: Session;
let editor: Session;
let member: Session;
let ip = 0;
const nextIp = () => `198.18.0.${++ip}`;

beforeAll(async () => {
  t = await startTestApp();
  moderator = (await loginAs(t, 'moderator')).session;
  editor = (await loginAs(t, 'editor')).session;
  member = (await loginAs(t, 'member')).session;
});
afterAll(() => t?.close());

const report = {
  title: 'Finnish tax card is not accepted by Estonian employers',
  description: 'I live in Helsinki and work in Tallinn. My employer cannot use the Finnish tax card and withholds Estonian tax at the full rate.',
  language: 'en',
  domain: 'legal',
  topics: ['taxation', 'employment'],
  countries: ['FI', 'EE'],
  situation: 'lives_fi_works_ee',
};

const institution = async (slug: string) => (await t.app.inject({ url: `/api/institutions/${slug}` })).json() as { id: string };
const countBottlenecks = async () => Number((await t.db.kysely.selectFrom('bottlenecks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function submit(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: { ...report, ...overrides }, headers, remoteAddress: nextIp() });
  if (response.statusCode !== 201) throw new Error(`report failed: ${response.body}`);
  return response.json() as { id: string; ref: string; status: string };
}

async function patch(id: string, session: Session, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${id}`, headers: session.headers, payload });
}

async function published(overrides: Record<string, unknown> = {}) {
  const created = await submit(overrides);
  const response = await patch(created.id, moderator, { status: 'published' });
  if (response.statusCode !== 200) throw new Error(`publish failed: ${response.body}`);
  return created;
}

describe('reporting', () => {
  it('takes an anonymous report with a reference, keeps it out of public view until moderated, and records the language', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: { ...report, reporterEmail: 'reporter@example.fi' }, remoteAddress: nextIp() });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.ref).toMatch(new RegExp(`^BN-${new Date().getUTCFullYear()}-\\d{4}$`));
    expect(created.status).toBe('submitted');
    expect(response.headers.location).toBe(`/api/bottlenecks/${created.ref}`);

    expectProblem(await t.app.inject({ url: `/api/bottlenecks/${created.ref}` }), 404);
    const publicList = (await t.app.inject({ url: '/api/bottlenecks' })).json();
    expect(publicList.items.map((b: { id: string }) => b.id)).not.toContain(created.id);

    const queue = (await t.app.inject({ url: '/api/bottlenecks?status=submitted', headers: { cookie: moderator.cookie } })).json();
    expect(queue.items.map((b: { id: string }) => b.id)).toContain(created.id);
    const detail = (await t.app.inject({ url: `/api/bottlenecks/${created.id}`, headers: { cookie: moderator.cookie } })).json();
    expect(detail).toMatchObject({ originalLanguage: 'en', title: { en: report.title }, situation: 'lives_fi_works_ee', countries: ['FI', 'EE'] });
    expect(detail.timeline).toEqual([expect.objectContaining({ kind: 'submitted', toStatus: 'submitted' })]);
    expect(JSON.stringify(detail)).not.toContain('reporter@example.fi');
  });

  it('numbers references consecutively', async () => {
    const a = await submit();
    const b = await submit();
    expect(Number(b.ref.slice(-4))).toBe(Number(a.ref.slice(-4)) + 1);
  });

  it("shows members their own reports, whatever the status, and makes them followers", async () => {
    const { user, session } = await loginAs(t, 'member');
    const created = await submit({}, session.headers);
    const mine = (await t.app.inject({ url: '/api/bottlenecks?mine=true', headers: { cookie: session.cookie } })).json();
    expect(mine.items.map((b: { id: string }) => b.id)).toEqual([created.id]);
    const detail = (await t.app.inject({ url: `/api/bottlenecks/${created.ref}`, headers: { cookie: session.cookie } })).json();
    expect(detail.viewer).toMatchObject({ isReporter: true, following: true });
    expect(detail.followerCount).toBe(1);
    const other = (await loginAs(t, 'member')).session;
    expectProblem(await t.app.inject({ url: `/api/bottlenecks/${created.ref}`, headers: { cookie: other.cookie } }), 404);
    expectProblem(await t.app.inject({ url: '/api/bottlenecks?mine=true' }), 401);
    const personalData = (await t.app.inject({ url: '/api/me/export', headers: { cookie: session.cookie } })).json();
    expect(personalData.account.id).toBe(user.id);
    expect(personalData.bottlenecks.reports.map((r: { ref: string }) => r.ref)).toEqual([created.ref]);
    expect(personalData.bottlenecks.follows.map((r: { ref: string }) => r.ref)).toEqual([created.ref]);
  });

  it.each([
    ['an empty title', { title: '' }],
    ['a blank title', { title: '        ' }],
    ['a 50,000-character description', { description: 'x'.repeat(50_000) }],
    ['an unknown domain', { domain: 'weather' }],
    ['an unknown topic', { topics: ['astrology'] }],
    ['no countries', { countries: [] }],
    ['a country that is not a code', { countries: ['Finland'] }],
    ['an unsupported language', { language: 'de' }],
    ['a javascript: evidence link', { evidenceLinks: ['javascript:alert(1)'] }],
    ['an unknown field', { priority: 'urgent' }],
    ['a negative number affected', { affectedEstimate: -5 }],
    ['an unknown institution', { institutionId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses %s with 400 and stores nothing', async (_case, overrides) => {
    const before = await countBottlenecks();
    const response = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: { ...report, ...overrides }, remoteAddress: nextIp() });
    const problem = expectProblem(response, 400);
    expect(problem.errors?.length).toBeGreaterThan(0);
    expect(await countBottlenecks()).toBe(before);
  });

  it('takes only assigned ISO 3166-1 codes as countries, and names the field that holds another', async () => {
    const before = await countBottlenecks();
    const created = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: { ...report, countries: ['FI', 'ZZ'] }, remoteAddress: nextIp() });
    expect(expectProblem(created, 400).errors!.map((e) => e.path)).toEqual(['body/countries/1']);
    expect(await countBottlenecks()).toBe(before);
    // Any country a case involves is taken, not only the two.
    const withSweden = await submit({ countries: ['FI', 'SE'] });
    expect((await t.app.inject({ url: `/api/bottlenecks/${withSweden.id}`, headers: { cookie: moderator.cookie } })).json().countries).toEqual(['FI', 'SE']);

    const listed = await t.app.inject({ url: '/api/bottlenecks?country=ZZ' });
    expect(expectProblem(listed, 400).errors!.map((e) => e.path)).toEqual(['querystring/country']);
    const kela = await institution('kela');
    const patched = await patch(withSweden.id, editor, { countries: ['XK'], assignments: [{ country: 'EU', institutionId: kela.id }] });
    expect(expectProblem(patched, 400).errors!.map((e) => e.path).sort()).toEqual(['body/assignments/0/country', 'body/countries/0']);
  });

  it('stores HTML and script as plain text, unchanged', async () => {
    const title = '<script>alert("x")</script> Kela <b>form</b>';
    const created = await published({ title, description: '<img src=x onerror=alert(1)> the form E 104 is not accepted anywhere in Tallinn' });
    const detail = (await t.app.inject({ url: `/api/bottlenecks/${created.id}` })).json();
    expect(detail.title.en).toBe(title);
    expect(detail.description.en).toContain('<img src=x onerror=alert(1)>');
  });

  it('answers a flood of anonymous reports from one address with 429, and keeps counting in the database', async () => {
    const address = '203.0.113.200';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: report, remoteAddress: address })).statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const stored = await t.db.kysely.selectFrom('report_intake').select('id').where('ip', '=', address).execute();
    expect(stored).toHaveLength(5);
    expect((await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: report, remoteAddress: '203.0.113.201' })).statusCode).toBe(201);
  });
});

describe('moderation and lifecycle', () => {
  it('publishes with a two-month assessment deadline on the public timeline', async () => {
    const created = await submit();
    const response = await patch(created.id, moderator, { status: 'published', note: 'Checked: a real cross-border obstacle.' });
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail.status).toBe('published');
    const months = (Date.parse(detail.assessmentDueAt) - Date.parse(detail.publishedAt)) / (24 * 3600 * 1000);
    expect(months).toBeGreaterThanOrEqual(59);
    expect(months).toBeLessThanOrEqual(62);
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'status', fromStatus: 'submitted', toStatus: 'published', note: 'Checked: a real cross-border obstacle.', actorRole: 'moderator' });
    const anonymous = (await t.app.inject({ url: `/api/bottlenecks/${created.ref}` })).json();
    expect(anonymous.status).toBe('published');
  });

  it('needs a reason to reject, and refuses changes that the lifecycle does not allow', async () => {
    const created = await submit();
    expectProblem(await patch(created.id, moderator, { status: 'rejected' }), 400);
    const jump = await patch(created.id, editor, { status: 'resolved', outcome: 'administrative_change' });
    expect(expectProblem(jump, 409).type).toBe('/problems/invalid-transition');
    const rejected = await patch(created.id, moderator, { status: 'rejected', note: 'Not cross-border: concerns one municipality only.' });
    expect(rejected.json().status).toBe('rejected');
    expectProblem(await patch(created.id, moderator, { status: 'published' }), 409);
  });

  it('keeps moderators to moderation, and members and the public out', async () => {
    const created = await published();
    expectProblem(await patch(created.id, moderator, { status: 'under_assessment' }), 403);
    expectProblem(await patch(created.id, member, { status: 'under_assessment' }), 403);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, payload: { status: 'under_assessment' } }), 401);
    expect((await t.app.inject({ url: `/api/bottlenecks/${created.id}` })).json().status).toBe('published');
  });

  it('follows a bottleneck to resolution with an outcome, every step dated and attributed', async () => {
    const created = await published();
    for (const [status, note] of [
      ['under_assessment', 'Assessment started with both tax administrations.'],
      ['in_dialogue', 'On the agenda of the spring roundtable.'],
      ['recommendation', 'Recommendation agreed: a bilingual guidance page.'],
      ['in_progress', 'Guidance being written.'],
    ] as const) {
      const response = await patch(created.id, editor, { status, note });
      expect(response.statusCode, response.body).toBe(200);
    }
    expectProblem(await patch(created.id, editor, { status: 'resolved' }), 400);
    expectProblem(await patch(created.id, editor, { status: 'resolved', outcome: 'will_not_be_resolved' }), 400);
    const resolved = (await patch(created.id, editor, { status: 'resolved', outcome: 'service_improvement', note: 'Guidance published on both sites.' })).json();
    expect(resolved).toMatchObject({ status: 'resolved', outcome: 'service_improvement', outcomeNote: 'Guidance published on both sites.' });
    expect(resolved.closedAt).toBeTruthy();
    expect(resolved.timeline.map((e: { toStatus: string }) => e.toStatus)).toEqual(['submitted', 'published', 'under_assessment', 'in_dialogue', 'recommendation', 'in_progress', 'resolved']);
    expect(resolved.timeline.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('writes off only with reasons, as will not be resolved', async () => {
    const created = await published();
    expectProblem(await patch(created.id, editor, { status: 'written_off' }), 400);
    expectProblem(await patch(created.id, editor, { status: 'written_off', outcome: 'legislative_change', note: 'x' }), 400);
    const done = (await patch(created.id, editor, { status: 'written_off', note: 'Requires a treaty change neither side will propose.' })).json();
    expect(done).toMatchObject({ status: 'written_off', outcome: 'will_not_be_resolved' });
  });

  it('lets a moderator redact personal data, keeping the original only in the audit trail', async () => {
    const created = await submit({ description: 'My name is Mari Maasikas, personal code 49001010000, and Kela refuses my EHIC from Estonia.' });
    const redacted = await patch(created.id, moderator, { description: { en: 'Kela refuses a European health insurance card issued in Estonia. [personal data removed]' }, note: 'Personal data removed.' });
    expect(redacted.statusCode).toBe(200);
    expect(JSON.stringify(redacted.json())).not.toContain('49001010000');
    const audit = await t.db.kysely.selectFrom('audit_log').select('details').where('entity_id', '=', created.id).where('action', '=', 'bottleneck.updated').executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).toContain('49001010000');
  });
});

describe('routing to the institutions of both countries', () => {
  it('assigns one responsible institution per country and takes their answers side by side', async () => {
    const created = await published({ domain: 'social_security', topics: ['health_care'] });
    const kela = await institution('kela');
    const ska = await institution('sotsiaalkindlustusamet');
    const assigned = await patch(created.id, editor, { assignments: [{ country: 'FI', institutionId: kela.id }, { country: 'EE', institutionId: ska.id }] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().assignments.map((a: { country: string; institution: { id: string } }) => [a.country, a.institution.id])).toEqual([['EE', ska.id], ['FI', kela.id]]);

    const kelaOwner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: kela.id }).where('id', '=', kelaOwner.id).execute();
    const skaOwner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: ska.id }).where('id', '=', skaOwner.id).execute();
    const kelaSession = await login(t.app, kelaOwner.email);
    const skaSession = await login(t.app, skaOwner.email);

    const view = (await t.app.inject({ url: `/api/bottlenecks/${created.id}`, headers: { cookie: kelaSession.cookie } })).json();
    expect(view.viewer.canAnswerFor).toEqual([kela.id]);

    const fi = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/answers`, headers: kelaSession.headers, payload: { institutionId: kela.id, body: 'Kela accepts the card from 2027; until then apply for reimbursement.', language: 'en' } });
    expect(fi.statusCode, fi.body).toBe(201);
    const ee = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/answers`, headers: skaSession.headers, payload: { institutionId: ska.id, body: 'Sotsiaalkindlustusamet väljastab kaardi ka Soomes töötavale inimesele.', language: 'et' } });
    expect(ee.statusCode).toBe(201);

    const detail = (await t.app.inject({ url: `/api/bottlenecks/${created.id}` })).json();
    expect(detail.answers.map((a: { country: string; institution: { id: string } }) => [a.country, a.institution.id])).toEqual([['FI', kela.id], ['EE', ska.id]]);
    expect(detail.answers[1].body).toEqual({ et: 'Sotsiaalkindlustusamet väljastab kaardi ka Soomes töötavale inimesele.' });
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'answered').map((e: { institution: { id: string } }) => e.institution.id)).toEqual([kela.id, ska.id]);
  });

  it('refuses answers for another institution, from institutions not assigned, and from members', async () => {
    const created = await published();
    const kela = await institution('kela');
    const emta = await institution('emta');
    await patch(created.id, editor, { assignments: [{ country: 'FI', institutionId: kela.id }] });
    const emtaOwner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: emta.id }).where('id', '=', emtaOwner.id).execute();
    const session = await login(t.app, emtaOwner.email);
    const forKela = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/answers`, headers: session.headers, payload: { institutionId: kela.id, body: 'Pretending to be Kela.', language: 'en' } });
    expect(expectProblem(forKela, 403).type).toBe('/problems/forbidden');
    const notAssigned = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/answers`, headers: session.headers, payload: { institutionId: emta.id, body: 'EMTA would like to comment.', language: 'en' } });
    expect(expectProblem(notAssigned, 403).detail).toBe('Only a service owner of an institution the bottleneck is assigned to may do this.');
    // Kela's own service owner, on a bottleneck assigned to Kela, still answers only for Kela.
    const kelaOwner = await createUser(t.db, 'service_owner');
    await t.db.kysely.updateTable('users').set({ institution_id: kela.id }).where('id', '=', kelaOwner.id).execute();
    const forEmta = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/answers`, headers: (await login(t.app, kelaOwner.email)).headers, payload: { institutionId: emta.id, body: 'Kela answering as EMTA.', language: 'en' } });
    expect(expectProblem(forEmta, 403).type).toBe('/problems/not-your-institution');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/answers`, headers: member.headers, payload: { institutionId: kela.id, body: 'A member answering.', language: 'en' } }), 403);
    expect(await t.db.kysely.selectFrom('bottleneck_answers').select('id').where('bottleneck_id', '=', created.id).execute()).toHaveLength(0);
  });

  it('refuses assignments to countries not involved or to institutions of the other country', async () => {
    const created = await published();
    const kela = await institution('kela');
    const bad = await patch(created.id, editor, { assignments: [{ country: 'EE', institutionId: kela.id }] });
    expect(expectProblem(bad, 400).errors![0].path).toBe('body/assignments/0/institutionId');
    expectProblem(await patch(created.id, editor, { assignments: [{ country: 'SE', institutionId: kela.id }] }), 400);
    expect((await t.app.inject({ url: `/api/bottlenecks/${created.id}` })).json().assignments).toEqual([]);
  });
});

describe('support and follow', () => {
  it('counts "affects me too" once per member and refuses the second', async () => {
    const created = await published();
    const first = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/support`, headers: member.headers });
    expect(first.json()).toMatchObject({ supportCount: 1 });
    const second = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/support`, headers: member.headers });
    expect(expectProblem(second, 409).type).toBe('/problems/already-supported');
    expect((await t.app.inject({ url: `/api/bottlenecks/${created.id}` })).json().supportCount).toBe(1);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/support` }), 401);
    const withdrawn = await t.app.inject({ method: 'DELETE', url: `/api/bottlenecks/${created.id}/support`, headers: member.headers });
    expect(withdrawn.json().supportCount).toBe(0);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/bottlenecks/${created.id}/support`, headers: member.headers }), 404);
  });

  it('refuses support for a report still in moderation', async () => {
    const created = await submit({}, (await loginAs(t, 'member')).session.headers);
    const { session } = await loginAs(t, 'moderator');
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/support`, headers: session.headers }), 409);
  });

  it('follows and unfollows', async () => {
    const created = await published();
    expect((await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/follow`, headers: member.headers })).json().followerCount).toBe(1);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.id}/follow`, headers: member.headers }), 409);
    const detail = (await t.app.inject({ url: `/api/bottlenecks/${created.id}`, headers: { cookie: member.cookie } })).json();
    expect(detail.viewer.following).toBe(true);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/bottlenecks/${created.id}/follow`, headers: member.headers })).json().followerCount).toBe(0);
  });
});

describe('merging duplicates', () => {
  it('moves supports and followers to the kept one, and the merged one redirects there', async () => {
    const kept = await published({ title: 'Estonian ID card cannot log in to Finnish e-services' });
    const duplicate = await published({ title: 'Cannot use Estonian ID card in Finnish e-services', domain: 'digital_services' });
    const a = (await loginAs(t, 'member')).session;
    const b = (await loginAs(t, 'member')).session;
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${kept.id}/support`, headers: a.headers });
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/support`, headers: a.headers });
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/support`, headers: b.headers });
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/follow`, headers: b.headers });

    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/merge`, headers: member.headers, payload: { into: kept.ref } }), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/merge`, headers: moderator.headers, payload: { into: duplicate.ref } }), 400);
    const merged = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/merge`, headers: moderator.headers, payload: { into: kept.ref, note: 'Same obstacle.' } });
    expect(merged.json()).toEqual({ id: kept.id, ref: kept.ref });

    const after = (await t.app.inject({ url: `/api/bottlenecks/${kept.id}`, headers: { cookie: b.cookie } })).json();
    expect(after.supportCount).toBe(2);
    expect(after.followerCount).toBe(1);
    expect(after.viewer).toMatchObject({ supported: true, following: true });
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'merged_in', note: 'Same obstacle.' });

    const redirect = await t.app.inject({ url: `/api/bottlenecks/${duplicate.ref}` });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe(`/api/bottlenecks/${kept.ref}`);
    const list = (await t.app.inject({ url: '/api/bottlenecks?limit=100' })).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(duplicate.id);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.id}/merge`, headers: moderator.headers, payload: { into: kept.ref } }), 409);
  });
});

describe('finding bottlenecks', () => {
  let fiTax: { id: string; ref: string };
  let etFerry: { id: string; ref: string };
  let enSchool: { id: string; ref: string };

  beforeAll(async () => {
    fiTax = await published({ title: 'Verokortti ei kelpaa virolaiselle työnantajalle', description: 'Asun Espoossa ja työskentelen Tallinnassa. Työnantajani ei hyväksy suomalaista verokorttia.', language: 'fi', domain: 'legal', topics: ['taxation'], countries: ['FI', 'EE'] });
    etFerry = await published({ title: 'Praamipilet ja Helsingi ühistranspordi pilet ei ühildu', description: 'Tallinnast Helsingisse pendeldades tuleb osta kaks eraldi piletit, praamile ja HSL-i bussile.', language: 'et', domain: 'mobility', topics: ['ferry', 'public_transport'], countries: ['EE', 'FI'] });
    enSchool = await published({ title: 'School places for children moving from Tallinn to Helsinki', description: 'Families moving from Tallinn to Helsinki in the middle of the school year cannot find Estonian-language teaching.', language: 'en', domain: 'education', topics: ['schooling', 'language'], countries: ['FI'] });
    for (const session of [member, editor]) expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${etFerry.id}/support`, headers: session.headers }), 201);
  });

  const ids = async (query: string) => ((await t.app.inject({ url: `/api/bottlenecks?${query}&limit=100` })).json().items as { id: string }[]).map((b) => b.id);

  it('searches Finnish by stem, Estonian by word, English by stem, and references exactly', async () => {
    expect(await ids('q=verokortin')).toContain(fiTax.id);
    expect(await ids('q=praamipilet')).toEqual([etFerry.id]);
    expect(await ids('q=schools')).toContain(enSchool.id);
    expect(await ids(`q=${enSchool.ref.toLowerCase()}`)).toEqual([enSchool.id]);
    expect(await ids('q=nothingmatchesthis')).toEqual([]);
  });

  it('searches Swedish and Russian by stem, and Russian with ё or е alike', async () => {
    const svTax = await published({ title: 'Skattekortet godtas inte av den estniska arbetsgivaren', description: 'Jag bor i Esbo och arbetar i Tallinn. Min arbetsgivare godtar inte det finska skattekortet.', language: 'sv', domain: 'legal', topics: ['taxation'], countries: ['FI', 'EE'] });
    const ruChild = await published({ title: 'Пособие на ребёнка прекращается при переезде в Таллинн', description: 'Семья переехала из Хельсинки в Таллинн, и выплата пособия на ребёнка прекратилась, а эстонское пособие еще не назначено.', language: 'ru', domain: 'social_security', topics: ['family_benefits'], countries: ['FI', 'EE'] });
    expect(await ids('q=skattekort')).toContain(svTax.id);
    expect(await ids('q=arbetsgivarna')).toContain(svTax.id);
    expect(await ids('q=пособия')).toContain(ruChild.id);
    expect(await ids('q=ребенка')).toContain(ruChild.id);
    expect(await ids('q=%D0%9F%D0%9E%D0%A1%D0%9E%D0%91%D0%98%D0%95%D0%9C')).toContain(ruChild.id);
    expect(await ids('q=пособие')).not.toContain(svTax.id);
  });

  it('filters by domain, country, topic, institution and status, and sorts by support', async () => {
    expect(await ids('domain=mobility')).toContain(etFerry.id);
    expect(await ids('domain=mobility')).not.toContain(fiTax.id);
    const fiOnly = await ids('country=EE');
    expect(fiOnly).toContain(fiTax.id);
    expect(fiOnly).not.toContain(enSchool.id);
    expect(await ids('topic=ferry')).toEqual([etFerry.id]);
    const supported = (await t.app.inject({ url: '/api/bottlenecks?sort=supported&limit=1' })).json();
    expect(supported.items[0].supportCount).toBeGreaterThanOrEqual(2);
    const kela = await institution('kela');
    await patch(enSchool.id, editor, { assignments: [{ country: 'FI', institutionId: kela.id }] });
    expect(await ids(`institution=${kela.id}`)).toContain(enSchool.id);
    expect(await ids('status=published&status=under_assessment')).toContain(fiTax.id);
    expectProblem(await t.app.inject({ url: '/api/bottlenecks?sort=random' }), 400);
    expectProblem(await t.app.inject({ url: '/api/bottlenecks?limit=1000' }), 400);
  });

  it('keeps totals exact through moderation, lifecycle, edits and merges (counted from the facet table)', async () => {
    const direct = async (where: (q: ReturnType<typeof t.db.kysely.selectFrom<'bottlenecks'>>) => ReturnType<typeof t.db.kysely.selectFrom<'bottlenecks'>>) =>
      Number((await where(t.db.kysely.selectFrom('bottlenecks')).select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'not in', ['submitted', 'rejected', 'merged']).executeTakeFirstOrThrow()).n);
    const a = await published({ domain: 'integration', topics: ['language'], countries: ['EE'] });
    const b = await published({ domain: 'integration', topics: ['language'], countries: ['EE'] });
    await patch(a.id, editor, { status: 'under_assessment' });
    await patch(a.id, editor, { domain: 'education', topics: ['schooling', 'language'], countries: ['FI', 'EE'] });
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${b.id}/merge`, headers: moderator.headers, payload: { into: a.ref } });
    for (const [query, where] of [
      ['', (q: never) => q],
      ['domain=integration', (q: ReturnType<typeof t.db.kysely.selectFrom<'bottlenecks'>>) => q.where('domain', '=', 'integration')],
      ['domain=education&topic=language', (q: ReturnType<typeof t.db.kysely.selectFrom<'bottlenecks'>>) => q.where('domain', '=', 'education').where(sql<boolean>`topics @> array['language']`)],
      ['country=EE&status=under_assessment', (q: ReturnType<typeof t.db.kysely.selectFrom<'bottlenecks'>>) => q.where(sql<boolean>`countries @> array['EE']`).where('status', '=', 'under_assessment')],
    ] as const) {
      const total = (await t.app.inject({ url: `/api/bottlenecks?${query}` })).json().total;
      expect(total, query).toBe(await direct(where as never));
    }
    const facets = await t.db.kysely.selectFrom('bottleneck_facet_counts').select(sql<number>`sum(n)::int`.as('n')).executeTakeFirstOrThrow();
    expect(facets.n).toBe(await countBottlenecks());
  });

  it('ranks by relevance and pages with a stable total', async () => {
    // Made strongest first, so newest-first order (the tie-break) is the reverse of relevance.
    const words = { description: 'A description long enough for the register to take it, about nothing in particular.', language: 'en', domain: 'digital_services', topics: [], countries: ['FI'] };
    // Both words in the title, one of them there, neither (in the description only): the engine
    // weighs where a word is found, not how often (PostgreSQL's ts_rank_cd counted repetitions).
    const strong = await published({ ...words, title: 'Zeppelin quayside fees', description: 'The zeppelin quayside charges twice; zeppelin quayside tickets are not shared.' });
    const middle = await published({ ...words, title: 'Zeppelin opening hours', description: 'The office by the quayside keeps short hours, written here at length for the register.' });
    const weak = await published({ ...words, title: 'Opening hours of the harbour office', description: 'Somewhere in this long text a zeppelin is mentioned, and much later, after many other words about timetables, ferries and offices, a quayside.' });
    const relevance = (await t.app.inject({ url: '/api/bottlenecks?q=zeppelin%20quayside&sort=relevance' })).json();
    expect(relevance.items.map((b: { id: string }) => b.id)).toEqual([strong.id, middle.id, weak.id]);
    expect(relevance.total).toBe(3);
    const newest = (await t.app.inject({ url: '/api/bottlenecks?q=zeppelin%20quayside&sort=newest' })).json();
    expect(newest.items.map((b: { id: string }) => b.id)).toEqual([weak.id, middle.id, strong.id]);

    const all = (await t.app.inject({ url: '/api/bottlenecks?limit=4&offset=0' })).json();
    const first = (await t.app.inject({ url: '/api/bottlenecks?limit=2&offset=0' })).json();
    const second = (await t.app.inject({ url: '/api/bottlenecks?limit=2&offset=2' })).json();
    expect(all.items).toHaveLength(4);
    expect(first.total).toBe(all.total);
    expect(second.total).toBe(all.total);
    expect([...first.items, ...second.items].map((b: { id: string }) => b.id)).toEqual(all.items.map((b: { id: string }) => b.id));
  });

  it('sorts and pages search results, with the total on every page and past the last', async () => {
    const ticket = { description: 'Laivalippu ja HSL:n lippu pitää ostaa erikseen joka päivä.', language: 'fi', domain: 'mobility', topics: ['ferry'], countries: ['FI', 'EE'] };
    const a = await published({ ...ticket, title: 'Laivalippu ei käy raitiovaunussa' });
    const b = await published({ ...ticket, title: 'Laivalippu ja bussilippu erikseen' });
    const c = await published({ ...ticket, title: 'Laivalippu kallis pendelöijälle' });
    // b is supported once; a and c not at all, so they follow b newest first.
    await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${b.id}/support`, headers: member.headers });
    await patch(a.id, editor, { status: 'under_assessment' });
    const page = async (query: string) => (await t.app.inject({ url: `/api/bottlenecks?q=laivalippu&domain=mobility&${query}` })).json() as { items: { id: string }[]; total: number };
    const order = async (query: string) => (await page(query)).items.map((item) => item.id);
    expect(await order('sort=newest')).toEqual([c.id, b.id, a.id]);
    expect(await order('sort=supported')).toEqual([b.id, c.id, a.id]);
    expect(await order('sort=updated')).toEqual([a.id, c.id, b.id]);
    expect(new Set(await order('sort=relevance'))).toEqual(new Set([a.id, b.id, c.id]));
    expect(await page('sort=newest&limit=1&offset=1')).toMatchObject({ items: [{ id: b.id }], total: 3 });
    expect(await page('limit=2&offset=5')).toMatchObject({ items: [], total: 3 });
    expect((await t.app.inject({ url: '/api/bottlenecks?q=laivalippu&domain=legal' })).json()).toMatchObject({ items: [], total: 0 });
  });

  it('writes list items (JSON from PostgreSQL) exactly as toListItem, the item schema and the detail page say, for every case of every field', async () => {
    // A database of its own: the rows below (overdue, demo, emptied arrays) would change what later tests count.
    const own = await startTestApp();
    try {
      const staff = (await loginAs(own, 'moderator')).session;
      let address = 0;
      const make = async (title: Record<string, string>, language: string, columns: Record<string, unknown>) => {
        const response = await own.app.inject({
          method: 'POST', url: '/api/bottlenecks', remoteAddress: `198.18.1.${++address}`,
          payload: { title: Object.values(title)[0], description: 'Ferry tickets and Tallinn buses, written for the list item test.', language, domain: 'mobility', topics: ['ferry', 'public_transport'], countries: ['FI', 'EE'] },
        });
        if (response.statusCode !== 201) throw new Error(`report failed: ${response.body}`);
        const { id } = response.json() as { id: string };
        await own.db.kysely.updateTable('bottlenecks').set({ title: JSON.stringify(title), ...columns } as never).where('id', '=', id).execute();
        return id;
      };
      const ago = (months: number) => sql<Date>`now() - make_interval(months => ${months})` as unknown as Date;
      // Each language alone and all three; text JSON must escape (quotes, backslash, a line separator, an astral character).
      await make({ fi: 'Lauttalippu ei käy Tallinnan busseissa' }, 'fi', {});
      await make({ et: 'Praamipilet ei kehti "Tallinna" bussides \\ öösel' }, 'et', { status: 'published', published_at: ago(3), assessment_due_at: ago(1), is_demo: true, topics: [], countries: [] });
      await make({ en: 'Ferry ticket 🚢 not valid\u2028on Tallinn buses' }, 'en', {
        status: 'published', published_at: ago(1), assessment_due_at: sql`now() + interval '1 month'`, support_count: 12, follower_count: 3,
        created_at: sql`'2026-03-04 05:06:07.999999+00'`, updated_at: sql`'2026-03-04 05:06:08.000501+02'`,
      });
      await make({ fi: 'Lautta ja bussi Tallinnassa', et: 'Praam ja buss Tallinnas', en: 'Ferry and bus in Tallinn' }, 'en', { status: 'under_assessment', published_at: ago(4), assessment_due_at: ago(2), is_demo: true });
      await make({ en: 'Ferry timetables do not meet Tallinn buses' }, 'en', { status: 'in_dialogue', published_at: ago(5), assessment_due_at: ago(3), topics: [] });
      await make({ et: 'Tallinna bussipilet praamil' }, 'et', { status: 'rejected' });

      const fields = Object.keys(BottleneckListItem.properties).sort();
      const compared: Record<string, unknown>[] = [];
      const everyStatus = [...STATUSES];
      for (const filter of [
        { statuses: everyStatus, sort: 'newest', limit: 100, offset: 0 },
        { statuses: everyStatus, sort: 'supported', limit: 100, offset: 0, q: 'Tallinn' },
        { statuses: everyStatus, sort: 'updated', limit: 100, offset: 0, overdue: true },
      ] as const) {
        const json = await listBottleneckItemsJson(own.db.kysely, filter);
        const rows = await listBottlenecks(own.db.kysely, filter);
        const items = json.items.map((text) => JSON.parse(text) as Record<string, unknown>);
        const mapped = rows.items.map(toListItem) as unknown as Record<string, unknown>[];
        expect(items.map((item) => item.id)).toEqual(mapped.map((item) => item.id));
        expect(json.total).toBe(rows.total);
        for (const [i, item] of items.entries()) {
          expect(Object.keys(item).sort(), 'the JSON item has the schema\'s fields').toEqual(fields);
          expect(Object.keys(mapped[i]).sort(), 'toListItem has the schema\'s fields').toEqual(fields);
          for (const field of fields) expect(item[field], `${item.ref} ${field}`).toStrictEqual(mapped[i][field]);
          compared.push(item);
        }
      }
      // The rows compared hold every case of every field.
      const cases = (read: (item: Record<string, unknown>) => unknown) => new Set(compared.map(read));
      expect(cases((item) => item.overdue)).toEqual(new Set([true, false]));
      expect(cases((item) => item.isDemo)).toEqual(new Set([true, false]));
      expect(cases((item) => item.publishedAt === null)).toEqual(new Set([true, false]));
      expect(cases((item) => item.assessmentDueAt === null)).toEqual(new Set([true, false]));
      expect(cases((item) => (item.topics as string[]).length === 0)).toEqual(new Set([true, false]));
      expect(cases((item) => (item.countries as string[]).length === 0)).toEqual(new Set([true, false]));
      expect(cases((item) => (item.supportCount as number) > 0)).toEqual(new Set([true, false]));
      expect(new Set(compared.flatMap((item) => Object.keys(item.title as object)))).toEqual(new Set(['fi', 'et', 'en']));
      expect(cases((item) => item.status)).toEqual(new Set(['submitted', 'published', 'under_assessment', 'in_dialogue', 'rejected']));
      expect(compared.some((item) => item.createdAt === '2026-03-04T05:06:07.999Z')).toBe(true);

      // And through HTTP: valid against the schema, and what each item's page says.
      const validate = addFormats.default(new Ajv({ strict: false })).compile(BottleneckList);
      for (const query of ['limit=100&' + everyStatus.map((status) => `status=${status}`).join('&'), 'q=Tallinn&sort=supported', 'overdue=true']) {
        const response = await own.app.inject({ url: `/api/bottlenecks?${query}`, headers: staff.headers });
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        const page = response.json();
        expect(validate(page), JSON.stringify(validate.errors)).toBe(true);
        expect(page.items.length).toBeGreaterThan(0);
        for (const item of page.items) {
          const detail = (await own.app.inject({ url: `/api/bottlenecks/${item.id}`, headers: staff.headers })).json();
          expect(Object.fromEntries(Object.keys(item).map((key) => [key, detail[key]]))).toEqual(item);
        }
      }
    } finally {
      await own.close();
    }
  });

  it('keeps no text search of its own in PostgreSQL (the search index reads the texts)', async () => {
    const columns = await t.db.withClient((client) => client.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'bottlenecks'"));
    expect(columns.rows.map((row) => row.column_name)).not.toContain('search');
    const indexes = await t.db.withClient((client) => client.query<{ indexdef: string }>("select indexdef from pg_indexes where tablename = 'bottlenecks'"));
    expect(indexes.rows.filter((row) => /tsvector|\(search\)/.test(row.indexdef))).toEqual([]);
    expect(indexes.rows.some((row) => /gin_trgm_ops/.test(row.indexdef)), 'similar titles keep their trigram index').toBe(true);
  });

  it('flags bottlenecks not assessed within two months as overdue', async () => {
    await t.db.kysely.updateTable('bottlenecks').set({ published_at: sql<Date>`now() - interval '3 months'` as unknown as Date, assessment_due_at: sql<Date>`now() - interval '1 month'` as unknown as Date }).where('id', '=', fiTax.id).execute();
    expect(await ids('overdue=true')).toEqual([fiTax.id]);
    expect((await t.app.inject({ url: `/api/bottlenecks/${fiTax.id}` })).json().overdue).toBe(true);
    await patch(fiTax.id, editor, { status: 'under_assessment' });
    await patch(fiTax.id, editor, { status: 'in_dialogue' });
    expect(await ids('overdue=true')).toEqual([]);
  });

  it('offers similar published titles while a report is typed', async () => {
    const similar = (await t.app.inject({ url: `/api/bottlenecks/similar?title=${encodeURIComponent('verokortti ei kelpaa')}` })).json();
    expect(similar.items[0]).toMatchObject({ id: fiTax.id, ref: fiTax.ref });
    expect(similar.items[0].similarity).toBeGreaterThan(0.35);
    expectProblem(await t.app.inject({ url: '/api/bottlenecks/similar?title=ab' }), 400);
  });

  it('counts by domain and status, by month, and lists the most supported open ones', async () => {
    const stats = (await t.app.inject({ url: '/api/bottlenecks/stats' })).json();
    const rows = await t.db.kysely.selectFrom('bottlenecks').select(['domain', 'status']).where('status', 'not in', ['submitted', 'rejected', 'merged']).execute();
    expect(stats.total).toBe(rows.length);
    const mobility = stats.byDomainAndStatus.filter((r: { domain: string }) => r.domain === 'mobility').reduce((n: number, r: { count: number }) => n + r.count, 0);
    expect(mobility).toBe(rows.filter((r) => r.domain === 'mobility').length);
    expect(stats.byMonth).toHaveLength(12);
    expect(stats.byMonth.at(-1).reported).toBeGreaterThan(0);
    expect(stats.mostSupported[0].id).toBe(etFerry.id);
  });
});
