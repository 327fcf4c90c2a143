import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * The plan's milestone feed (`/api/actions.ics`) as calendar clients read it over real HTTP:
 * Python's icalendar (Debian's python3-icalendar) and node-ical. Each must read every milestone
 * as an all-day event on its due day, with its summary and UID; a dropped action's as cancelled.
 */
const run = promisify(execFile);

const ICALENDAR = `
import json, sys, urllib.request
from icalendar import Calendar
with urllib.request.urlopen(sys.argv[1]) as response:
    calendar = Calendar.from_ical(response.read())
events = []
for event in calendar.walk("VEVENT"):
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    events.append({"uid": str(event["UID"]), "summary": str(event["SUMMARY"]), "start": start.isoformat(), "end": end.isoformat(),
                   "allDay": not hasattr(start, "hour"), "status": str(event["STATUS"]), "description": str(event["DESCRIPTION"])})
print(json.dumps({"name": str(calendar["X-WR-CALNAME"]), "events": events}))
`;

let t: TestApp;
let base: string;
let editor: Record<string, string>;
const made: { ref: string; milestones: { id: string; dueOn: string }[] }[] = [];

async function actionWithMilestones(title: Record<string, string>, milestones: { title: Record<string, string>; dueOn: string; doneOn?: string }[], kela: string, ska: string) {
  const action = expectStatus(await t.app.inject({ method: 'POST', url: '/api/actions', headers: editor, payload: { title, domain: 'mobility', startsOn: '2027-01-01', endsOn: '2027-12-31', state: 'ongoing', raci: [{ institutionId: kela, role: 'A' }, { institutionId: ska, role: 'R' }] } }), 201).json() as { ref: string };
  const ids = [];
  for (const milestone of milestones) {
    ids.push({ id: (expectStatus(await t.app.inject({ method: 'POST', url: `/api/actions/${action.ref}/milestones`, headers: editor, payload: milestone }), 201).json() as { id: string }).id, dueOn: milestone.dueOn });
  }
  made.push({ ref: action.ref, milestones: ids });
  return action.ref;
}

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  editor = (await loginAs(t, 'editor')).session.headers;
  const id = async (slug: string) => (await t.app.inject({ url: `/api/institutions/${slug}` })).json().id as string;
  const [kela, ska] = [await id('kela'), await id('sotsiaalkindlustusamet')];
  await actionWithMilestones({ en: 'Combined ferry ticket', fi: 'Yhdistetty laivalippu' }, [
    { title: { en: 'Interface ready; tested, signed', fi: 'Rajapinta valmis' }, dueOn: '2027-03-31', doneOn: '2027-03-20' },
    { title: { en: 'First tickets sold' }, dueOn: '2027-12-31' },
  ], kela, ska);
  const dropped = await actionWithMilestones({ en: 'Tax desk at the terminal' }, [{ title: { en: 'Desk open' }, dueOn: '2027-06-01' }], kela, ska);
  expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${dropped}`, headers: editor, payload: { state: 'dropped', dropReason: 'Replaced by the joint advice point.' } }), 200);
});
afterAll(() => t?.close());

describe("Python's icalendar", () => {
  it('reads each milestone as an all-day event on its due day, a dropped action\'s as cancelled', async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c', ICALENDAR, `${base}/api/actions.ics?lang=en`]);
    const read = JSON.parse(stdout) as { name: string; events: { uid: string; summary: string; start: string; end: string; allDay: boolean; status: string; description: string }[] };
    expect(read.name).toBe('Talsinki: action plan milestones');
    const [ferry, desk] = made;
    expect(read.events).toEqual([
      { uid: `${ferry!.milestones[0]!.id}@talsinki`, summary: `Interface ready; tested, signed (${ferry!.ref})`, start: '2027-03-31', end: '2027-04-01', allDay: true, status: 'CONFIRMED', description: expect.stringContaining('Met 2027-03-20') },
      { uid: `${desk!.milestones[0]!.id}@talsinki`, summary: `Desk open (${desk!.ref})`, start: '2027-06-01', end: '2027-06-02', allDay: true, status: 'CANCELLED', description: expect.stringContaining(`https://talsinki.example/actions/${desk!.ref}`) },
      { uid: `${ferry!.milestones[1]!.id}@talsinki`, summary: `First tickets sold (${ferry!.ref})`, start: '2027-12-31', end: '2028-01-01', allDay: true, status: 'CONFIRMED', description: expect.stringContaining('Combined ferry ticket') },
    ]);
  });
});

describe('node-ical', () => {
  it('reads the same events, in the reader\'s language where the milestone has it', async () => {
    const events = Object.values(await ical.async.fromURL(`${base}/api/actions.ics?lang=fi`)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const [ferry] = made;
    const first = events.find((e) => e.uid === `${ferry!.milestones[0]!.id}@talsinki`)!;
    expect(first.summary).toBe(`Rajapinta valmis (${ferry!.ref})`);
    expect(first.datetype).toBe('date');
    expect([first.start.getFullYear(), first.start.getMonth() + 1, first.start.getDate()]).toEqual([2027, 3, 31]);
    expect(events).toHaveLength(3);
  });
});

describe('the feed', () => {
  it('answers 304 to a client that has it, and changes with the plan', async () => {
    const first = await fetch(`${base}/api/actions.ics?lang=en`);
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${base}/api/actions.ics?lang=en`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const [ferry] = made;
    expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/actions/${ferry!.ref}/milestones/${ferry!.milestones[1]!.id}`, headers: editor, payload: { title: { en: 'First tickets sold on the pilot line' } } }), 200);
    const changed = await fetch(`${base}/api/actions.ics?lang=en`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('First tickets sold on the pilot line');
  });
});
