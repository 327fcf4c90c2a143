import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * What only PostgreSQL can show: writers at once, each request on its own connection (PGlite
 * runs one transaction at a time). The api-postgres project alone runs *.pg.test.ts files.
 */

let t: TestApp;
let base: string;
let editor: Session;
let raci: object[];

beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  editor = (await loginAs(t, 'editor')).session;
  const id = async (slug: string) => expectStatus(await t.app.inject({ url: `/api/institutions/${slug}` }), 200).json().id as string;
  raci = [
    { institutionId: await id('kela'), role: 'A' },
    { institutionId: await id('sotsiaalkindlustusamet'), role: 'R' },
  ];
});
afterAll(() => t?.close());

const send = (method: string, path: string, payload: object) =>
  fetch(`${base}${path}`, { method, headers: { ...editor.headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) }).then(async (r) => ({ status: r.status, body: await r.text() }));
const create = async (n: number) => {
  const response = await send('POST', '/api/actions', { title: { en: `Concurrent action ${n}` }, domain: 'mobility', startsOn: '2026-01-01', endsOn: '2027-12-31', raci });
  expect(response.status, response.body).toBe(201);
  return JSON.parse(response.body) as { id: string; ref: string };
};

describe('the plan under writers at once', () => {
  it('never lets two writers each add half of a cycle', async () => {
    const pairs = await Promise.all(Array.from({ length: 8 }, async (_, n) => [await create(2 * n), await create(2 * n + 1)] as const));
    // Each pair: one writer makes a wait for b, the other b wait for a, at the same moment.
    const answers = await Promise.all(
      pairs.map(([a, b]) => Promise.all([send('PUT', `/api/actions/${b.ref}/dependencies`, { predecessors: [a.ref] }), send('PUT', `/api/actions/${a.ref}/dependencies`, { predecessors: [b.ref] })])),
    );
    for (const [i, pair] of answers.entries()) {
      expect(pair.map((a) => a.status).sort(), pair.map((a) => a.body).join('\n')).toEqual([200, 400]);
      expect(pair.find((a) => a.status === 400)!.body).toContain('dependency-cycle');
      const [a, b] = pairs[i];
      const edges = await t.db.kysely.selectFrom('action_dependencies').select(['predecessor_id', 'successor_id']).where('predecessor_id', 'in', [a.id, b.id]).execute();
      expect(edges).toHaveLength(1);
    }
  });

  it('rolls up a parent right when its children are reported at once', async () => {
    const parent = await create(100);
    const children = await Promise.all(
      Array.from({ length: 6 }, async (_, n) => {
        const response = await send('POST', '/api/actions', { parent: parent.ref, title: { en: `Child ${n}` }, domain: 'mobility', startsOn: '2026-01-01', endsOn: '2027-12-31', raci });
        expect(response.status, response.body).toBe(201);
        return JSON.parse(response.body) as { ref: string };
      }),
    );
    const answers = await Promise.all(children.map((c, n) => send('PATCH', `/api/actions/${c.ref}`, { progress: (n + 1) * 10 })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    // (10 + 20 + … + 60) / 6 = 35: a lost update would leave the mean of a subset.
    expect(expectStatus(await t.app.inject({ url: `/api/actions/${parent.ref}` }), 200).json().progress).toBe(35);
  });
});
