import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../test/smtp.ts';
import { deliverOnce } from '../../test/mail.ts';
import { SUMMARY_MAX } from '../../../shared/schemas/bottlenecks.ts';

/**
 * An anonymous reporter's private status link (issue 14): the token comes once with the created
 * report and in the confirmation e-mail, the database keeps only its SHA-256, and the public
 * route answers only to the token, with where the report stands and nothing personal. Reporters
 * may give internationalised e-mail addresses, which reach a real SMTP server.
 */

let t: TestApp;
let smtp: TestSmtp;
let moderator: Session;
const received: ReceivedMail[] = [];
let ip = 0;
const nextIp = () => `198.18.4.${++ip}`;

beforeAll(async () => {
  smtp = await startTestSmtp({ onMessage: (mail) => void received.push(mail) });
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  moderator = (await loginAs(t, 'moderator')).session;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const report = {
  title: 'Estonian sick leave certificate not accepted by Kela',
  description: 'I live in Tallinn and work in Helsinki. Kela does not accept the Estonian certificate of incapacity for work.',
  language: 'en',
  domain: 'social_security',
  countries: ['FI', 'EE'],
};

async function submit(extra: Record<string, unknown> = {}) {
  const response = expectStatus(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: { ...report, ...extra }, remoteAddress: nextIp() }), 201);
  return response.json() as { id: string; ref: string; statusToken: string };
}
const status = (token: string) => t.app.inject({ url: `/api/bottlenecks/report-status/${token}` });
const moderate = async (ref: string, payload: Record<string, unknown>) => expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${ref}`, headers: moderator.headers, payload }), 200);


describe('the private status link of a report', () => {
  it('says "waiting", then "published"; stores only the digest; answers nothing personal', async () => {
    const created = await submit({ reporterEmail: 'anna.virtanen@example.fi' });
    expect(created.statusToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = await t.db.kysely.selectFrom('bottlenecks').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(Object.values(stored).map(String).some((value) => value.includes(created.statusToken))).toBe(false);
    expect(stored.status_token_hash).toMatch(/^[0-9a-f]{64}$/);

    const waiting = expectStatus(await status(created.statusToken), 200);
    expect(waiting.headers['cache-control']).toBe('no-store');
    expect(waiting.json()).toEqual({ ref: created.ref, title: { en: report.title }, state: 'waiting', status: 'submitted', submittedAt: expect.any(String), reason: null, mergedInto: null });
    expect(waiting.body).not.toContain('anna.virtanen');
    expect(waiting.body).not.toContain(created.id);

    await moderate(created.ref, { status: 'published' });
    expect((await status(created.statusToken)).json()).toMatchObject({ state: 'published', status: 'published', reason: null, mergedInto: null });
  });

  it('says "rejected" with the moderator\'s reason', async () => {
    const created = await submit();
    await moderate(created.ref, { status: 'rejected', note: 'This concerns one employer, not a cross-border rule.' });
    expect((await status(created.statusToken)).json()).toMatchObject({ state: 'rejected', status: 'rejected', reason: 'This concerns one employer, not a cross-border rule.', mergedInto: null });
  });

  it('says "merged" and names the report kept, through a chain of merges', async () => {
    const kept = await submit();
    await moderate(kept.ref, { status: 'published' });
    const middle = await submit();
    const created = await submit();
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/merge`, headers: moderator.headers, payload: { into: middle.ref } }), 200);
    expect((await status(created.statusToken)).json()).toMatchObject({ state: 'merged', status: 'merged', mergedInto: middle.ref });
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${middle.ref}/merge`, headers: moderator.headers, payload: { into: kept.ref } }), 200);
    expect((await status(created.statusToken)).json()).toMatchObject({ state: 'merged', mergedInto: kept.ref });
  });

  it('is a 404 problem for a wrong token, the digest itself, or another report\'s attachment token', async () => {
    const created = await submit();
    const other = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: report, remoteAddress: nextIp() })).json() as { attachmentToken: string };
    const stored = await t.db.kysely.selectFrom('bottlenecks').select('status_token_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    for (const wrong of ['x'.repeat(43), `${created.statusToken.slice(0, -1)}${created.statusToken.endsWith('A') ? 'B' : 'A'}`, stored.status_token_hash!, other.attachmentToken]) {
      expect(expectProblem(await status(wrong), 404).type).toMatch(/not-found$/);
    }
  });
});

describe('internationalised e-mail addresses', () => {
  it('are taken, and the confirmation with the status link reaches them through SMTP', async () => {
    received.length = 0;
    const created = [await submit({ reporterEmail: 'jüri@näide.ee', language: 'et' }), await submit({ reporterEmail: 'user@bücher.example' })];
    const stored = await t.db.kysely.selectFrom('bottlenecks').select('reporter_email').where('id', 'in', created.map((c) => c.id)).execute();
    expect(stored.map((row) => row.reporter_email).sort()).toEqual(['jüri@näide.ee', 'user@bücher.example']);

    // The outbox holds the earlier tests' confirmations too (anna.virtanen's): every one is sent.
    expect((await deliverOnce(t.db, smtp.url)).failed).toBe(0);
    const byRecipient = new Map(received.map((mail) => [mail.to.join(), mail]));
    // The local part travels in UTF-8 (SMTPUTF8); the domain as given or in its punycode form.
    const toJuri = byRecipient.get('jüri@näide.ee') ?? byRecipient.get('jüri@xn--nide-loa.ee');
    const toUser = byRecipient.get('user@bücher.example') ?? byRecipient.get('user@xn--bcher-kva.example');
    expect(toJuri, [...byRecipient.keys()].join()).toBeDefined();
    expect(toUser, [...byRecipient.keys()].join()).toBeDefined();
    const unfolded = (raw: string) => raw.replace(/=\r?\n/g, '');
    expect(unfolded(toJuri!.raw)).toContain(`https://talsinki.example/bottlenecks/status#${created[0].statusToken}`);
    expect(unfolded(toUser!.raw)).toContain(`https://talsinki.example/bottlenecks/status#${created[1].statusToken}`);
  });

  it('are refused when not addresses, with the field named', async () => {
    for (const wrong of ['jüri@näide', 'jü ri@näide.ee', 'jüri@@näide.ee']) {
      const response = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', payload: { ...report, reporterEmail: wrong }, remoteAddress: nextIp() });
      expect(JSON.stringify(expectProblem(response, 400)), wrong).toContain('reporterEmail');
    }
  });
});

describe('similar reports, as the report form shows them in place', () => {
  it('come with the description\'s beginning, cut at a word, and how many say it affects them', async () => {
    const member = (await loginAs(t, 'member')).session;
    const long = `Asun Tallinnassa ja työskentelen Helsingissä. ${'Kela pyytää joka kerta uuden suomalaisen lääkärintodistuksen, vaikka virolainen todistus on jo annettu. '.repeat(4)}`;
    const created = await submit({ title: 'Kela ei hyväksy virolaista lääkärintodistusta', description: long, language: 'fi' });
    await moderate(created.ref, { status: 'published' });
    expectStatus(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/support`, headers: member.headers }), 201);
    const similar = expectStatus(await t.app.inject({ url: `/api/bottlenecks/similar?title=${encodeURIComponent('Kela ei hyväksy virolaista todistusta')}` }), 200).json();
    const found = similar.items.find((item: { ref: string }) => item.ref === created.ref);
    expect(found).toMatchObject({ supportCount: 1, title: { fi: 'Kela ei hyväksy virolaista lääkärintodistusta' } });
    const summary: string = found.summary.fi;
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX + 1);
    expect(summary.endsWith('…')).toBe(true);
    expect(long.replace(/\s+/g, ' ').startsWith(summary.slice(0, -1))).toBe(true);
    expect(long.replace(/\s+/g, ' ')[summary.length - 1]).toBe(' ');
  });
});
