import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let editor: Session;
let publisherId: string;

beforeAll(async () => {
  t = await startTestApp();
  editor = (await loginAs(t, 'editor')).session;
  publisherId = ((await t.app.inject({ url: '/api/institutions/hsl' })).json() as { id: string }).id;
});
afterAll(() => t.close());

async function create(title: Record<string, string>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/datasets', headers: editor.headers, payload: { title, description: { en: 'A test dataset.' }, publisherId } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string };
}

describe('dataset names from titles in any script', () => {
  it('a Russian title gives a readable transliterated name whose address resolves', async () => {
    const created = await create({ ru: 'Расписание парома Хельсинки–Таллин' });
    expect(created.name).toBe('raspisanie-paroma-helsinki-tallin');
    const found = await t.app.inject({ url: `/api/datasets/${created.name}` });
    expect(found.statusCode).toBe(200);
    expect(found.json().id).toBe(created.id);
  });

  it('a Chinese title gives a pinyin name', async () => {
    const created = await create({ en: '赫尔辛基人口统计' });
    expect(created.name).toBe('he-er-xin-ji-ren-kou-tong-ji');
    expect((await t.app.inject({ url: `/api/datasets/${created.name}` })).statusCode).toBe(200);
  });

  it('the same title twice gets a second, distinct name', async () => {
    const first = await create({ ru: 'Паромные перевозки' });
    const second = await create({ ru: 'Паромные перевозки' });
    expect(first.name).toBe('paromnye-perevozki');
    expect(second.name).toMatch(/^paromnye-perevozki-[0-9a-f]{8}$/);
  });

  it('a title no script can spell gets a name unique to the dataset', async () => {
    const first = await create({ en: '⛴️🚢' });
    const second = await create({ en: '⛴️🚢' });
    expect(first.name).toMatch(/^dataset-[0-9a-f]{8}$/);
    expect(second.name).toMatch(/^dataset-[0-9a-f]{8}$/);
    expect(second.name).not.toBe(first.name);
    expect((await t.app.inject({ url: `/api/datasets/${second.name}` })).json().id).toBe(second.id);
  });
});
