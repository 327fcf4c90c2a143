import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/** 0015 moves the files of both old tables into `attachments`, ids and all, so old addresses still work. */

let t: TestApp;
let editor: Session;

const PDF = (text: string) => Buffer.from(`%PDF-1.4 ${text}`);

function multipart(content: Buffer, filename: string) {
  const boundary = '----talsinki-migration';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The database as 0014 left it: the two tables 0002 and 0008 made, holding the files. */
const BEFORE_0015 = `
  create table bottleneck_attachments (
    id uuid primary key default gen_random_uuid(),
    bottleneck_id uuid not null references bottlenecks (id) on delete cascade,
    filename text not null, media_type text not null, size integer not null, content bytea not null,
    created_at timestamptz not null default now()
  );
  create table dialogue_attachments (
    id uuid primary key default gen_random_uuid(),
    dialogue_id uuid not null references dialogues (id) on delete cascade,
    filename text not null, media_type text not null, size integer not null, content bytea not null,
    created_at timestamptz not null default now()
  );
  insert into bottleneck_attachments select id, owner_id, filename, media_type, size, content, created_at from attachments where owner_type = 'bottleneck';
  insert into dialogue_attachments select id, owner_id, filename, media_type, size, content, created_at from attachments where owner_type = 'dialogue';
  -- Cascading: later migrations' references to attachments (a consultation section's files) go with it.
  drop table attachments cascade;
  drop function delete_owned_attachments() cascade;
  delete from schema_migrations where version = 15;
`;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t?.close());

describe('migration 0015_attachments', () => {
  it('moves every file of both old tables with its id, so the addresses given out keep working; an owner deleted takes its files', async () => {
    const moderator = (await loginAs(t, 'moderator')).session;
    const report = (await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: '192.0.2.7', payload: { title: 'Kela form not accepted in Tallinn', description: 'The Estonian office does not accept the Finnish form; scans attached.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } })).json();
    const kela = (await t.app.inject({ url: '/api/institutions/kela' })).json();
    const dialogue = (await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: { type: 'roundtable', title: { en: 'Commuters' }, startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-03T10:30:00.000Z', timeZone: 'Europe/Helsinki', organiserId: kela.id, domains: ['social_security'], language: 'en', visibility: 'public' } })).json();
    const files: { url: string; headers: Record<string, string>; content: Buffer }[] = [];
    for (const [base, headers, name] of [[`/api/bottlenecks/${report.ref}/attachments`, moderator.headers, 'scan'], [`/api/dialogues/${dialogue.ref}/attachments`, editor.headers, 'agenda']] as const) {
      for (const n of [1, 2]) {
        const content = PDF(`${name} ${n}`);
        const upload = multipart(content, `${name}-${n}.pdf`);
        const created = await t.app.inject({ method: 'POST', url: base, headers: { ...headers, ...upload.headers }, payload: upload.payload });
        expect(created.statusCode, created.body).toBe(201);
        files.push({ url: created.json().url, headers, content });
      }
    }

    await t.db.withClient((client) => client.exec(BEFORE_0015));
    expect(await migrate(t.db)).toEqual(['0015_attachments']);

    for (const file of files) {
      const download = await t.app.inject({ url: file.url, headers: file.headers });
      expect(download.statusCode, file.url).toBe(200);
      expect(Buffer.compare(download.rawPayload, file.content)).toBe(0);
    }
    const tables = await t.db.withClient((client) => client.query<{ n: number }>("select count(*)::int as n from pg_tables where tablename in ('bottleneck_attachments', 'dialogue_attachments')"));
    expect(tables.rows[0].n).toBe(0);

    await t.db.kysely.deleteFrom('dialogues').where('id', '=', dialogue.id).execute();
    const left = await t.db.kysely.selectFrom('attachments').select(['owner_type', 'owner_id']).execute();
    expect(left).toEqual([{ owner_type: 'bottleneck', owner_id: report.id }, { owner_type: 'bottleneck', owner_id: report.id }]);
  });
});
