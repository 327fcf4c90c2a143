import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * Two databases in one process whose first bottlenecks have the same reference and whose link
 * graphs are at the same version: a trace kept for one is never served for the other.
 */
let alpha: TestApp;
let beta: TestApp;

async function firstBottleneck(t: TestApp, title: string) {
  const editor = (await loginAs(t, 'editor')).session;
  const created = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '203.0.113.9', payload: { title, description: 'A description long enough for the register to take it.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] } })).json();
  await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: editor.headers, payload: { status: 'published' } });
  return created as { id: string; ref: string };
}

beforeAll(async () => {
  [alpha, beta] = await Promise.all([startTestApp(), startTestApp()]);
});
afterAll(async () => {
  await Promise.all([alpha?.close(), beta?.close()]);
});

describe('kept traces of two databases', () => {
  it('answer each database from its own graph at the same reference and version', async () => {
    const a = await firstBottleneck(alpha, 'Alpha ferry tickets do not combine');
    const b = await firstBottleneck(beta, 'Beta parking permits need a personal code');
    expect(b.ref).toBe(a.ref);
    for (const t of [alpha, beta]) await t.db.kysely.updateTable('link_graph_version').set({ version: 5000 }).execute();

    const fromAlpha = await alpha.app.inject({ url: `/api/trace/bottleneck/${a.ref}` });
    expect(fromAlpha.body).toContain('Alpha ferry tickets');
    const fromBeta = await beta.app.inject({ url: `/api/trace/bottleneck/${b.ref}` });
    expect(fromBeta.json().root).toBe(`bottleneck:${b.id}`);
    expect(fromBeta.body).toContain('Beta parking permits');
    expect(fromBeta.body).not.toContain('Alpha');
  });
});
