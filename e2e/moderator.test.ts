import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, axeViolations, describeViolations, DEMO_ACCOUNTS, loginThroughForm, useServerAndBrowser, watchConsole, WCAG22_AA, type ApiCall } from './support.ts';
import { pageProblems } from './page-checks.ts';

/**
 * The moderator's journey (issue 14) in two languages: the queue shows each report's possible
 * duplicates, its text is redacted, its image previewed and removed, two reports are published
 * and one rejected together, one published and one rejected on its own, a file is removed from a bottleneck's own page too, and each action
 * says what it did; the queue is paged.
 */

const running = useServerAndBrowser();

// A 1×1 PNG: the server reads the type from the content.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1a9d60000000049454e44ae426082', 'hex');

const CASES = [
  {
    lang: 'fi',
    topic: 'Virolaista sairauslomatodistusta ei hyväksytä Kelassa',
    words: {
      duplicates: 'Mahdolliset päällekkäiset ilmoitukset',
      redact: 'Poista henkilötietoja',
      description: 'Kuvaus (suomi)',
      save: 'Tallenna muokattu teksti',
      redacted: (ref: string) => `Ilmoituksen ${ref} tekstiä on muokattu.`,
      removeLabel: (file: string) => `Poista tiedosto ${file}`,
      removeAction: (file: string) => `Poista ${file}`,
      removed: (file: string) => `Tiedosto ${file} on poistettu.`,
      choose: (ref: string) => `Valitse ${ref}`,
      publish: 'Julkaise valitut ilmoitukset (2)',
      published: (refs: string) => `2 ilmoitusta julkaistiin: ${refs}.`,
      reason: 'Hylkäämisen syy',
      reject: 'Hylkää valittu ilmoitus',
      rejectAction: 'Hylkää 1 ilmoitus',
      rejected: (ref: string) => `1 ilmoitus hylättiin: ${ref}.`,
      publishOne: (ref: string) => `Julkaise ${ref}`,
      publishedOne: (ref: string) => `1 ilmoitus julkaistiin: ${ref}.`,
      rejectOpen: (ref: string) => `Hylkää ${ref}…`,
      rejectOne: (ref: string) => `Hylkää ${ref}`,
      mergeLabel: (into: string) => `Yhdistä tähän: ${into}`,
      mergeAction: (ref: string, into: string) => `Yhdistä ${ref} ilmoitukseen ${into}`,
      merged: (ref: string, into: string) => `${ref} on yhdistetty ilmoitukseen ${into}.`,
    },
  },
  {
    lang: 'en',
    topic: 'Estonian sick leave certificate is not accepted by Kela',
    words: {
      duplicates: 'Possible duplicates',
      redact: 'Redact',
      description: 'Description (English)',
      save: 'Save the redacted text',
      redacted: (ref: string) => `The text of ${ref} is redacted.`,
      removeLabel: (file: string) => `Remove the file ${file}`,
      removeAction: (file: string) => `Remove ${file}`,
      removed: (file: string) => `The file ${file} is removed.`,
      choose: (ref: string) => `Choose ${ref}`,
      publish: 'Publish the 2 chosen reports',
      published: (refs: string) => `2 reports published: ${refs}.`,
      reason: 'Reason for rejecting',
      reject: 'Reject the chosen report',
      rejectAction: 'Reject 1 report',
      rejected: (ref: string) => `1 report rejected: ${ref}.`,
      publishOne: (ref: string) => `Publish ${ref}`,
      publishedOne: (ref: string) => `1 report published: ${ref}.`,
      rejectOpen: (ref: string) => `Reject ${ref}…`,
      rejectOne: (ref: string) => `Reject ${ref}`,
      mergeLabel: (into: string) => `Merge into this: ${into}`,
      mergeAction: (ref: string, into: string) => `Merge ${ref} into ${into}`,
      merged: (ref: string, into: string) => `${ref} is merged into ${into}.`,
    },
  },
] as const;

/** A report through the public API, by the demo member (an anonymous address may send only a few in a while). */
async function report(member: ApiCall, lang: string, title: string, description: string) {
  return member<{ id: string; ref: string; attachmentToken: string }>('POST', '/api/bottlenecks', { title, description, language: lang, domain: 'social_security', countries: ['FI', 'EE'] });
}

async function attachImage(base: string, created: { ref: string; attachmentToken: string }, filename = 'kuva.png') {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), filename);
  const response = await fetch(`${base}/api/bottlenecks/${created.ref}/attachments`, { method: 'POST', headers: { 'x-attachment-token': created.attachmentToken }, body: form });
  if (response.status !== 201) throw new Error(`attach: ${response.status} ${await response.text()}`);
}

const status = async (moderator: ApiCall, ref: string) => ((await moderator('GET', `/api/bottlenecks/${ref}`)) as { status: string; ref: string }).status;
const said = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });
const item = (page: Page, ref: string) => page.locator('li.moderation__item', { has: page.locator(`[id="queue-${ref}"]`) });

describe('a moderator works through the queue', () => {
  for (const c of CASES) {
    it(`in ${c.lang}: sees a duplicate, redacts, previews and removes an image, publishes two and rejects one together, publishes and rejects one by one, merges a duplicate`, async () => {
      const base = running.server.url;
      const moderator = await apiSession(base, DEMO_ACCOUNTS.moderator);
      const member = await apiSession(base, DEMO_ACCOUNTS.member);
      const w = c.words;
      // A published rajaeste, and a new report that repeats it with a personal identity code and a photo.
      const earlier = await report(member, c.lang, c.topic, `${c.topic}. The certificate was issued in Tallinn.`);
      // A file on the published one, which staff remove from the bottleneck's own page below.
      await attachImage(base, earlier, 'liite.png');
      await moderator('PATCH', `/api/bottlenecks/${earlier.ref}`, { status: 'published' });
      const dup = await report(member, c.lang, c.topic, `${c.topic}. My identity code is 38001010000 (${c.lang}).`);
      await attachImage(base, dup);
      const one = await report(member, c.lang, `Bulk one ${c.lang} parking permit`, 'A parking permit is not recognised across the border.');
      const two = await report(member, c.lang, `Bulk two ${c.lang} pension statement`, 'The pension statement does not reach the other country.');
      const three = await report(member, c.lang, `Bulk three ${c.lang} advertisement`, 'Buy cheap watches here.');
      // Two decided one by one, by an account of their own (a member may send only so many in an hour).
      const admin = await apiSession(base, DEMO_ACCOUNTS.admin);
      const single = await report(admin, c.lang, `Single ${c.lang} school place`, 'A school place is not kept when the family moves across the gulf.');
      const spam = await report(admin, c.lang, `Single ${c.lang} lottery`, 'You have won a lottery.');

      const context = await running.browser.newContext({ locale: c.lang, extraHTTPHeaders: { 'accept-language': c.lang } });
      const page = await context.newPage();
      const errors = watchConsole(page);
      await loginThroughForm(page, base, DEMO_ACCOUNTS.moderator.email, DEMO_ACCOUNTS.moderator.password);
      await page.goto(`${base}/bottlenecks/moderation`);

      // The duplicate suggestion names the published one.
      const report1 = item(page, dup.ref);
      await report1.getByRole('heading', { name: w.duplicates }).waitFor();
      await report1.getByRole('link', { name: new RegExp(earlier.ref) }).waitFor();

      // Redaction: the identity code goes; the page says so and the public text no longer has it.
      await report1.getByRole('button', { name: w.redact, exact: true }).click();
      const description = report1.getByLabel(w.description);
      await description.fill(`${c.topic}. My identity code is [removed] (${c.lang}).`);
      await report1.getByRole('button', { name: w.save }).click();
      await said(page, w.redacted(dup.ref)).waitFor();
      expect(JSON.stringify(await moderator('GET', `/api/bottlenecks/${dup.ref}`))).not.toContain('38001010000');

      // The image is previewed (loaded from the download route), then removed after confirming.
      const preview = report1.getByRole('img', { name: 'kuva.png' });
      await preview.scrollIntoViewIfNeeded();
      await page.waitForFunction((element) => element instanceof HTMLImageElement && element.complete && element.naturalWidth === 1, await preview.elementHandle());
      await report1.getByRole('button', { name: w.removeLabel('kuva.png') }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.removeAction('kuva.png') }).click();
      await said(page, w.removed('kuva.png')).waitFor();
      await preview.waitFor({ state: 'detached' });
      expect(((await moderator('GET', `/api/bottlenecks/${dup.ref}`)) as { attachments: unknown[] }).attachments).toEqual([]);

      // Two published together.
      await page.getByLabel(w.choose(one.ref)).check();
      await page.getByLabel(w.choose(two.ref)).check();
      await page.getByRole('button', { name: w.publish }).click();
      const published = [one.ref, two.ref].sort((a, b) => (a < b ? 1 : -1)).join(', ');
      await said(page, w.published(published)).or(said(page, w.published([one.ref, two.ref].join(', ')))).waitFor();
      expect([await status(moderator, one.ref), await status(moderator, two.ref)]).toEqual(['published', 'published']);

      // One rejected with a reason, after confirming.
      await page.getByLabel(w.choose(three.ref)).check();
      await page.getByLabel(w.reason).fill('Advertising, not a cross-border obstacle.');
      await page.getByRole('button', { name: w.reject }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.rejectAction }).click();
      await said(page, w.rejected(three.ref)).waitFor();
      expect(await status(moderator, three.ref)).toBe('rejected');

      // One report published by its own button, another rejected by its own, with its reason, after confirming.
      await item(page, single.ref).getByRole('button', { name: w.publishOne(single.ref), exact: true }).click();
      await said(page, w.publishedOne(single.ref)).waitFor();
      await item(page, single.ref).waitFor({ state: 'detached' });
      expect(await status(moderator, single.ref)).toBe('published');
      const own = item(page, spam.ref);
      await own.getByText(w.rejectOpen(spam.ref)).click();
      await own.getByLabel(w.reason).fill('Advertising, not a cross-border obstacle.');
      await own.getByRole('button', { name: w.rejectOne(spam.ref), exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.rejectOne(spam.ref), exact: true }).click();
      await said(page, w.rejected(spam.ref)).waitFor();
      expect(await status(moderator, spam.ref)).toBe('rejected');
      const spamNote = ((await moderator('GET', `/api/bottlenecks/${spam.ref}`)) as { timeline: { note: string | null }[] }).timeline.map((e) => e.note);
      expect(spamNote).toContain('Advertising, not a cross-border obstacle.');

      // The duplicate merged into the published one.
      await report1.getByRole('button', { name: w.mergeLabel(earlier.ref) }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.mergeAction(dup.ref, earlier.ref) }).click();
      await said(page, w.merged(dup.ref, earlier.ref)).waitFor();
      await item(page, dup.ref).waitFor({ state: 'detached' });

      // On the bottleneck's own page, the public sees the file and no way to remove it…
      const visitor = await running.browser.newContext({ locale: c.lang, extraHTTPHeaders: { 'accept-language': c.lang } });
      const visitorPage = await visitor.newPage();
      await visitorPage.goto(`${base}/bottlenecks/${earlier.ref}`);
      await visitorPage.getByRole('link', { name: 'liite.png' }).waitFor();
      expect(await visitorPage.getByRole('button', { name: w.removeLabel('liite.png') }).count()).toBe(0);
      await visitor.close();
      // …and the moderator removes it there, after confirming, as from the queue.
      await page.goto(`${base}/bottlenecks/${earlier.ref}`);
      const file = page.getByRole('link', { name: 'liite.png' });
      await file.waitFor();
      await page.getByRole('button', { name: w.removeLabel('liite.png') }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.removeAction('liite.png') }).click();
      await said(page, w.removed('liite.png')).waitFor();
      await file.waitFor({ state: 'detached' });
      const files = ((await moderator('GET', `/api/bottlenecks/${earlier.ref}`)) as { attachments: { filename: string }[] }).attachments;
      expect(files.map((f) => f.filename)).not.toContain('liite.png');

      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it('the queue, with a report carrying an image and a duplicate, meets WCAG 2.2 AA and the page checks', async () => {
    const base = running.server.url;
    const member = await apiSession(base, DEMO_ACCOUNTS.member);
    const moderator = await apiSession(base, DEMO_ACCOUNTS.moderator);
    const earlier = await report(member, 'et', 'Eesti töövõimetusleht ei kehti Soomes', 'Kela ei aktsepteeri Eesti töövõimetuslehte.');
    await attachImage(base, earlier, 'liide.png');
    await moderator('PATCH', `/api/bottlenecks/${earlier.ref}`, { status: 'published' });
    const dup = await report(member, 'et', 'Eesti töövõimetusleht ei kehti Soomes', 'Minu töövõimetuslehte ei võetud vastu.');
    await attachImage(base, dup);
    // axe is injected as a script, which the page's own CSP rightly forbids.
    const context = await running.browser.newContext({ locale: 'et', extraHTTPHeaders: { 'accept-language': 'et' }, bypassCSP: true });
    const page = await context.newPage();
    await loginThroughForm(page, base, DEMO_ACCOUNTS.moderator.email, DEMO_ACCOUNTS.moderator.password);
    await page.goto(`${base}/bottlenecks/moderation`);
    await item(page, dup.ref).getByRole('heading', { name: 'Võimalikud korduvad teated' }).waitFor();
    await item(page, dup.ref).getByRole('img', { name: 'kuva.png' }).waitFor();
    expect(describeViolations(await axeViolations(page, WCAG22_AA))).toBe('');
    expect(await pageProblems(page)).toEqual([]);
    // The bottleneck's own page, with a file staff may remove.
    await page.goto(`${base}/bottlenecks/${earlier.ref}`);
    await page.getByRole('button', { name: 'Eemalda fail liide.png' }).waitFor();
    expect(describeViolations(await axeViolations(page, WCAG22_AA))).toBe('');
    expect(await pageProblems(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('in fi: the queue is paged as every list is, with its count, and a page past the end goes to the last page', async () => {
    const base = running.server.url;
    const moderator = await apiSession(base, DEMO_ACCOUNTS.moderator);
    // Reports enough for two pages of ten, by an account of their own (a member may send only so many in an hour).
    const admin = await apiSession(base, DEMO_ACCOUNTS.admin);
    const newest: { ref: string }[] = [];
    for (let i = 1; i <= 8; i++) newest.push(await report(admin, 'fi', `Sivutettu ilmoitus ${i}: rajanylityslupa`, 'Lupaa ei tunnusteta rajan toisella puolella.'));
    const total = ((await moderator('GET', '/api/bottlenecks?status=submitted&limit=1')) as { total: number }).total;
    expect(total).toBeGreaterThan(10);
    expect(total).toBeLessThanOrEqual(20);

    const context = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.moderator.email, DEMO_ACCOUNTS.moderator.password);
    await page.goto(`${base}/bottlenecks/moderation?size=10`);
    await said(page, `${total} ilmoitusta odottaa moderointia.`).waitFor();
    await item(page, newest[7].ref).waitFor();
    expect(await page.locator('li.moderation__item').count()).toBe(10);

    // Page 2 holds the older rest; the count is the whole queue's.
    const pager = page.getByRole('navigation', { name: 'Moderointijonon sivut' });
    await pager.getByRole('link', { name: 'Sivu 2' }).click();
    await page.waitForURL(/[?&]page=2\b/);
    await expect.poll(() => page.locator('li.moderation__item').count()).toBe(total - 10);
    expect(await item(page, newest[7].ref).count()).toBe(0);
    expect(await pager.getByRole('link', { name: 'Sivu 2' }).getAttribute('aria-current')).toBe('page');
    await said(page, `${total} ilmoitusta odottaa moderointia.`).waitFor();

    // A page that no longer exists (its reports were handled) gives way to the last one.
    await page.goto(`${base}/bottlenecks/moderation?size=10&page=7`);
    await page.waitForURL(/[?&]page=2\b/);
    await expect.poll(() => page.locator('li.moderation__item').count()).toBe(total - 10);

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
