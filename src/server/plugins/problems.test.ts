import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_CODES, isFieldCode, isProblemCode, PROBLEM_CODES } from '../../shared/problems.ts';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../test/harness.ts';

/**
 * Real requests answer with a registered code and its parameters beside the English of RFC 9457,
 * so the web app can word them in the user's language.
 */

let t: TestApp;
let editor: Session;
let ip = 0;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t.close());

interface CodedProblem {
  type: string;
  code: string;
  params: Record<string, unknown>;
  errors?: { path: string; message: string; code: string; params: Record<string, unknown> }[];
}

/** The problem, after checking that its code and those of its errors are registered with exactly their parameters. */
function coded(response: Parameters<typeof expectProblem>[0], status: number): CodedProblem {
  const problem = expectProblem(response, status) as unknown as CodedProblem;
  expect(isProblemCode(problem.code), problem.code).toBe(true);
  expect(problem.type).toBe(`/problems/${problem.code}`);
  expect(Object.keys(problem.params).sort()).toEqual([...PROBLEM_CODES[problem.code as keyof typeof PROBLEM_CODES]].sort());
  for (const error of problem.errors ?? []) {
    expect(isFieldCode(error.code), error.code).toBe(true);
    expect(Object.keys(error.params).sort()).toEqual([...FIELD_CODES[error.code as keyof typeof FIELD_CODES]].sort());
    expect(error.message).toEqual(expect.any(String));
  }
  return problem;
}

const report = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `198.51.100.${++ip}`, payload: { title: 'Pension rights lost between two systems', description: 'A description long enough for the register to take it.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'], ...payload } });

describe('problem codes on the wire', () => {
  it('names a refused change of status by its states', async () => {
    const created = expectStatus(await report({}), 201).json();
    const jump = await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'resolved', outcome: 'administrative_change' } });
    const problem = coded(jump, 409);
    expect(problem).toMatchObject({ type: '/problems/invalid-transition', code: 'invalid-transition', params: { from: 'submitted', to: 'resolved' } });
  });

  it('gives a schema minLength as too-short with its limit, and a missing field as required', async () => {
    const problem = coded(await report({ title: 'Tax', domain: undefined }), 400);
    expect(problem.code).toBe('validation-error');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'body/title', code: 'too-short', params: { limit: 5 }, message: 'must NOT have fewer than 5 characters' },
        { path: 'body/domain', code: 'required', params: {}, message: 'is required' },
      ]),
    );
  });

  it('gives an empty field as required, whatever its shortest length (an empty e-mail is missing, not short)', async () => {
    const problem = coded(await report({ title: '' }), 400);
    expect(problem.errors).toEqual(expect.arrayContaining([{ path: 'body/title', code: 'required', params: {}, message: 'is required' }]));
    const registration = coded(await t.app.inject({ method: 'POST', url: '/api/auth/register', remoteAddress: '198.51.100.250', payload: { displayName: 'Maarja', email: '', password: 'a password long enough' } }), 400);
    // Only "required": not also "not an e-mail address" for the same empty field.
    expect(registration.errors?.filter((e) => e.path === 'body/email')).toEqual([{ path: 'body/email', code: 'required', params: {}, message: 'is required' }]);
  });

  it('names the current password as the field that was wrong', async () => {
    const { session } = await loginAs(t, 'member');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: session.headers, payload: { currentPassword: 'not the password at all', newPassword: 'a new password that is long' } });
    const problem = coded(wrong, 403);
    expect(problem.code).toBe('wrong-password');
    expect(problem.errors).toEqual([{ path: 'body/currentPassword', code: 'not-current-password', params: {}, message: 'is not your current password' }]);
  });

  it('refuses an unknown institution as a field of its own', async () => {
    const payload = { type: 'roundtable', title: { en: 'Commuters' }, startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-03T10:30:00.000Z', organiserId: '00000000-0000-4000-8000-000000000000', domains: ['social_security'], language: 'en', visibility: 'public' };
    const problem = coded(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload }), 400);
    expect(problem.code).toBe('invalid-request');
    expect(problem.errors).toEqual([{ path: 'body/organiserId', code: 'unknown-institution', params: {}, message: 'is not a known institution' }]);
  });

  it('says how many minutes to wait when too many reports come from one address', async () => {
    let answer;
    for (let i = 0; i < 30; i++) {
      answer = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '203.0.113.77', payload: { title: `Report number ${i} of many`, description: 'A description long enough for the register to take it.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } });
      if (answer.statusCode === 429) break;
    }
    const problem = coded(answer!, 429);
    expect(problem.params).toEqual({ minutes: 10 });
  });

  it('gives Fastify\'s own refusals and unknown routes a code too', async () => {
    expect(coded(await t.app.inject({ method: 'POST', url: '/api/bottlenecks', headers: { 'content-type': 'application/json' }, payload: '{"title":' }), 400).code).toBe('malformed-json');
    expect(coded(await t.app.inject({ url: '/api/no-such-thing' }), 404).code).toBe('not-found');
  });
});
