import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { MAX_ATTACHMENTS } from './attachments.service.ts';

/**
 * The attachments module's rules, once, run for each kind of owner that uses it (so a feature that
 * went its own way again would fail here). Who may attach or read is each feature's, tested there.
 */

let t: TestApp;
let moderator: Session;
let editor: Session;
let ip = 0;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a9d60000000049454e44ae426082', 'hex');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

function multipart(filename: string, content: Buffer, field = 'file', type = 'application/pdf') {
  const boundary = `----talsinki${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

interface Owner {
  type: string;
  id: string;
  /** The owner's attachments address. */
  base: string;
  /** Whoever may attach, remove and read there. */
  headers: Record<string, string>;
}

const owners: Record<string, () => Promise<Owner>> = {
  async bottleneck() {
    const response = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `192.0.2.${++ip}`, payload: { title: 'Kela form not accepted in Tallinn', description: 'The Estonian office does not accept the Finnish form; scans attached.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } });
    const { id, ref } = response.json();
    return { type: 'bottleneck', id, base: `/api/bottlenecks/${ref}/attachments`, headers: moderator.headers };
  },
  async dialogue() {
    const kela = (await t.app.inject({ url: '/api/institutions/kela' })).json();
    const payload = { type: 'roundtable', title: { en: 'Social security of cross-border commuters' }, startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-03T10:30:00.000Z', timeZone: 'Europe/Helsinki', organiserId: kela.id, domains: ['social_security'], language: 'en', visibility: 'public' };
    const response = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload });
    expect(response.statusCode, response.body).toBe(201);
    const { id, ref } = response.json();
    return { type: 'dialogue', id, base: `/api/dialogues/${ref}/attachments`, headers: editor.headers };
  },
};

beforeAll(async () => {
  t = await startTestApp();
  moderator = (await loginAs(t, 'moderator')).session;
  editor = (await loginAs(t, 'editor')).session;
});
afterAll(() => t?.close());

const stored = async (owner: Owner) => Number((await t.db.kysely.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).executeTakeFirstOrThrow()).n);
const upload = (owner: Owner, file: { payload: Buffer; headers: Record<string, string> }) => t.app.inject({ method: 'POST', url: owner.base, payload: file.payload, headers: { ...owner.headers, ...file.headers } });
const trail = (owner: Owner) => t.db.kysely.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('entity_type', '=', owner.type).where('entity_id', '=', owner.id).where('action', 'like', '%attachment%').orderBy('id').execute();

describe.each(Object.keys(owners))('attachments of a %s', (kind) => {
  let owner: Owner;
  beforeAll(async () => {
    owner = await owners[kind]();
  });

  it('takes the type from the content: a renamed program is refused, an image named .pdf is stored as the image it is', async () => {
    const fresh = await owners[kind]();
    const refused = await upload(fresh, multipart('invoice.pdf', EXE));
    expect(expectProblem(refused, 415).type).toBe('/problems/unsupported-file-type');
    expect(await stored(fresh)).toBe(0);
    const png = await upload(fresh, multipart('../../etc/photo 1.pdf', PNG));
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ filename: 'photo 1.png', mediaType: 'image/png', size: PNG.length, url: `${fresh.base}/${png.json().id}` });
  });

  it('refuses a file over 10 MB with a 413, storing nothing', async () => {
    const fresh = await owners[kind]();
    const big = await upload(fresh, multipart('big.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)])));
    expect(expectProblem(big, 413).type).toBe('/problems/file-too-large');
    expect(await stored(fresh)).toBe(0);
  });

  it('takes the file only in the field "file", and only from a multipart body', async () => {
    const fresh = await owners[kind]();
    const misnamed = expectProblem(await upload(fresh, multipart('a.pdf', PDF, 'document')), 400);
    expect(misnamed.errors).toEqual([{ path: 'body/file', code: 'required', params: {}, message: 'is required' }, { path: 'body/document', code: 'not-allowed', params: {}, message: 'is not an allowed field' }]);
    expectProblem(await t.app.inject({ method: 'POST', url: fresh.base, headers: fresh.headers, payload: { file: 'no' } }), 400);
    const boundary = '----talsinki-nofile';
    const textOnly = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nnot a file\r\n--${boundary}--\r\n`);
    const noFile = expectProblem(await t.app.inject({ method: 'POST', url: fresh.base, headers: { ...fresh.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: textOnly }), 400);
    expect(noFile.errors).toEqual([{ path: 'body/file', code: 'required', params: {}, message: 'is required' }]);
    expect(await stored(fresh)).toBe(0);
  });

  it(`holds at most ${MAX_ATTACHMENTS} files, counted under the owner's lock so parallel uploads cannot pass it`, async () => {
    const fresh = await owners[kind]();
    for (let n = 1; n <= 3; n++) expect((await upload(fresh, multipart(`annex-${n}.pdf`, PDF))).statusCode).toBe(201);
    // Four at once for the last two places: two are taken, whatever the order.
    const racing = await Promise.all([4, 5, 6, 7].map((n) => upload(fresh, multipart(`annex-${n}.pdf`, PDF))));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 201, 409, 409]);
    const late = expectProblem(await upload(fresh, multipart('annex-8.pdf', PDF)), 409);
    expect(late).toMatchObject({ type: '/problems/too-many-attachments', detail: `A ${kind} has at most ${MAX_ATTACHMENTS} attachments.` });
    expect(await stored(fresh)).toBe(MAX_ATTACHMENTS);
  });

  it('removes a file, recording who added and who removed it; a full owner takes a file again', async () => {
    const full = await owners[kind]();
    const ids: string[] = [];
    for (let n = 1; n <= MAX_ATTACHMENTS; n++) ids.push((await upload(full, multipart(`f${n}.pdf`, PDF))).json().id);
    expectProblem(await upload(full, multipart('more.pdf', PDF)), 409);
    expect((await t.app.inject({ method: 'DELETE', url: `${full.base}/${ids[0]}`, headers: full.headers })).statusCode).toBe(204);
    expect(await stored(full)).toBe(MAX_ATTACHMENTS - 1);
    expectProblem(await t.app.inject({ url: `${full.base}/${ids[0]}`, headers: full.headers }), 404);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${full.base}/${ids[0]}`, headers: full.headers }), 404);
    expect((await upload(full, multipart('more.pdf', PDF))).statusCode).toBe(201);

    const entries = await trail(full);
    expect(entries.map((e) => e.action)).toEqual([...Array(MAX_ATTACHMENTS).fill(`${kind}.attachment_added`), `${kind}.attachment_removed`, `${kind}.attachment_added`]);
    expect(entries[MAX_ATTACHMENTS]).toMatchObject({ actor_id: full.headers === moderator.headers ? moderator.userId : editor.userId, details: { attachmentId: ids[0], filename: 'f1.pdf' } });
  });

  it('removes only a file of that owner', async () => {
    const other = await owners[kind]();
    const file = (await upload(owner, multipart('mine.pdf', PDF))).json();
    expectProblem(await t.app.inject({ method: 'DELETE', url: `${other.base}/${file.id}`, headers: other.headers }), 404);
    expectProblem(await t.app.inject({ url: `${other.base}/${file.id}`, headers: other.headers }), 404);
    expect((await t.app.inject({ url: file.url, headers: owner.headers })).statusCode).toBe(200);
  });

  it('serves a file as a sandboxed download, never as part of the site', async () => {
    const file = (await upload(owner, multipart('scan 1.pdf', PDF))).json();
    const download = await t.app.inject({ url: file.url, headers: owner.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''scan%201.pdf`);
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);
  });
});
