import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editRows } from '../../components/rows.ts';
import { agendaBody, agendaRows, BLANK_AGENDA_ITEM, BLANK_FINDING, BLANK_PARTICIPANT, descriptionOf, dialogueRequest, findingRows, findingsBody, participantRows, participantsBody, readAgendaRows, readParticipantRows, type ParticipantRow } from './dialogueForm.ts';

type Saved = NonNullable<Parameters<typeof dialogueRequest>[2]>;

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};

const fields: [string, string][] = [
  ['type', 'roundtable'],
  ['title-fi', ' Rajat '],
  ['title-et', ''],
  ['title-en', 'Borders'],
  ['language', 'en'],
  ['description', ''],
  ['startsAt', '2025-06-02T07:00:00.000Z'],
  ['endsAt', '2025-06-02T09:00:00.000Z'],
  ['timeZone', 'Europe/Helsinki'],
  ['place', '  '],
  ['onlineUrl', ''],
  ['organiserId', 'org-1'],
  ['domains', 'mobility'],
  ['domains', 'health'],
  ['visibility', 'public'],
  ['bottlenecks', 'BN-2025-1'],
  ['bottlenecks', 'BN-2025-2'],
  ['bottlenecks', 'BN-2025-3'],
];

const bottleneck = (ref: string) => ({ value: ref, ref, title: { en: `About ${ref}` }, status: 'published' });
const agenda = [
  { key: 0, title: 'Welcome', bottleneck: null },
  { key: 1, title: '', bottleneck: null },
  { key: 2, title: '  Ferry tickets ', bottleneck: bottleneck('BN-2025-1') },
  { key: 3, title: 'Wrap-up', bottleneck: null },
];

describe('the dialogue form', () => {
  it('turns the participants list into rows and back: added, changed, consent ticked, removed', () => {
    const saved = participantRows([
      { institution: { id: 'inst-1' }, name: 'Mari', role: null, email: 'mari@example.org', consentToBeNamed: true },
      { institution: null, name: null, role: 'Observer', email: null, consentToBeNamed: false },
    ] as unknown as Saved['participants']);
    expect(saved.map((row) => row.key)).toEqual([0, 1]);
    let rows = editRows(saved, { type: 'add', row: BLANK_PARTICIPANT });
    rows = editRows(rows, { type: 'update', key: 2, change: { name: '  Jaan ', email: ' ', consentToBeNamed: true } });
    rows = editRows(rows, { type: 'remove', key: 0 });
    expect(participantsBody(rows)).toEqual([
      { role: 'Observer', consentToBeNamed: false },
      { name: 'Jaan', consentToBeNamed: true },
    ]);
    expect(participantsBody(saved)[0]).toEqual({ institutionId: 'inst-1', name: 'Mari', email: 'mari@example.org', consentToBeNamed: true });
    const picked = editRows(saved, { type: 'update', key: 1, change: { institution: { value: 'inst-2', name: { fi: 'Kela' }, shortName: null, country: 'FI' } } });
    expect(participantsBody(picked)[1]).toEqual({ institutionId: 'inst-2', role: 'Observer', consentToBeNamed: false });
  });

  it('edits the agenda as items, each with the bottleneck picked for it, and leaves out an item left blank', () => {
    const saved = agendaRows([
      { position: 1, title: 'Welcome', bottleneck: null },
      { position: 2, title: 'Ferry tickets', bottleneck: { id: 'b1', ref: 'BN-2025-1', title: { en: 'Ferry tickets' }, status: 'published' } },
    ] as unknown as Saved['agenda']);
    expect(saved.map((row) => row.bottleneck?.value ?? null)).toEqual([null, 'BN-2025-1']);
    expect(agendaBody(saved)).toEqual([{ title: 'Welcome' }, { title: 'Ferry tickets', bottleneck: 'BN-2025-1' }]);
    let rows = editRows(saved, { type: 'add', row: BLANK_AGENDA_ITEM });
    expect(agendaBody(rows)).toHaveLength(2);
    rows = editRows(rows, { type: 'update', key: 2, change: { bottleneck: bottleneck('BN-2025-7') } });
    // A bottleneck without a title is sent, for the server to name the missing title.
    expect(agendaBody(rows)[2]).toEqual({ title: '', bottleneck: 'BN-2025-7' });
    rows = editRows(rows, { type: 'update', key: 1, change: { bottleneck: null } });
    rows = editRows(rows, { type: 'remove', key: 0 });
    expect(agendaBody(rows)).toEqual([{ title: 'Ferry tickets' }, { title: '', bottleneck: 'BN-2025-7' }]);
  });

  it('sends the saved agenda back the same when it is saved unchanged', () => {
    const title = fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() === text && text.length > 0);
    const item = fc.record({ title, bottleneck: fc.option(fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.nat(9999)).map(([year, n]) => ({ ref: `BN-${year}-${n}`, title: { en: 'T' }, status: 'published' })), { nil: null }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (saved) => {
        expect(agendaBody(agendaRows(saved as unknown as Saved['agenda']))).toEqual(saved.map((a) => ({ title: a.title, ...(a.bottleneck ? { bottleneck: a.bottleneck.ref } : {}) })));
      }),
    );
  });

  it('keeps the description\'s other languages, replacing or taking out the one of the form', () => {
    expect(descriptionOf({ fi: 'Kuvaus', en: 'Old' }, 'en', 'New')).toEqual({ fi: 'Kuvaus', en: 'New' });
    expect(descriptionOf({ fi: 'Kuvaus', en: 'Old' }, 'en', '')).toEqual({ fi: 'Kuvaus' });
    expect(descriptionOf({ en: 'Old', et: '' }, 'en', '')).toBeNull();
    expect(descriptionOf(null, 'fi', 'Uusi')).toEqual({ fi: 'Uusi' });
  });

  it('creates a dialogue without what is left empty', () => {
    const request = dialogueRequest(form(fields), { participants: [], agenda }, null);
    if (!('create' in request)) throw new Error('expected a new dialogue');
    expect(request.create).toEqual({
      type: 'roundtable',
      title: { fi: 'Rajat', en: 'Borders' },
      startsAt: '2025-06-02T07:00:00.000Z',
      endsAt: '2025-06-02T09:00:00.000Z',
      timeZone: 'Europe/Helsinki',
      organiserId: 'org-1',
      domains: ['mobility', 'health'],
      bottlenecks: ['BN-2025-1', 'BN-2025-2', 'BN-2025-3'],
      agenda: [{ title: 'Welcome' }, { title: 'Ferry tickets', bottleneck: 'BN-2025-1' }, { title: 'Wrap-up' }],
      participants: [],
      language: 'en',
      visibility: 'public',
    });
  });

  it('edits a dialogue with emptied fields cleared, minutes and outcomes included', () => {
    const saved = { ref: 'DL-2025-3', description: { fi: 'Kuvaus', en: 'Old' } } as unknown as Saved;
    const request = dialogueRequest(form([...fields, ['minutes', '# Notes'], ['outcomes', ' One \n\nTwo']]), { participants: participantRows([]), agenda: [] }, saved);
    if (!('changes' in request)) throw new Error('expected changes');
    expect(request.ref).toBe('DL-2025-3');
    expect(request.changes).toMatchObject({ description: { fi: 'Kuvaus' }, place: null, onlineUrl: null, minutes: '# Notes', outcomes: ['One', 'Two'] });
    const unfilled = dialogueRequest(form([['timeZone', 'Europe/Tallinn']]), { participants: [], agenda: [] }, null);
    expect(unfilled).toMatchObject({ create: { startsAt: '', endsAt: '', title: {}, agenda: [], bottlenecks: [] } });
  });

  it('sends an interview\'s findings trimmed, without a domain or bottleneck not given', () => {
    const saved = findingRows([{ text: 'Queues', code: 'Q1', domain: 'mobility', bottleneck: { ref: 'BN-2025-1' } }] as unknown as Saved['findings']);
    const rows = editRows(editRows(saved, { type: 'add', row: BLANK_FINDING }), { type: 'update', key: 1, change: { text: ' Forms ', code: ' F ' } });
    expect(findingsBody(editRows(rows, { type: 'update', key: 1, change: { bottleneck: bottleneck('BN-2025-9') } }))[1]).toEqual({ text: 'Forms', code: 'F', bottleneck: 'BN-2025-9' });
    expect(findingsBody(rows)).toEqual([
      { text: 'Queues', code: 'Q1', domain: 'mobility', bottleneck: 'BN-2025-1' },
      { text: 'Forms', code: 'F' },
    ]);
  });
});

describe('the dialogue form\'s draft', () => {
  const institution = { value: 'org-1', name: { fi: 'Kela' }, shortName: null, country: 'FI' };
  const participant = fc.record({
    institution: fc.option(fc.constant(institution), { nil: null }),
    name: fc.string({ maxLength: 20 }),
    role: fc.string({ maxLength: 20 }),
    email: fc.string({ maxLength: 20 }),
    consentToBeNamed: fc.boolean(),
  });
  const agendaItem = fc.record({ title: fc.string({ maxLength: 20 }), bottleneck: fc.option(fc.constantFrom(...['BN-1', 'BN-2'].map(bottleneck)), { nil: null }) });
  const keyed = <R,>(rows: R[]) => rows.map((row, i) => ({ ...row, key: i * 7 + 3 }));
  const stored = (rows: unknown): unknown => JSON.parse(JSON.stringify(rows));

  it('keeps the participants and the agenda as rows, and gives them back as the same body, keyed anew', () => {
    fc.assert(
      fc.property(fc.array(participant, { maxLength: 5 }), fc.array(agendaItem, { maxLength: 5 }), (people, items) => {
        const participants: ParticipantRow[] = keyed(people);
        const readPeople = readParticipantRows(stored(participants))!;
        expect(participantsBody(readPeople)).toEqual(participantsBody(participants));
        expect(readPeople.map((row) => row.key)).toEqual(people.map((_, i) => i));
        const agendaKept = keyed(items);
        const readItems = readAgendaRows(stored(agendaKept))!;
        expect(agendaBody(readItems)).toEqual(agendaBody(agendaKept));
        // Keyed anew, the rows are edited as any others: the next one added has a key of its own.
        expect(new Set(editRows(readItems, { type: 'add', row: BLANK_AGENDA_ITEM }).map((row) => row.key)).size).toBe(items.length + 1);
      }),
    );
  });

  it('refuses rows that are not the form\'s (a changed layout), whole', () => {
    const row = { key: 0, institution, name: 'Maria', role: '', email: '', consentToBeNamed: true };
    expect(readParticipantRows([row])).not.toBeNull();
    for (const broken of [{ ...row, consentToBeNamed: 'yes' }, { ...row, name: null }, { ...row, institution: { value: 'org-1' } }, null]) expect(readParticipantRows([row, broken]), JSON.stringify(broken)).toBeNull();
    expect(readParticipantRows({ 0: row })).toBeNull();
    expect(readAgendaRows([{ key: 0, title: 'Welcome', bottleneck: { ref: 'BN-1' } }])).toBeNull();
    expect(readAgendaRows([{ key: 0, bottleneck: null }])).toBeNull();
  });
});
