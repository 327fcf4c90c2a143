import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * The server never reads a dialogue's times as wall-clock time: `startsAt` and `endsAt` are RFC 3339
 * instants with their offset (docs/ARCHITECTURE.md, "What PostgreSQL cannot store"), so a time in a
 * daylight-saving gap or overlap cannot even be sent without saying which instant it is; the web
 * form turns wall-clock time into an instant with `zonedToIso`. The one wall-clock input the server
 * reads is the list's `from` and `to` days, whole days in Helsinki–Tallinn time, which on the days
 * the clocks change are 23 and 25 hours long.
 */

let t: TestApp;
let editor: Session;
let organiserId: string;
beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  organiserId = (await t.app.inject({ url: '/api/institutions/hsl' })).json().id;
});
afterAll(() => t?.close());

const dialogue = (title: string, startsAt: string, endsAt: string) => ({
  type: 'roundtable',
  title: { en: title },
  startsAt,
  endsAt,
  timeZone: 'Europe/Helsinki',
  organiserId,
  domains: ['mobility'],
  language: 'en',
  visibility: 'public',
});
async function create(title: string, startsAt: string, endsAt: string) {
  const response = await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: dialogue(title, startsAt, endsAt) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; startsAt: string };
}
const listed = async (from: string, to: string) =>
  ((await t.app.inject({ url: `/api/dialogues?from=${from}&to=${to}&limit=100` })).json().items as { title: { en: string } }[]).map((d) => d.title.en).sort();

describe('wall-clock times around daylight-saving changes', () => {
  it('refuses a start without an offset, which could name no instant or two', async () => {
    for (const startsAt of ['2026-03-29T03:30', '2026-10-25T03:30:00', '2026-10-25 03:30']) {
      const problem = expectProblem(await t.app.inject({ method: 'POST', url: '/api/dialogues', headers: editor.headers, payload: dialogue('No offset', startsAt, '2026-10-25T05:00:00+02:00') }), 400);
      expect(problem.errors?.map((e) => e.path)).toContain('body/startsAt');
    }
  });

  it('lists whole local days in `from` and `to`, 25 hours in autumn and 23 in spring', async () => {
    // Each pass of the repeated hour, as the instant it was sent; 23:30 on the 25-hour day, and
    // 00:30 after the 23-hour day: each in its own local day.
    await create('First 03:30', '2026-10-25T03:30:00+03:00', '2026-10-25T04:30:00+02:00');
    await create('Second 03:30', '2026-10-25T03:30:00+02:00', '2026-10-25T04:30:00+02:00');
    await create('Late on the long day', '2026-10-25T23:30:00+02:00', '2026-10-26T00:30:00+02:00');
    await create('Early after the short day', '2026-03-30T00:30:00+03:00', '2026-03-30T01:30:00+03:00');
    await create('Late on the short day', '2026-03-29T23:30:00+03:00', '2026-03-30T00:15:00+03:00');
    expect(await listed('2026-10-25', '2026-10-25')).toEqual(['First 03:30', 'Late on the long day', 'Second 03:30']);
    expect(await listed('2026-10-26', '2026-10-26')).toEqual([]);
    expect(await listed('2026-03-29', '2026-03-29')).toEqual(['Late on the short day']);
    expect(await listed('2026-03-30', '2026-03-30')).toEqual(['Early after the short day']);
  });

  it('writes each pass of the repeated hour so that calendar clients read the instant it is', async () => {
    const first = await create('Calendar first 03:30', '2026-10-25T03:30:00+03:00', '2026-10-25T03:45:00+03:00');
    const second = await create('Calendar second 03:30', '2026-10-25T03:30:00+02:00', '2026-10-25T05:00:00+02:00');
    for (const [created, start, end] of [
      [first, '2026-10-25T00:30:00.000Z', '2026-10-25T00:45:00.000Z'],
      [second, '2026-10-25T01:30:00.000Z', '2026-10-25T03:00:00.000Z'],
    ] as const) {
      const response = await t.app.inject({ url: `/api/dialogues/${created.id}.ics` });
      expect(response.statusCode, response.body).toBe(200);
      const calendar = new ICAL.Component(ICAL.parse(response.body));
      for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
      const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
      expect([event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString()]).toEqual([start, end]);
    }
  });
});
