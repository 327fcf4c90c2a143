import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginThroughForm, useServerAndBrowser, watchConsole, pick } from './support.ts';

const running = useServerAndBrowser();

describe('dialogues and recommendations', () => {
  it('lets the public follow a bottleneck to its dialogue and recommendation, and read an interview', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const recommendation = (await (await fetch(`${base}/api/recommendations?state=implemented&limit=1`)).json()).items[0];
    const detail = await (await fetch(`${base}/api/recommendations/${recommendation.ref}`)).json();
    await page.goto(`${base}/bottlenecks/${detail.bottlenecks[0].ref}`);
    const linked = page.getByRole('region', { name: 'Linked items' });
    await linked.getByRole('link', { name: new RegExp(detail.ref) }).first().click();
    await page.waitForURL(`${base}/recommendations/${detail.ref}`);
    await page.getByRole('heading', { name: 'Responses of the institutions' }).waitFor();
    expect(await page.getByText('Implemented').first().isVisible()).toBe(true);

    await page.goto(`${base}/dialogues`);
    await page.getByLabel('Kind').selectOption('interview');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'Interview: Kela international affairs' }).click();
    await page.getByRole('heading', { name: 'Interview record' }).waitFor();
    await page.getByText('Families are asked for paper forms').waitFor();
    const calendar = await page.getByRole('link', { name: 'Add to your calendar (.ics)' }).getAttribute('href');
    expect((await (await fetch(`${base}${calendar}`)).text()).startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an editor plan a dialogue, hold it and publish safe minutes', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    const bottleneck = (await (await fetch(`${base}/api/bottlenecks?domain=mobility&limit=1`)).json()).items[0].ref;
    await page.goto(`${base}/dialogues`);
    await page.getByRole('link', { name: 'Plan a dialogue' }).click();
    await page.getByLabel('Kind').selectOption('workshop');
    await page.getByLabel('English').fill('Workshop on harbour connections');
    // In the past, so that it can be marked as held at once.
    const starts = page.getByRole('group', { name: 'Starts (local time)' });
    const ends = page.getByRole('group', { name: 'Ends (local time)' });
    await starts.getByLabel('Date').fill('10/11/2026');
    await starts.getByLabel('Time').fill('10:00');
    await ends.getByLabel('Date').fill('10.11.2026');
    await ends.getByLabel('Time').fill('9.00');
    await page.getByLabel('Where', { exact: true }).fill('Port of Helsinki, West Terminal 2');
    await page.getByLabel('Mobility and transport').check();
    await pick(page, 'Organiser', 'Helsinki Regional', /^Helsinki Regional Transport Authority/);
    await pick(page, 'Bottlenecks on the agenda', bottleneck, new RegExp(`^${bottleneck} `));
    await page.getByRole('button', { name: 'Add an agenda item' }).click();
    await page.getByLabel('Agenda item 1: title').fill('Late arrivals');
    await pick(page, 'Agenda item 1: bottleneck discussed', bottleneck, new RegExp(`^${bottleneck} `));
    await page.getByRole('button', { name: 'Add an agenda item' }).click();
    await page.getByLabel('Agenda item 2: title').fill('Next steps');
    await page.getByRole('button', { name: 'Add a participant' }).click();
    await pick(page, 'Participant 1: institution', 'Helsinki Regional', /^Helsinki Regional Transport Authority/);
    await page.getByLabel('Participant 1: role').fill('Service planner');
    await page.getByRole('button', { name: 'Plan the dialogue' }).click();
    await page.getByText('must be after the start').first().waitFor();
    await ends.getByLabel('Time').fill('12');
    await page.getByRole('button', { name: 'Plan the dialogue' }).click();
    await page.waitForURL(/\/dialogues\/DL-\d{4}-\d{4}$/);
    await page.getByRole('heading', { name: 'Workshop on harbour connections' }).waitFor();
    await page.getByText('Tue, 10 November 2026, 10:00–12:00').waitFor();
    await page.getByText('Port of Helsinki, West Terminal 2').waitFor();
    await page.getByRole('link', { name: bottleneck }).first().waitFor();
    await page.getByRole('button', { name: 'Mark as held' }).click();
    await page.getByText('Held', { exact: true }).first().waitFor();
    await page.getByRole('link', { name: 'Edit this dialogue' }).click();
    await page.getByLabel('Minutes', { exact: true }).fill('We agreed <script>alert(1)</script>');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/contains a script, an event handler/).first().waitFor();
    await page.getByLabel('Minutes', { exact: true }).fill('## Decisions\n\n- HSL assesses a **late tram**');
    await page.getByLabel('Outcomes', { exact: true }).fill('Late tram assessed');
    // Emptying the place clears it: the workshop moved online.
    await page.getByLabel('Where', { exact: true }).fill('');
    await page.getByLabel('Online meeting link').fill('https://meet.example/harbour');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/dialogues\/DL-\d{4}-\d{4}$/);
    await page.locator('a[href="https://meet.example/harbour"]').waitFor();
    expect(await page.getByText('Port of Helsinki, West Terminal 2').count()).toBe(0);
    await page.getByRole('button', { name: 'Publish the minutes' }).click();
    await page.getByRole('dialog', { name: 'Publish the minutes?' }).getByRole('button', { name: 'Publish the minutes' }).click();
    await page.getByRole('link', { name: 'Minutes as PDF' }).waitFor();
    expect(await page.locator('.minutes strong').textContent()).toBe('late tram');
    // The two refusals above, and nothing else.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('400 ')).map((e) => e.split(' ')[1])).toEqual(['POST', 'PATCH']);
    await context.close();
  });

  it('lets an editor record an interview: an answer per question of the guide, and a coded finding', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    const interview = ((await (await fetch(`${base}/api/dialogues?type=interview&state=minutes_published&limit=1`)).json()).items[0]) as { ref: string };
    await page.goto(`${base}/dialogues/${interview.ref}`);
    await page.getByRole('link', { name: 'Record the interview' }).click();
    await page.getByLabel('Where do these cases get stuck?').fill('At the border between two offices.');
    await page.getByRole('button', { name: 'Add a finding' }).click();
    const last = page.locator('.participant-row').last();
    await last.getByLabel(/^Finding \d+ \*$/).fill('Two offices wait for each other');
    await last.getByLabel(/^Finding \d+: code \*$/).fill('social_security.waiting');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/dialogues/${interview.ref}`);
    await page.getByText('At the border between two offices.').waitFor();
    await page.getByText('Two offices wait for each other').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a service owner respond to a recommendation addressed to their institution', async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const owner = (await (await fetch(`${base}/api/institutions/sotsiaalkindlustusamet`)).json()).id;
    const items = (await (await fetch(`${base}/api/recommendations?institution=${owner}&state=agreed&limit=10`)).json()).items as { ref: string }[];
    await loginThroughForm(page, base, 'service.owner@demo.talsinki.eu', 'demo-service-2026');
    await page.goto(`${base}/recommendations/${items[0].ref}`);
    await page.getByLabel('Response (public)').fill('The Social Insurance Board will report on this by the end of the year.');
    await page.getByRole('button', { name: 'Publish the response' }).click();
    // The typed text is also the textarea's own text (React keeps a controlled textarea's default
    // value in step), so wait for the published response in its addressee's column, after the notice.
    await page.getByRole('status').getByText('Your response is published.').waitFor();
    await page.locator('.answer').getByText('The Social Insurance Board will report on this by the end of the year.').waitFor();
    const stored = await (await fetch(`${base}/api/recommendations/${items[0].ref}`)).json();
    expect(stored.responses.some((r: { institution: { id: string } }) => r.institution.id === owner)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
