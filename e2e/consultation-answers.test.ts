import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { apiSession, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('you said, we did', () => {
  it('lets an editor answer a comment by keyboard at 360 px, linked to a change of the next version; the public page and the diff show it', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
    // The closed demo consultation is on the demo framework's version 1; this one is too.
    const demo = await (await fetch(`${base}/api/consultations/demo-commuting-rules`)).json();
    const hour = 60 * 60 * 1000;
    const created = await editor<{ id: string; slug: string; sections: { id: string }[] }>('POST', '/api/consultations', {
      slug: 'e2e-framework-answers',
      title: { en: 'Framework version 1 (test)' },
      subject: 'framework_version',
      frameworkVersionId: demo.frameworkVersionId,
      opensAt: new Date(Date.now() - hour).toISOString(),
      closesAt: new Date(Date.now() + 48 * hour).toISOString(),
      commenting: 'open',
      support: 'open',
      moderation: 'after',
      published: true,
      sections: [{ kind: 'main', title: { en: 'Goals' }, body: { en: 'The goals.' } }],
    });
    const posted = await fetch(`${base}/api/consultations/${created.id}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sectionId: created.sections[0].id, language: 'en', body: 'Jobs should be advertised on both sides.' }),
    });
    expect(posted.status).toBe(201);
    const comment = (await posted.json()) as { id: string };

    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/consultations/${created.slug}`);
    await page.getByRole('link', { name: 'Answer the comments' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/consultations/${created.slug}/answers`);
    await page.getByRole('heading', { level: 1, name: 'Answers to the comments' }).waitFor();
    await page.getByRole('status').filter({ hasText: '1 published comment' }).waitFor();
    const problems = await checkPage(page, `/consultations/${created.slug}/answers`);
    await page.setViewportSize({ width: 360, height: 740 });
    const card = page.locator('.comment-list > li').filter({ hasText: 'Jobs should be advertised on both sides.' });

    // "Changed" before any link is refused, and said so.
    await card.getByRole('radio', { name: 'Changed' }).focus();
    await page.keyboard.press('Space');
    await card.getByRole('button', { name: 'Save the answer' }).focus();
    await page.keyboard.press('Enter');
    await card.getByRole('alert').filter({ hasText: /needs a (linked )?change/ }).waitFor();

    // The change, picked from the next version's nodes by typing its reference.
    await card.getByLabel('Node of version 2').focus();
    await page.keyboard.type('O2.4');
    expect(await card.getByLabel('Node of version 2').inputValue()).not.toBe('');
    await card.getByRole('button', { name: 'Link the change' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('The change was linked.').waitFor();
    await card.getByText('→ O2.4 in version 2 (draft)').waitFor();

    // The outcome and the reply, by keyboard.
    await card.getByRole('radio', { name: 'Changed' }).focus();
    await page.keyboard.press('Space');
    await card.getByRole('group', { name: "Reply to the commenter" }).getByLabel('English').focus();
    await page.keyboard.type('A new objective on jobs answers this.');
    await card.getByRole('button', { name: 'Save the answer' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('The answer was saved.').waitFor();
    problems.push(...(await checkPage(page, `/consultations/${created.slug}/answers`)));

    // The public sees what became of it.
    const visitor = await (await running.browser.newContext({ locale: 'en', bypassCSP: true })).newPage();
    const visitorErrors = watchConsole(visitor);
    await visitor.goto(`${base}/consultations/${created.slug}`);
    const shown = visitor.locator(`#comment-${comment.id} .comment__outcome`);
    await shown.waitFor();
    expect(await shown.innerText()).toMatch(/What became of it: Changed[\s\S]*→ O2\.4 in version 2 \(draft\)[\s\S]*A new objective on jobs answers this\./);
    problems.push(...(await checkPage(visitor, `/consultations/${created.slug}`)));

    // The diff says which comments the new objective answers, and links this one.
    await page.goto(`${base}/framework/versions/1/diff/2`);
    const added = page.locator('.fw-changes > li[data-ref="O2.4"]');
    await added.locator('.fw-change-answers').waitFor();
    expect(await added.locator('.fw-change-answers').innerText()).toMatch(/^Answers \d+ comments?:/);
    const link = added.locator(`a[href="/consultations/${created.slug}?comment=${comment.id}#followed-comment"]`);
    expect(await link.count()).toBe(1);
    problems.push(...(await checkPage(page, '/framework/versions/1/diff/2')));

    // The link lands on the comment itself, with what became of it, whatever page of comments it is on.
    await link.focus();
    await page.keyboard.press('Enter');
    const landed = page.getByRole('region', { name: 'The comment a link led you to' });
    await landed.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('followed-comment');
    expect(await landed.innerText()).toMatch(/Jobs should be advertised on both sides\.[\s\S]*What became of it: Changed/);
    problems.push(...(await checkPage(page, `/consultations/${created.slug}?comment=… (a linked comment)`)));

    expect(problems.join('\n')).toBe('');
    // The refused "Changed" is the page's answer (422), not an error of the page.
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
    expect(visitorErrors).toEqual([]);
    await context.close();
  });
});
