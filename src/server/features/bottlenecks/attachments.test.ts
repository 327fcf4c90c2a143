import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let moderator: Session;
let ip = 0;

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a9d60000000049454e44ae426082', 'hex');

function multipart(filename: string, content: Buffer, type = 'application/pdf') {
  const boundary = `----talsinki${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function report() {
  const response = await t.app.inject({ method: 'POST', url: '/api/bottlenecks', remoteAddress: `192.0.2.${++ip}`, payload: { title: 'Kela form not accepted in Tallinn', description: 'The Estonian office does not accept the Finnish form; scans attached.', language: 'en', domain: 'social_security', countries: ['FI', 'EE'] } });
  return expectStatus(response, 201).json() as { id: string; ref: string; attachmentToken: string };
}

beforeAll(async () => {
  t = await startTestApp();
  moderator = (await loginAs(t, 'moderator')).session;
});
afterAll(() => t?.close());

const attachmentCount = async (id: string) => (await t.db.kysely.selectFrom('attachments').select('id').where('owner_type', '=', 'bottleneck').where('owner_id', '=', id).execute()).length;

describe('attachments', () => {
  it('lets an anonymous reporter attach a PDF and an image with the token of the report; the type comes from the content', async () => {
    const created = await report();
    expect(created.attachmentToken).toMatch(/^[\w-]{30,}$/);
    const upload = multipart('../../etc/scan 1.pdf', PDF);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: upload.payload, headers: upload.headers }), 403);
    const ok = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: upload.payload, headers: { ...upload.headers, 'x-attachment-token': created.attachmentToken } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ filename: 'scan 1.pdf', mediaType: 'application/pdf', size: PDF.length });
    const image = multipart('photo.pdf', PNG, 'application/pdf');
    const png = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: image.payload, headers: { ...image.headers, 'x-attachment-token': created.attachmentToken } });
    expect(png.json()).toMatchObject({ filename: 'photo.png', mediaType: 'image/png' });

    await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${created.id}`, headers: moderator.headers, payload: { status: 'published' } });
    const detail = (await t.app.inject({ url: `/api/bottlenecks/${created.ref}` })).json();
    expect(detail.attachments.map((a: { mediaType: string }) => a.mediaType)).toEqual(['application/pdf', 'image/png']);
    const download = await t.app.inject({ url: detail.attachments[0].url });
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);
  });

  it('keeps the files of a report in moderation from the public', async () => {
    const created = await report();
    const upload = multipart('a.pdf', PDF);
    const ok = (await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: upload.payload, headers: { ...upload.headers, 'x-attachment-token': created.attachmentToken } })).json();
    expectProblem(await t.app.inject({ url: ok.url }), 404);
    expect((await t.app.inject({ url: ok.url, headers: { cookie: moderator.cookie } })).statusCode).toBe(200);
  });

  it('refuses a wrong or expired token', async () => {
    const created = await report();
    const upload = multipart('a.pdf', PDF);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: upload.payload, headers: { ...upload.headers, 'x-attachment-token': 'x'.repeat(32) } }), 403);
    await t.db.kysely.updateTable('bottlenecks').set({ attachment_token_expires_at: new Date(Date.now() - 1000) }).where('id', '=', created.id).execute();
    const late = multipart('late.pdf', PDF);
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: late.payload, headers: { ...late.headers, 'x-attachment-token': created.attachmentToken } }), 403);
    expect(await attachmentCount(created.id)).toBe(0);
  });

  it('lets moderators remove an attachment, with a note on the timeline', async () => {
    const created = await report();
    const upload = multipart('personal.pdf', PDF);
    const file = (await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: upload.payload, headers: { ...upload.headers, 'x-attachment-token': created.attachmentToken } })).json();
    const { session: member } = await loginAs(t, 'member');
    expectProblem(await t.app.inject({ method: 'DELETE', url: file.url, headers: member.headers }), 403);
    expect((await t.app.inject({ method: 'DELETE', url: file.url, headers: moderator.headers })).statusCode).toBe(204);
    expect(await attachmentCount(created.id)).toBe(0);
    const detail = (await t.app.inject({ url: `/api/bottlenecks/${created.ref}`, headers: { cookie: moderator.cookie } })).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'attached', 'attachment_removed']);
  });

  describe('through a merge', () => {
    const attach = async (created: { ref: string; attachmentToken: string }, name: string) => {
      const upload = multipart(name, PDF);
      const response = await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${created.ref}/attachments`, payload: upload.payload, headers: { ...upload.headers, 'x-attachment-token': created.attachmentToken } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; url: string };
    };
    const publish = async (id: string) => expect((await t.app.inject({ method: 'PATCH', url: `/api/bottlenecks/${id}`, headers: moderator.headers, payload: { status: 'published' } })).statusCode).toBe(200);
    const merge = async (from: string, into: string) => expect((await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${from}/merge`, headers: moderator.headers, payload: { into } })).statusCode).toBe(200);

    it('never makes the files of a report merged before it was published public: they stay with it, for staff and its reporter', async () => {
      const kept = await report();
      await publish(kept.id);
      const duplicate = await report();
      const file = await attach(duplicate, 'private scan.pdf');
      await merge(duplicate.ref, kept.ref);

      const visitor = await t.app.inject({ url: file.url });
      expect(visitor.statusCode).toBe(301);
      expect(visitor.headers.location).toBe(`/api/bottlenecks/${kept.ref}/attachments/${file.id}`);
      expectProblem(await t.app.inject({ url: visitor.headers.location as string }), 404);
      const { session: member } = await loginAs(t, 'member');
      expect((await t.app.inject({ url: file.url, headers: { cookie: member.cookie } })).statusCode).toBe(301);
      expect((await t.app.inject({ url: `/api/bottlenecks/${kept.ref}` })).json().attachments).toEqual([]);
      const staff = await t.app.inject({ url: file.url, headers: { cookie: moderator.cookie } });
      expect(staff.statusCode).toBe(200);
      expect(Buffer.compare(staff.rawPayload, PDF)).toBe(0);
      // Nothing more is attached to a merged report, even with a token still valid.
      const late = multipart('late.pdf', PDF);
      expectProblem(await t.app.inject({ method: 'POST', url: `/api/bottlenecks/${duplicate.ref}/attachments`, payload: late.payload, headers: { ...late.headers, 'x-attachment-token': duplicate.attachmentToken } }), 409);
      expect(await attachmentCount(duplicate.id)).toBe(1);
    });

    it('moves the files of a published report to the one kept, and their old addresses lead there', async () => {
      const kept = await report();
      await publish(kept.id);
      const duplicate = await report();
      const file = await attach(duplicate, 'public scan.pdf');
      await publish(duplicate.id);
      await merge(duplicate.ref, kept.ref);

      expect(await attachmentCount(duplicate.id)).toBe(0);
      const detail = (await t.app.inject({ url: `/api/bottlenecks/${kept.ref}` })).json();
      expect(detail.attachments).toMatchObject([{ id: file.id, filename: 'public scan.pdf', url: `/api/bottlenecks/${kept.ref}/attachments/${file.id}` }]);
      const old = await t.app.inject({ url: file.url });
      expect(old.statusCode).toBe(301);
      expect(old.headers.location).toBe(detail.attachments[0].url);
      const download = await t.app.inject({ url: old.headers.location as string });
      expect(download.statusCode).toBe(200);
      expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);
    });
  });
});
