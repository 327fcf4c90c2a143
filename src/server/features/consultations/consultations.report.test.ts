import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, ConsultationDetail, ConsultationReport, Question } from '../../../shared/schemas/consultations.ts';
import { expectProblem as expectProblemBody, expectStatus, loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { anonymousBrowser, createConsultation, hoursFromNow } from './consultations.fixture.ts';

/**
 * The report of a closed consultation (issue 19 point 4, research §6, decision 7): refused before
 * the close, its counts right per section, side and language, every published comment in the
 * workbook (read by openpyxl and Gnumeric) and the PDF (read by pdftotext), never a name and never a
 * comment that was not published; publishing it is the editors' and happens once.
 */

const run = promisify(execFile);
const expectProblem = (response: Parameters<typeof expectProblemBody>[0], status: number) => expectProblemBody(response, status) as ReturnType<typeof expectProblemBody> & { code: string };

let t: TestApp;
let editor: Session;
let member: Session;
let memberName: string;
let dir: string;
let addresses = 0;

const at = hoursFromNow;
const HELSINKI = { type: 'Point', coordinates: [24.9384, 60.1699] };
const SECRETS = ['REJECTED-SECRET', 'PENDING-SECRET'];

const browser = () => anonymousBrowser(t, `198.51.100.${++addresses}`);

interface Seeded {
  c: ConsultationDetail;
  question: Question;
}

/**
 * A consultation with two sections and a one-question survey: a Finnish resident's comment with a
 * place, an Estonian resident's comment and reply, an anonymous one without a relation, a named
 * member's, one rejected and one held back; one support; three survey answers.
 */
async function seeded(): Promise<Seeded> {
  const c = await createConsultation(t, editor, {
    title: { en: 'Ferry timetables', fi: 'Lauttojen aikataulut', et: 'Parvlaevade sõiduplaanid', sv: 'Färjornas tidtabeller', ru: 'Расписание паромов' },
    mapTools: 'point',
    sections: [
      { kind: 'main', title: { en: 'Travel', fi: 'Matkat', et: 'Reisid', sv: 'Resor', ru: 'Поездки' } },
      { kind: 'part', title: { en: 'Work', fi: 'Työ', et: 'Töö', sv: 'Arbete', ru: 'Работа' } },
    ],
  });
  const [travel, work] = c.sections.map((s) => s.id);
  const question = expectStatus(
    await t.app.inject({
      method: 'POST',
      url: `/api/consultations/${c.id}/sections/${travel}/questions`,
      headers: editor.headers,
      payload: { kind: 'single', prompt: { en: 'How do you cross?', fi: 'Miten ylität lahden?', et: 'Kuidas lahte ületad?' }, options: [{ key: 'ferry', label: { en: 'Ferry', fi: 'Lautta', et: 'Praam', sv: 'Färja', ru: 'Паром' } }, { key: 'plane', label: { en: 'Plane', fi: 'Lentokone', et: 'Lennuk', sv: 'Flyg', ru: 'Самолет' } }] },
    }),
    201,
  ).json() as Question;
  const [fin, est, anon] = [browser(), browser(), browser()];
  const url = `/api/consultations/${c.id}`;
  expectStatus(await fin({ method: 'PUT', url: `${url}/respondent`, payload: { relation: 'lives_fi' } }), 200);
  expectStatus(await est({ method: 'PUT', url: `${url}/respondent`, payload: { relation: 'lives_ee' } }), 200);
  const first = expectStatus(await fin({ method: 'POST', url: `${url}/comments`, payload: { sectionId: travel, language: 'en', body: 'Night sailings would help commuters', geometry: HELSINKI } }), 201).json() as Comment;
  expectStatus(await est({ method: 'POST', url: `${url}/comments`, payload: { sectionId: travel, language: 'et', body: 'Hommikused väljumised on täis' } }), 201);
  expectStatus(await est({ method: 'POST', url: `${url}/comments/${first.id}/replies`, payload: { language: 'et', body: 'Nõustun, öised reisid' } }), 201);
  expectStatus(await anon({ method: 'POST', url: `${url}/comments`, payload: { sectionId: work, language: 'fi', body: 'Etätyö vähentää matkoja' } }), 201);
  expectStatus(await t.app.inject({ method: 'POST', url: `${url}/comments`, headers: member.headers, payload: { sectionId: work, language: 'en', body: 'Employers should share desks', showName: true } }), 201);
  const rejected = expectStatus(await fin({ method: 'POST', url: `${url}/comments`, payload: { sectionId: work, language: 'en', body: 'REJECTED-SECRET words' } }), 201).json() as Comment;
  const held = expectStatus(await anon({ method: 'POST', url: `${url}/comments`, payload: { sectionId: travel, language: 'en', body: 'PENDING-SECRET words' } }), 201).json() as Comment;
  expectStatus(await t.app.inject({ method: 'POST', url: `${url}/comments/${rejected.id}/moderation`, headers: editor.headers, payload: { state: 'rejected', reason: 'spam' } }), 200);
  expectStatus(await t.app.inject({ method: 'POST', url: `${url}/comments/${held.id}/moderation`, headers: editor.headers, payload: { state: 'pending' } }), 200);
  expectStatus(await anon({ method: 'POST', url: `${url}/comments/${first.id}/support` }), 200);
  const answer = (key: string) => ({ method: 'POST' as const, url: `${url}/sections/${travel}/answers`, payload: { answers: [{ questionId: question.id, optionKeys: [key] }] } });
  expectStatus(await fin(answer('ferry')), 200);
  expectStatus(await est(answer('plane')), 200);
  expectStatus(await anon(answer('ferry')), 200);
  return { c, question };
}

const close = async (c: ConsultationDetail) => expectStatus(await t.app.inject({ method: 'PATCH', url: `/api/consultations/${c.id}`, headers: editor.headers, payload: { opensAt: at(-48), closesAt: at(-1) } }), 200);

let closed: Seeded;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  const login = await loginAs(t, 'member');
  member = login.session;
  memberName = (await t.db.kysely.selectFrom('users').select('display_name').where('id', '=', login.user.id).executeTakeFirstOrThrow()).display_name;
  dir = await mkdtemp(path.join(tmpdir(), 'talsinki-report-'));
  closed = await seeded();
  await close(closed.c);
}, 60_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('consultation report: before the close', () => {
  it('is refused in every format (409 not-closed), and so is publishing it', async () => {
    const { c } = await seeded();
    for (const suffix of ['report', 'report.xlsx', 'report.pdf']) {
      expect(expectProblem(await t.app.inject({ url: `/api/consultations/${c.id}/${suffix}` }), 409).code).toBe('not-closed');
    }
    expect(expectProblem(await t.app.inject({ method: 'POST', url: `/api/consultations/${c.id}/report/publish`, headers: editor.headers }), 409).code).toBe('not-closed');
    const row = await t.db.kysely.selectFrom('consultations').select('report_published_at').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.report_published_at).toBeNull();
  });
});

describe('consultation report: the figures', () => {
  it('counts published comments and replies per section and side and per language, supports, respondents and survey answers', async () => {
    const report = expectStatus(await t.app.inject({ url: `/api/consultations/${closed.c.ref}/report` }), 200).json() as ConsultationReport;
    const [travel, work] = closed.c.sections.map((s) => s.id);
    expect(report.totals).toEqual({ comments: 4, replies: 1, supports: 1, respondents: 4 });
    expect(report.sections.map((s) => [s.id, s.comments, s.replies, s.bySide])).toEqual([
      [travel, 2, 1, { lives_fi: 1, lives_ee: 2, commutes: 0, other: 0, unknown: 0 }],
      [work, 2, 0, { lives_fi: 0, lives_ee: 0, commutes: 0, other: 0, unknown: 2 }],
    ]);
    expect(report.languages).toEqual([
      { language: 'fi', comments: 1, replies: 0 },
      { language: 'et', comments: 1, replies: 1 },
      { language: 'en', comments: 2, replies: 0 },
    ]);
    expect(report.surveys).toHaveLength(1);
    const [q] = report.surveys[0]!.questions;
    expect(q!.answers.total).toBe(3);
    expect(q!.values.map((v) => [v.value, v.total, v.bySide.lives_fi, v.bySide.lives_ee, v.bySide.unknown])).toEqual([
      ['ferry', 2, 1, 0, 1],
      ['plane', 1, 0, 1, 0],
    ]);
    expect(report.publishedAt).toBeNull();
    expect(JSON.stringify(report)).not.toContain(memberName);
  });

  it('sends a browser asking for HTML to the report page', async () => {
    const response = await t.app.inject({ url: `/api/consultations/${closed.c.id}/report`, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe(`/consultations/${closed.c.slug}/report`);
  });

  it('answers the workbook and the PDF by Accept at the same address, and 406 to what it does not write', async () => {
    const at = (accept: string, query = '') => t.app.inject({ url: `/api/consultations/${closed.c.id}/report${query}`, headers: { accept } });
    const xlsx = expectStatus(await at('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '?lang=et'), 200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain('-report-et.xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const pdf = expectStatus(await at('application/pdf'), 200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(expectStatus(await at('application/json'), 200).json()).toMatchObject({ id: closed.c.id });
    expect(expectProblemBody(await at('image/png'), 406).status).toBe(406);
  });

  it('refuses a language it does not write (400 naming lang)', async () => {
    const problem = expectProblemBody(await t.app.inject({ url: `/api/consultations/${closed.c.id}/report.pdf?lang=de` }), 400) as { errors?: { path: string }[] };
    expect(problem.errors?.[0]?.path).toBe('querystring/lang');
  });
});

/** Every sheet of a workbook, as openpyxl gives a Python program: names and rows of text, numbers and dates. */
const OPENPYXL = `
import datetime, json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def cell(v):
    if isinstance(v, datetime.datetime): return v.isoformat()
    return v
print(json.dumps({ws.title: [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}))
`;

async function download(c: ConsultationDetail, ext: 'xlsx' | 'pdf', lang: string) {
  const response = expectStatus(await t.app.inject({ url: `/api/consultations/${c.id}/report.${ext}?lang=${lang}` }), 200);
  const file = path.join(dir, `report-${lang}.${ext}`);
  await writeFile(file, response.rawPayload);
  return { response, file };
}

describe('consultation report: the workbook', () => {
  it('has the sheets in the chosen language and every published comment, numbered, placed and unnamed (openpyxl)', async () => {
    const { response, file } = await download(closed.c, 'xlsx', 'fi');
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain('-report-fi.xlsx');
    const { stdout } = await run('/usr/bin/python3', ['-c', OPENPYXL, file], { maxBuffer: 16 << 20 });
    const book = JSON.parse(stdout) as Record<string, unknown[][]>;
    expect(Object.keys(book)).toEqual(['Yhteenveto', 'Osiot', 'Kielet', 'Kyselyt', 'Kommentit', 'Kirjoitetut vastaukset']);
    expect(book.Osiot).toEqual([
      ['Osio', 'Asuu Suomessa', 'Asuu Virossa', expect.any(String), 'Muu', expect.any(String), 'Kommentit', 'Vastaukset', 'Yhteensä'],
      ['Matkat', 1, 2, 0, 0, 0, 2, 1, 3],
      ['Työ', 0, 0, 0, 0, 2, 2, 0, 2],
    ]);
    const comments = book.Kommentit!;
    expect(comments[0]).toEqual(['Nro', 'Osio', 'Vastaus kommenttiin', 'Kieli', 'Lahden puoli', 'Kirjoitettu (UTC)', 'Kannatukset', 'Paikka kartalla', 'Kommentti', 'Mitä siitä seurasi']);
    expect(comments.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[6], r[7], r[8]])).toEqual([
      ['1', 'Matkat', null, 'englanti', 1, 'piste 60.16990 N 24.93840 E', 'Night sailings would help commuters'],
      ['1.1', 'Matkat', '1', 'viro', 0, null, 'Nõustun, öised reisid'],
      ['2', 'Matkat', null, 'viro', 0, null, 'Hommikused väljumised on täis'],
      ['3', 'Työ', null, 'suomi', 0, null, 'Etätyö vähentää matkoja'],
      ['4', 'Työ', null, 'englanti', 0, null, 'Employers should share desks'],
    ]);
    expect(book.Kyselyt!.slice(1).map((r) => r.slice(2, 4))).toEqual([['Vastaajat', 3], ['Lautta', 2], ['Lentokone', 1]]);
    const all = JSON.stringify(book);
    for (const hidden of [memberName, ...SECRETS]) expect(all).not.toContain(hidden);
  });

  it('is written in Russian as well: Cyrillic sheet names, headers and labels, the comments untouched (openpyxl)', async () => {
    const { response, file } = await download(closed.c, 'xlsx', 'ru');
    expect(response.headers['content-disposition']).toContain('-report-ru.xlsx');
    const { stdout } = await run('/usr/bin/python3', ['-c', OPENPYXL, file], { maxBuffer: 16 << 20 });
    const book = JSON.parse(stdout) as Record<string, unknown[][]>;
    expect(Object.keys(book)).toEqual(['Сводка', 'Разделы', 'Языки', 'Опросы', 'Комментарии', 'Письменные ответы']);
    expect(book['Сводка']!.slice(1, 3)).toEqual([['Отчет об обсуждении', 'Расписание паромов'], ['Номер', expect.stringMatching(/^CN-\d{4}-\d+$/)]]);
    expect(book['Разделы']!.slice(1).map((r) => r[0])).toEqual(['Поездки', 'Работа']);
    expect(book['Опросы']!.slice(1).map((r) => r.slice(2, 4))).toEqual([['Респонденты', 3], ['Паром', 2], ['Самолет', 1]]);
    expect(book['Комментарии']!.slice(1).map((r) => r[8])).toEqual(['Night sailings would help commuters', 'Nõustun, öised reisid', 'Hommikused väljumised on täis', 'Etätyö vähentää matkoja', 'Employers should share desks']);
  });

  it('is read by Gnumeric too: one CSV per sheet, the comments and the counts as written', async () => {
    const { file } = await download(closed.c, 'xlsx', 'en');
    const out = path.join(dir, 'gnumeric');
    await run('mkdir', ['-p', out]);
    await run('ssconvert', ['-S', file, path.join(out, 'sheet.%n.csv')]);
    const names = (await readdir(out)).sort();
    expect(names).toEqual(['sheet.0.csv', 'sheet.1.csv', 'sheet.2.csv', 'sheet.3.csv', 'sheet.4.csv', 'sheet.5.csv']);
    const sheet = async (n: number) => parse(await readFile(path.join(out, `sheet.${n}.csv`), 'utf8'), { relax_column_count: true }) as string[][];
    const comments = await sheet(4);
    expect(comments.map((r) => r[8])).toEqual(['Comment', 'Night sailings would help commuters', 'Nõustun, öised reisid', 'Hommikused väljumised on täis', 'Etätyö vähentää matkoja', 'Employers should share desks']);
    expect((await sheet(1))[1]).toEqual(['Travel', '1', '2', '0', '0', '0', '2', '1', '3']);
    for (const n of [0, 1, 2, 3, 4, 5]) {
      const text = JSON.stringify(await sheet(n));
      for (const hidden of [memberName, ...SECRETS]) expect(text).not.toContain(hidden);
    }
  });
});

describe('consultation report: the PDF', () => {
  it('is written in fi, et, en, sv and ru (Cyrillic in its own font) with the survey, the counts and every published comment, never a name or an unpublished comment (pdftotext)', async () => {
    const words = {
      fi: ['Kaikki julkaistut kommentit', 'Kyselyn tulokset', 'Lautta', 'Sivu 1'],
      et: ['Kõik avaldatud kommentaarid', 'Küsitluse tulemused', 'Praam', 'Lehekülg 1'],
      en: ['All published comments', 'Survey results', 'Ferry', 'Page 1'],
      sv: ['Alla publicerade kommentarer', 'Enkätresultat', 'Färja', 'Färjornas tidtabeller', 'Sida 1'],
      ru: ['Все опубликованные комментарии', 'Результаты опроса', 'Паром', 'Расписание паромов', 'Страница 1'],
    };
    for (const [lang, expected] of Object.entries(words)) {
      const { response, file } = await download(closed.c, 'pdf', lang);
      expect(response.headers['content-type']).toBe('application/pdf');
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      for (const word of expected) expect(stdout).toContain(word);
      for (const body of ['Night sailings would help commuters', 'Etätyö vähentää matkoja', 'Employers should share desks']) expect(stdout.replace(/\s+/g, ' ')).toContain(body);
      for (const hidden of [memberName, ...SECRETS]) expect(stdout).not.toContain(hidden);
    }
  });
});

describe('consultation report: publishing', () => {
  it('is for editors, sets the date once and shows it in the report', async () => {
    const url = `/api/consultations/${closed.c.id}/report/publish`;
    expectProblem(await t.app.inject({ method: 'POST', url, headers: member.headers }), 403);
    const first = expectStatus(await t.app.inject({ method: 'POST', url, headers: editor.headers }), 200).json() as { publishedAt: string };
    const again = expectStatus(await t.app.inject({ method: 'POST', url, headers: editor.headers }), 200).json() as { publishedAt: string };
    expect(again.publishedAt).toBe(first.publishedAt);
    const row = await t.db.kysely.selectFrom('consultations').select('report_published_at').where('id', '=', closed.c.id).executeTakeFirstOrThrow();
    expect(row.report_published_at?.toISOString()).toBe(first.publishedAt);
    const report = expectStatus(await t.app.inject({ url: `/api/consultations/${closed.c.id}/report` }), 200).json() as ConsultationReport;
    expect(report.publishedAt).toBe(first.publishedAt);
  });
});
