import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, startTestApp, type TestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/demo.service.ts';
import { DEMO_PILOT_SLUGS } from './pilots.demo.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ publicUrl: 'https://talsinki.example' });
  await loadDemo(t.db.kysely, { publicUrl: 'https://talsinki.example' });
});
afterAll(() => t?.close());

describe('the demo pilots', () => {
  it('are labelled demo in data and in every name, run by the real FinEst Twins partners of both countries', async () => {
    const list = expectStatus(await t.app.inject({ url: '/api/pilots' }), 200).json();
    expect(list.items.map((p: { slug: string }) => p.slug).sort()).toEqual([...DEMO_PILOT_SLUGS].sort());
    for (const pilot of list.items) {
      expect(pilot.isDemo).toBe(true);
      for (const lang of ['en', 'fi', 'et']) expect(pilot.name[lang]).toMatch(/^Demo/i);
      expect(pilot.places.length).toBeGreaterThan(0);
    }
    const partners = new Set(list.items.flatMap((p: { partners: { institution: { name: { en: string }; country: string } }[] }) => p.partners.map((x) => `${x.institution.country} ${x.institution.name.en}`)));
    expect(partners).toEqual(new Set(['FI Forum Virium Helsinki', 'EE TalTech', 'FI Aalto University', 'EE Estonian Ministry of Climate', 'FI Port of Helsinki']));
    expect(list.items.map((p: { status: string }) => p.status).sort()).toEqual(['completed', 'running', 'running']);
  });

  it('links the showcase pilot to the demo forum session of the Smart City Exchange Forum', async () => {
    const pilot = expectStatus(await t.app.inject({ url: '/api/pilots/demo-shore-water-temperature' }), 200).json();
    expect(pilot.dialogues).toEqual([expect.objectContaining({ type: 'forum_session', title: expect.objectContaining({ en: expect.stringMatching(/^Smart City Exchange Forum 2026/) }) })]);
    // The Baltic demo's shore sensors are its Things, and its dataset is in the catalogue.
    expect(pilot.things.map((thing: { name: string }) => thing.name)).toEqual(['Demo shore sensor: Helsinki (demo)', 'Demo shore sensor: Tallinn beach (demo)']);
    expect(pilot.dataset).not.toBeNull();
  });

  it("reads the ferry pilot's KPI from the real ferry-passenger indicator", async () => {
    const pilot = expectStatus(await t.app.inject({ url: '/api/pilots/demo-ferry-terminal-flow' }), 200).json();
    expect(pilot.kpis).toEqual([expect.objectContaining({ indicator: expect.objectContaining({ slug: 'ferry-passengers-helsinki-tallinn' }), datastream: null })]);
  });
});
