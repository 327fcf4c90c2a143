import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * What only PostgreSQL can show about the in-memory search index (catalog.index.ts): a second
 * connection holding a write open while a request reads. PGlite has one connection.
 */

let t: TestApp;
let editor: Session;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t?.close());

const find = async (q: string) => (await t.app.inject({ url: `/api/datasets?q=${encodeURIComponent(q)}&limit=50` })).json() as { total: number; items: { name: string }[] };

describe('the search index follows the catalogue', () => {
  it('sees a write that committed after a later one, as long as it was running when the index last read', async () => {
    const slow = new pg.Client({ connectionString: t.database.url });
    await slow.connect();
    try {
      await find('satama');
      await slow.query('begin');
      await slow.query(`insert into datasets (name, title, description) values ('late-writer', '{"en": "Zeppelin timetables"}', '{"en": "Zeppelin timetables, a late write"}')`);
      // A later transaction commits first, and the index reads past it.
      expectStatus(
        await t.app.inject({
          method: 'POST', url: '/api/datasets', headers: editor.headers,
          payload: { name: 'early-writer', title: { en: 'Zeppelin landing sites' }, description: { en: 'Sites.' } },
        }),
        201,
      );
      expect((await find('zeppelin')).items.map((item) => item.name)).toEqual(['early-writer']);
      await slow.query('commit');
      expect((await find('zeppelin')).items.map((item) => item.name).sort()).toEqual(['early-writer', 'late-writer']);
    } finally {
      await slow.end();
    }
  });
});
