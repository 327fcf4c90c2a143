import { describe, expect, it } from 'vitest';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

// The editor's journey (issue 14): a dialogue held about a bottleneck, its minutes published,
// shows on the bottleneck's timeline; the editor's overview lists the bottleneck first, and its
// page offers the status change the dialogue calls for, applied with one click.

const running = useServerAndBrowser();

const WORDS = {
  en: {
    suggested: 'Bottlenecks whose status is behind a dialogue or recommendation',
    timeline: 'Timeline',
    entry: (ref: string) => `Discussed in ${ref} — minutes published`,
    button: (ref: string) => `Move to “In dialogue” (discussed in ${ref})`,
    done: 'The status is now “In dialogue”.',
    note: 'Discussed in a dialogue',
    changed: 'Status changed: In dialogue',
    status: 'In dialogue',
  },
  fi: {
    suggested: 'Rajaesteet, joiden tila on jäljessä vuoropuhelusta tai suosituksesta',
    timeline: 'Aikajana',
    entry: (ref: string) => `Käsitelty vuoropuhelussa ${ref} – muistio julkaistu`,
    button: (ref: string) => `Siirrä tilaan ”Vuoropuhelussa” (käsitelty vuoropuhelussa ${ref})`,
    done: 'Tila on nyt ”Vuoropuhelussa”.',
    note: 'Käsitelty vuoropuhelussa',
    changed: 'Tila muuttui: Vuoropuhelussa',
    status: 'Vuoropuhelussa',
  },
} as const;

/** A published bottleneck, and a dialogue about it planned, held (it began yesterday) and with its minutes published, all through the API. */
async function discussedBottleneck(title: string) {
  const base = running.server.url;
  const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
  const report = await fetch(`${base}/api/bottlenecks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, description: 'A commuter between Tallinn and Helsinki must register the same car in both countries.', language: 'en', domain: 'mobility', countries: ['FI', 'EE'] }),
  });
  expect(report.status).toBe(201);
  const bottleneck = (await report.json()) as { id: string; ref: string };
  await editor('PATCH', `/api/bottlenecks/${bottleneck.id}`, { status: 'published' });
  const hsl = ((await (await fetch(`${base}/api/institutions/hsl`)).json()) as { id: string }).id;
  const start = new Date(Date.now() - 24 * 3600_000);
  const dialogue = await editor<{ ref: string }>('POST', '/api/dialogues', {
    type: 'roundtable',
    title: { en: `Roundtable: ${title}` },
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    organiserId: hsl,
    domains: ['mobility'],
    agenda: [{ title: 'Registering the car twice', bottleneck: bottleneck.ref }],
    language: 'en',
    visibility: 'public',
  });
  await editor('PATCH', `/api/dialogues/${dialogue.ref}`, { state: 'held' });
  await editor('PATCH', `/api/dialogues/${dialogue.ref}`, { minutes: 'Both registers agreed to read each other’s records.', state: 'minutes_published' });
  return { bottleneck: bottleneck.ref, dialogue: dialogue.ref };
}

describe('the editor’s journey', () => {
  for (const language of ['fi', 'en'] as const) {
    it(`shows a discussed bottleneck on the overview first and moves it on with one click (${language})`, async () => {
      const words = WORDS[language];
      const { bottleneck, dialogue } = await discussedBottleneck(`Car registered twice (${language})`);
      const context = await running.browser.newContext({ locale: language, extraHTTPHeaders: { 'accept-language': language } });
      const page = await context.newPage();
      const errors = watchConsole(page);
      await loginThroughForm(page, running.server.url, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
      await page.waitForURL(`${running.server.url}/editor`);

      // The overview's first part: bottlenecks behind their dialogues, the newest first.
      const suggested = page.getByRole('region', { name: words.suggested });
      const first = suggested.getByRole('listitem').first();
      await first.getByText(words.button(dialogue)).waitFor();
      expect(await page.locator('main section h2').first().textContent()).toBe(words.suggested);
      await first.getByRole('link', { name: `Car registered twice (${language})` }).click();
      await page.waitForURL(`${running.server.url}/bottlenecks/${bottleneck}`);

      // The timeline says where it was discussed, linked to the dialogue.
      const timeline = page.getByRole('region', { name: words.timeline });
      const entry = timeline.getByRole('listitem').filter({ hasText: words.entry(dialogue) });
      await entry.waitFor();
      expect(await entry.getByRole('link', { name: dialogue }).getAttribute('href')).toBe(`/dialogues/${dialogue}`);

      // One click: the ordinary status change, with the shared status message and the note on the timeline.
      await page.getByRole('button', { name: words.button(dialogue) }).click();
      await page.getByRole('status').filter({ hasText: words.done }).waitFor();
      const change = timeline.getByRole('listitem').filter({ hasText: words.changed });
      await change.getByText(words.note, { exact: true }).waitFor();
      expect(await change.getByRole('link', { name: dialogue }).getAttribute('href')).toBe(`/dialogues/${dialogue}`);
      expect(await page.getByRole('button', { name: words.button(dialogue) }).count()).toBe(0);
      const saved = (await (await fetch(`${running.server.url}/api/bottlenecks/${bottleneck}`)).json()) as { status: string };
      expect(saved.status).toBe('in_dialogue');
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
