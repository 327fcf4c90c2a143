import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * The dialogues' calendars as two more clients read them over real HTTP, besides ical.js
 * (dialogues.test.ts): Python's icalendar (Debian's python3-icalendar, installed by
 * scripts/test.mjs) and node-ical. Each must read the summary, the start and end as the instant
 * they are in the dialogue's own time zone, and the UID.
 */
const run = promisify(execFile);

/** Longer than a line of 75 octets, so each is folded inside Cyrillic text, two octets a letter. */
const RUSSIAN_TITLE = 'Социальное обеспечение людей, которые живут в одной стране, а работают в другой; пособия, налоги';
const RUSSIAN_DESCRIPTION = 'Kela и Департамент социального страхования Эстонии о пособиях, потерянных между двумя системами.';

let t: TestApp;
let base: string;
const dialogues: { id: string; ref: string; startsAt: string; endsAt: string; localStart: string }[] = [];

/** Each VEVENT of each calendar address, as a Python program using icalendar reads it. */
const ICALENDAR = `
import json, sys, urllib.request
from icalendar import Calendar
out = {}
for url in sys.argv[1:]:
    with urllib.request.urlopen(url) as response:
        calendar = Calendar.from_ical(response.read())
    events = []
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        events.append({
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "tzid": event["DTSTART"].params.get("TZID"),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "startUtc": start.timestamp(),
            "endUtc": end.timestamp(),
        })
    out[url] = events
print(json.dumps(out))
`;

/** The calendar's name and each VEVENT's summary and description, as Python's icalendar reads them. */
const ICALENDAR_TEXTS = `
import json, sys, urllib.request
from icalendar import Calendar
with urllib.request.urlopen(sys.argv[1]) as response:
    calendar = Calendar.from_ical(response.read())
print(json.dumps({
    "name": str(calendar.get("X-WR-CALNAME")),
    "events": [{"uid": str(e["UID"]), "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"])} for e in calendar.walk("VEVENT")],
}))
`;

interface PythonEvent {
  uid: string;
  summary: string;
  tzid: string | null;
  start: string;
  end: string;
  startUtc: number;
  endUtc: number;
}

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const editor = (await loginAs(t, 'editor')).session;
  const organiserId = expectStatus(await t.app.inject({ url: '/api/institutions/kela' }), 200).json().id;
  // One in winter time (UTC+2) and one in summer time (UTC+3), both in Helsinki.
  for (const [startsAt, endsAt, localStart] of [
    ['2026-11-03T08:00:00.000Z', '2026-11-03T10:30:00.000Z', '2026-11-03T10:00:00+02:00'],
    ['2026-07-01T06:00:00.000Z', '2026-07-01T08:00:00.000Z', '2026-07-01T09:00:00+03:00'],
  ]) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/dialogues',
      headers: editor.headers,
      payload: {
        type: 'roundtable',
        title: { en: 'Social security of cross-border commuters; benefits, taxes', fi: 'Rajatyöntekijöiden sosiaaliturva', ru: RUSSIAN_TITLE },
        description: { en: 'Kela and the Estonian Social Insurance Board on benefits lost between two systems.', ru: RUSSIAN_DESCRIPTION },
        startsAt,
        endsAt,
        timeZone: 'Europe/Helsinki',
        place: 'Uusimaa Regional Council, Esterinportti 2 B, Helsinki',
        organiserId,
        domains: ['social_security'],
        language: 'en',
        visibility: 'public',
      },
    });
    const created = expectStatus(response, 201).json() as { id: string; ref: string };
    dialogues.push({ ...created, startsAt, endsAt, localStart });
  }
});
afterAll(() => t?.close());

describe("Python's icalendar", () => {
  it('reads the feed and one event: summary, start and end in Europe/Helsinki, UID', async () => {
    const [one] = dialogues;
    const feedUrl = `${base}/api/dialogues.ics?lang=en`;
    const eventUrl = `${base}/api/dialogues/${one.ref}.ics?lang=fi`;
    const { stdout } = await run('/usr/bin/python3', ['-c', ICALENDAR, feedUrl, eventUrl]);
    const read = JSON.parse(stdout) as Record<string, PythonEvent[]>;

    const [event] = read[eventUrl];
    expect(event).toEqual({
      uid: `${one.id}@talsinki`,
      summary: `Rajatyöntekijöiden sosiaaliturva (${one.ref})`,
      tzid: 'Europe/Helsinki',
      start: '2026-11-03T10:00:00+02:00',
      end: '2026-11-03T12:30:00+02:00',
      startUtc: Date.parse(one.startsAt) / 1000,
      endUtc: Date.parse(one.endsAt) / 1000,
    });

    const feed = read[feedUrl];
    for (const dialogue of dialogues) {
      const found = feed.filter((e) => e.uid === `${dialogue.id}@talsinki`);
      expect(found, dialogue.ref).toHaveLength(1);
      expect(found[0]).toMatchObject({ summary: `Social security of cross-border commuters; benefits, taxes (${dialogue.ref})`, tzid: 'Europe/Helsinki', start: dialogue.localStart, startUtc: Date.parse(dialogue.startsAt) / 1000, endUtc: Date.parse(dialogue.endsAt) / 1000 });
    }
  });
});

describe('node-ical', () => {
  it('reads the feed and one event: summary, start and end in Europe/Helsinki, UID', async () => {
    const [one] = dialogues;
    const single = Object.values(await ical.async.fromURL(`${base}/api/dialogues/${one.ref}.ics?lang=fi`)).filter((c) => c?.type === 'VEVENT');
    expect(single).toHaveLength(1);
    const event = single[0] as ical.VEvent;
    expect(event.uid).toBe(`${one.id}@talsinki`);
    expect(event.summary).toBe(`Rajatyöntekijöiden sosiaaliturva (${one.ref})`);
    expect(event.start.toISOString()).toBe(one.startsAt);
    expect(event.end?.toISOString()).toBe(one.endsAt);
    expect(event.start.tz).toBe('Europe/Helsinki');

    const feed = Object.values(await ical.async.fromURL(`${base}/api/dialogues.ics?lang=en`)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    for (const dialogue of dialogues) {
      const found = feed.filter((e) => e.uid === `${dialogue.id}@talsinki`);
      expect(found, dialogue.ref).toHaveLength(1);
      expect(found[0].summary).toBe(`Social security of cross-border commuters; benefits, taxes (${dialogue.ref})`);
      expect([found[0].start.toISOString(), found[0].end?.toISOString(), found[0].start.tz]).toEqual([dialogue.startsAt, dialogue.endsAt, 'Europe/Helsinki']);
    }
  });
});

describe('in Russian', () => {
  const feedUrl = () => `${base}/api/dialogues.ics?lang=ru`;

  it('folds lines between letters, never inside one: every line at most 75 octets, each a whole UTF-8 text', async () => {
    const body = Buffer.from(await (await fetch(feedUrl())).arrayBuffer());
    const lines = body.toString('utf8').split('\r\n');
    expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(2);
    for (const line of lines) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    // A fold inside a letter would leave a replacement character where its two octets were split.
    expect(body.toString('utf8')).not.toContain('\uFFFD');
  });

  it("Python's icalendar reads the calendar's Russian name and each event's Russian summary and description whole", async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c', ICALENDAR_TEXTS, feedUrl()]);
    const read = JSON.parse(stdout) as { name: string; events: { uid: string; summary: string; description: string }[] };
    expect(read.name).toBe('Talsinki: диалоги');
    for (const dialogue of dialogues) {
      const event = read.events.find((e) => e.uid === `${dialogue.id}@talsinki`);
      expect(event, dialogue.ref).toEqual({ uid: `${dialogue.id}@talsinki`, summary: `${RUSSIAN_TITLE} (${dialogue.ref})`, description: `${RUSSIAN_DESCRIPTION}\n\nhttps://talsinki.example/dialogues/${dialogue.ref}` });
    }
  });

  it('node-ical reads the same', async () => {
    const feed = Object.values(await ical.async.fromURL(feedUrl())).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    for (const dialogue of dialogues) {
      const event = feed.find((e) => e.uid === `${dialogue.id}@talsinki`);
      expect([event?.summary, event?.description], dialogue.ref).toEqual([`${RUSSIAN_TITLE} (${dialogue.ref})`, `${RUSSIAN_DESCRIPTION}\n\nhttps://talsinki.example/dialogues/${dialogue.ref}`]);
    }
  });
});
