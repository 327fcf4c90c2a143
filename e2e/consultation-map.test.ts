import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('consultation map comments', () => {
  it('lets a resident mark a place by keyboard or from the list, and shows it on the map and in its table', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
    const hour = 60 * 60 * 1000;
    const created = await editor<{ id: string; slug: string }>('POST', '/api/consultations', {
      slug: 'e2e-fixed-link-map',
      title: { en: 'Fixed link corridor (test)' },
      subject: 'text',
      opensAt: new Date(Date.now() - hour).toISOString(),
      closesAt: new Date(Date.now() + 48 * hour).toISOString(),
      commenting: 'open',
      support: 'open',
      moderation: 'after',
      published: true,
      mapTools: 'point_and_area',
      sections: [{ kind: 'main', title: { en: 'Route' }, body: { en: 'Where should the tunnel run?' } }],
    });

    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/consultations/${created.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Fixed link corridor (test)' }).waitFor();
    await page.getByRole('group', { name: 'Mark a place on the map (optional)' }).waitFor();

    // By keyboard: focus the map, move the crosshair, Enter places a point; the live line says so.
    const map = page.locator('svg.map-input__svg');
    await map.waitFor();
    await map.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const said = page.locator('.map-input__said');
    await expect.poll(() => said.innerText()).toMatch(/^Point in .+, [\d.]+ N [\d.]+ E$/);
    expect(await page.locator('.map-input__marked').innerText()).toMatch(/^Marked: a point at/);

    await page.getByRole('textbox', { name: /^Comment/ }).fill('The tunnel should surface near the harbour');
    await page.getByRole('button', { name: 'Send the comment' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Your comment is published.').waitFor();
    const table = page.locator('.map-comments__table');
    await table.getByRole('link', { name: 'The tunnel should surface near the harbour' }).waitFor();
    const marker = page.locator('a.map-comments__marker[aria-label="The tunnel should surface near the harbour"]');
    await marker.waitFor();
    const first = page.locator('.comment-list > li.comment').first();
    expect(await first.locator('.comment__place').innerText()).toMatch(/^Place: [\d.]+ N [\d.]+ E$/);
    // The form is empty again, nothing marked.
    expect(await page.locator('.map-input__marked').innerText()).toBe('Nothing is marked yet.');

    // From the list of places: Harju County's centre.
    await page.getByLabel('Choose a place').selectOption('EE001');
    expect(await page.locator('.map-input__marked').innerText()).toMatch(/^Marked: a point at 59\.3/);
    await page.getByRole('textbox', { name: /^Comment/ }).fill('A station in Harju County');
    await page.getByRole('button', { name: 'Send the comment' }).click();
    await table.getByRole('link', { name: 'A station in Harju County' }).waitFor();
    // The table and the markers in the list's order (newest first).
    expect(await table.locator('tbody th a').allInnerTexts()).toEqual(['A station in Harju County', 'The tunnel should surface near the harbour']);
    expect(await page.locator('a.map-comments__marker').evaluateAll((links) => links.map((l) => l.getAttribute('aria-label')))).toEqual(['A station in Harju County', 'The tunnel should surface near the harbour']);
    const stored = await editor<{ items: { body: string; geometry: { type: string; coordinates: number[] } | null }[] }>('GET', `/api/consultations/${created.id}/comments?mapped=true`);
    expect(stored.items.map((i) => [i.body, i.geometry?.type])).toEqual([
      ['A station in Harju County', 'Point'],
      ['The tunnel should surface near the harbour', 'Point'],
    ]);
    expect(stored.items[0].geometry?.coordinates[1]).toBeCloseTo(59.3094, 3);

    // A marker is a link to its comment.
    await marker.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash.startsWith('#comment-'));

    const problems = await checkPage(page, `/consultations/${created.slug}`);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    // The demo consultations show their places: points and areas on the open one, points on the closed one.
    for (const slug of ['demo-twin-region-draft', 'demo-commuting-rules']) {
      await page.goto(`${base}/consultations/${slug}`);
      await page.locator('.comment-list > li.comment').first().waitFor();
      await page.locator('.map-comments__table, .consultation-comments__map p').first().waitFor();
      problems.push(...(await checkPage(page, `/consultations/${slug}`)));
    }
    await page.goto(`${base}/consultations/demo-twin-region-draft`);
    await page.locator('a.map-comments__marker').first().waitFor();
    expect(await page.locator('a.map-comments__marker').count()).toBe(await page.locator('.map-comments__table tbody tr').count());
    expect(await page.locator('.comment__place').count()).toBe(await page.locator('.map-comments__table tbody tr').count());
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // An editor chooses the map tools: points only.
    const editorContext = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const editorPage = await editorContext.newPage();
    await loginThroughForm(editorPage, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await editorPage.goto(`${base}/consultations/${created.slug}/edit`);
    const tools = editorPage.getByLabel('Places on the map');
    await expect.poll(() => tools.inputValue()).toBe('point_and_area');
    await tools.selectOption('point');
    // And what it is about, chosen by name: a plan.
    await editorPage.getByLabel('Subject').selectOption({ label: 'A plan' });
    await editorPage.getByRole('combobox', { name: 'Plan', exact: true }).selectOption({ label: 'Uusimaa-kaava 2050' });
    await editorPage.getByRole('button', { name: 'Save', exact: true }).first().click();
    await editorPage.getByText('Saved.').waitFor();
    expect((await editor<{ mapTools: string; about: { plan: { slug: string } | null } }>('GET', `/api/consultations/${created.id}`))).toMatchObject({ mapTools: 'point', about: { plan: { slug: 'uusimaa-2050' } } });
    // The page says what it is about and takes points only.
    await editorPage.goto(`${base}/consultations/${created.slug}`);
    await editorPage.getByRole('link', { name: 'Uusimaa-kaava 2050' }).waitFor();
    expect(await editorPage.getByRole('link', { name: 'Uusimaa-kaava 2050' }).getAttribute('href')).toBe('/planning/plans/uusimaa-2050');
    await editorPage.getByRole('group', { name: 'Map of the twin region' }).waitFor();
    expect(await editorPage.getByRole('radio', { name: 'An area' }).count()).toBe(0);
    expect(await editorPage.getByRole('button', { name: 'Finish area' }).count()).toBe(0);

    // The moderation queue shows each comment's place too.
    await editorPage.goto(`${base}/consultations/${created.slug}/moderation?queue=published`);
    await editorPage.getByRole('heading', { level: 1, name: 'Moderating a consultation' }).waitFor();
    const queued = editorPage.locator('.moderation__queue > li');
    await queued.first().waitFor();
    expect(await queued.locator('.comment__place').count()).toBeGreaterThan(0);
    expect(await queued.locator('.comment__place').first().innerText()).toMatch(/^Place: [\d.]+ N [\d.]+ E$/);

    // A section with comments cannot be removed; a new one without can, after a question.
    await editorPage.goto(`${base}/consultations/${created.slug}/edit`);
    const keep = editorPage.getByRole('button', { name: 'Remove the section “Route”' });
    await keep.waitFor();
    expect(await keep.isDisabled()).toBe(true);
    await editorPage.locator('#s-new-title-en').fill('Stations');
    await editorPage.getByRole('button', { name: 'Add the section' }).click();
    const remove = editorPage.getByRole('button', { name: 'Remove the section “Stations”' });
    await remove.focus();
    await editorPage.keyboard.press('Enter');
    await editorPage.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => remove.count()).toBe(0);
    expect((await editor<{ sections: unknown[] }>('GET', `/api/consultations/${created.id}`)).sections).toHaveLength(1);
    await editorContext.close();
  });
});
