import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('consultation report', () => {
  it('shows a closed consultation’s counts, survey and comments without names, downloads in five languages, and lets an editor publish it by keyboard at 360 px', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
    const hour = 60 * 60 * 1000;
    const created = await editor<{ id: string; slug: string; sections: { id: string }[] }>('POST', '/api/consultations', {
      slug: 'e2e-report-ferries',
      title: { en: 'Ferry report (test)', fi: 'Lauttaraportti (testi)', et: 'Praamiaruanne (test)' },
      subject: 'text',
      opensAt: new Date(Date.now() - 2 * hour).toISOString(),
      closesAt: new Date(Date.now() + 48 * hour).toISOString(),
      commenting: 'open',
      support: 'open',
      moderation: 'after',
      published: true,
      sections: [{ kind: 'main', title: { en: 'Timetables' } }],
    });
    const section = created.sections[0]!.id;
    await editor('POST', `/api/consultations/${created.id}/sections/${section}/questions`, { kind: 'single', prompt: { en: 'How often do you cross?' }, options: [{ key: 'weekly', label: { en: 'Every week' } }, { key: 'rarely', label: { en: 'Rarely' } }] });
    const named = await editor<{ id: string; authorName: string }>('POST', `/api/consultations/${created.id}/comments`, { sectionId: section, language: 'en', body: 'Earlier morning sailings, please', showName: true });
    expect(named.authorName).toBeTruthy();
    await editor('POST', `/api/consultations/${created.id}/comments/${named.id}/replies`, { language: 'fi', body: 'Samaa mieltä aamuista' });
    await editor('PATCH', `/api/consultations/${created.id}`, { closesAt: new Date(Date.now() - 60_000).toISOString() });

    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/consultations/${created.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Ferry report (test)' }).waitFor();
    await page.getByRole('link', { name: 'Report of the consultation' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/consultations/${created.slug}/report`);
    await page.getByRole('heading', { level: 1, name: 'Report: Ferry report (test)' }).waitFor();

    const counts = page.getByRole('table', { name: 'Comments and replies per section and side of the gulf' });
    expect(await counts.getByRole('row', { name: /Timetables/ }).getByRole('cell').allInnerTexts()).toEqual(['0', '0', '0', '0', '2', '1', '1', '2']);
    await page.getByRole('table', { name: /How often do you cross\?/ }).waitFor();
    await page.getByRole('status').filter({ hasText: '1 comment' }).waitFor();
    const comments = page.locator('#report-comments').locator('..');
    await comments.getByText('Earlier morning sailings, please').waitFor();
    await comments.getByText('Samaa mieltä aamuista').waitFor();
    expect(await page.locator('main').innerText()).not.toContain(named.authorName);

    const links = await page.getByRole('region', { name: 'Download the report' }).or(page.locator('section[aria-labelledby="report-downloads"]')).getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
    expect(links).toEqual(['fi', 'et', 'en', 'sv', 'ru'].flatMap((l) => [`/api/consultations/${created.id}/report.xlsx?lang=${l}`, `/api/consultations/${created.id}/report.pdf?lang=${l}`]));
    const pdf = await fetch(`${base}${links[1]}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const problems = await checkPage(page, `/consultations/${created.slug}/report`);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('button', { name: 'Publish the report' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('The report is published.').waitFor();
    await page.getByText(/The editors published this report on/).waitFor();
    expect(await page.getByRole('button', { name: 'Publish the report' }).count()).toBe(0);

    expect(problems.join('\n')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says the report waits for the close, in Finnish', { timeout: 120_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/consultations/demo-twin-region-draft/report`);
    await page.getByRole('heading', { level: 1, name: 'Kuulemisen raportti' }).waitFor();
    await page.getByText('Raportti laaditaan, kun kuuleminen sulkeutuu.').waitFor();
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await context.close();
  });
});
