import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('consultations', () => {
  it('lets a resident comment, reply and support by keyboard at 360 px, and a moderator hide a comment', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
    const hour = 60 * 60 * 1000;
    const created = await editor<{ id: string; slug: string; sections: { id: string }[] }>('POST', '/api/consultations', {
      slug: 'e2e-harbour-plan',
      title: { en: 'Harbour plan draft (test)' },
      subject: 'text',
      opensAt: new Date(Date.now() - hour).toISOString(),
      closesAt: new Date(Date.now() + 48 * hour).toISOString(),
      commenting: 'open',
      support: 'open',
      moderation: 'after',
      published: true,
      sections: [
        { kind: 'main', title: { en: 'Vision' }, body: { en: 'A **shared** harbour.' } },
        { kind: 'part', title: { en: 'Ferries' }, body: { en: 'More ferries.' } },
      ],
    });

    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/consultations`);
    await page.getByRole('heading', { level: 2, name: 'Open now' }).waitFor();
    await page.getByRole('link', { name: 'Harbour plan draft (test)' }).waitFor();
    const problems = await checkPage(page, '/consultations');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('link', { name: 'Harbour plan draft (test)' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/consultations/${created.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Harbour plan draft (test)' }).waitFor();
    expect(await page.locator('.prose strong').innerText()).toBe('shared');

    // The relation, asked once.
    await page.getByLabel('My relation to the region').selectOption({ label: 'Commutes across the gulf' });
    await page.getByRole('button', { name: 'Save' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('You said: Commutes across the gulf.').waitFor();

    // A comment by keyboard, with markup that stays text.
    await page.getByRole('status').filter({ hasText: '0 comments' }).waitFor();
    await page.getByRole('textbox', { name: /^Comment/ }).fill('Ferries <b>every hour</b>, please');
    await page.getByLabel('Language of the comment').selectOption('et');
    await page.getByRole('button', { name: 'Send the comment' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Your comment is published.').waitFor();
    await page.getByRole('status').filter({ hasText: '1 comment' }).waitFor();
    const mine = page.locator('.comment-list > li.comment').first();
    expect(await mine.locator('.comment__body').first().innerText()).toBe('Ferries <b>every hour</b>, please');
    expect(await mine.locator('.bn-card__meta').first().innerText()).toContain('Commutes across the gulf');
    expect(await page.locator('.comment__body b').count()).toBe(0);

    // A reply and a support.
    await mine.getByRole('button', { name: 'Reply' }).click();
    await mine.getByRole('textbox', { name: /^Reply/ }).fill('Also at night.');
    await mine.getByRole('button', { name: 'Send the reply' }).click();
    await page.getByText('Your reply is published.').waitFor();
    await mine.getByRole('list', { name: 'Replies' }).getByText('Also at night.').waitFor();
    const agree = mine.getByRole('button', { name: 'I agree (0)' }).first();
    await agree.focus();
    await page.keyboard.press('Enter');
    await mine.getByRole('button', { name: 'I agree (1)', pressed: true }).waitFor();
    problems.push(...(await checkPage(page, `/consultations/${created.slug}`)));

    // The moderator rejects it; the public no longer sees it, its author sees why.
    const staff = await running.browser.newContext({ locale: 'en', bypassCSP: true });
    const moderatorPage = await staff.newPage();
    await loginThroughForm(moderatorPage, base, DEMO_ACCOUNTS.moderator.email, DEMO_ACCOUNTS.moderator.password);
    await moderatorPage.goto(`${base}/consultations/${created.slug}/moderation?queue=published`);
    await moderatorPage.getByRole('heading', { level: 1, name: 'Moderating a consultation' }).waitFor();
    await moderatorPage.getByRole('status').filter({ hasText: '2 comments' }).waitFor();
    problems.push(...(await checkPage(moderatorPage, `/consultations/${created.slug}/moderation`)));
    const item = moderatorPage.locator('.moderation__queue > li').filter({ hasText: 'Ferries <b>every hour</b>' });
    await item.getByLabel('Reason (needed to reject)').selectOption('offensive');
    await item.getByRole('button', { name: 'Reject' }).click();
    await moderatorPage.getByText('The comment is rejected; its author sees the reason.').waitFor();
    await moderatorPage.getByRole('status').filter({ hasText: '1 comment' }).waitFor();

    const visitor = await (await running.browser.newContext({ locale: 'en' })).newPage();
    await visitor.goto(`${base}/consultations/${created.slug}`);
    await visitor.getByRole('heading', { level: 1, name: 'Harbour plan draft (test)' }).waitFor();
    await visitor.getByRole('status').filter({ hasText: '0 comments' }).waitFor();
    expect(await visitor.getByText('Ferries <b>every hour</b>').count()).toBe(0);

    await page.reload();
    await page.getByRole('heading', { name: 'Your comments waiting or not published' }).waitFor();
    expect(await page.locator('.comment__state').first().innerText()).toBe('Rejected – Offensive');

    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
    await staff.close();
  });

  it('says so when the consultation closes while a comment is being written, and keeps nothing', { timeout: 120_000 }, async () => {
    const base = running.server.url;
    const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
    const hour = 60 * 60 * 1000;
    const created = await editor<{ id: string; slug: string }>('POST', '/api/consultations', {
      slug: 'e2e-closing-soon',
      title: { en: 'Closing soon (test)' },
      subject: 'text',
      opensAt: new Date(Date.now() - 2 * hour).toISOString(),
      closesAt: new Date(Date.now() + hour).toISOString(),
      commenting: 'open',
      support: 'open',
      moderation: 'after',
      published: true,
      sections: [{ kind: 'main', title: { en: 'Only section' } }],
    });
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/consultations/${created.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Closing soon (test)' }).waitFor();
    await page.getByRole('textbox', { name: /^Comment/ }).fill('Just in time?');
    await editor('PATCH', `/api/consultations/${created.id}`, { closesAt: new Date(Date.now() - 60_000).toISOString() });
    await page.getByRole('button', { name: 'Send the comment' }).click();
    await page.getByRole('alert').filter({ hasText: 'The consultation has closed: no more comments are taken.' }).waitFor();
    const list = await (await fetch(`${base}/api/consultations/${created.id}/comments`)).json();
    expect(list.total).toBe(0);
    // The refusal is the page's answer, not an error of the page.
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await context.close();
  });

  it('is in Finnish and Estonian too', { timeout: 120_000 }, async () => {
    const base = running.server.url;
    for (const [locale, heading, open] of [['fi', 'Kuulemiset', 'Avoinna nyt'], ['et', 'Konsultatsioonid', 'Praegu avatud']] as const) {
      const context = await running.browser.newContext({ locale, bypassCSP: true, extraHTTPHeaders: { 'accept-language': locale } });
      const page = await context.newPage();
      const errors = watchConsole(page);
      await page.goto(`${base}/consultations`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('heading', { level: 2, name: open }).waitFor();
      await page.goto(`${base}/consultations/demo-twin-region-draft`);
      await page.locator('#comments').waitFor();
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
