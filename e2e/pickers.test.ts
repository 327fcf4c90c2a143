import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageProblems } from './page-checks.ts';
import { apiSession, axeViolations, DEMO_ACCOUNTS, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

type Texts = Record<string, Record<string, unknown>>;
/** The app's own texts, so each language's labels are the ones its users read. */
function texts(lang: string): (key: string, values?: Record<string, string>) => string {
  const namespaces: Texts = {};
  for (const ns of ['common', 'recommendations', 'dialogues']) namespaces[ns] = JSON.parse(readFileSync(new URL(`../src/web/locales/${lang}/${ns}.json`, import.meta.url), 'utf8'));
  return (key, values = {}) => {
    const [ns, path] = key.split(':');
    const text = path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], namespaces[ns]) as string;
    return Object.entries(values).reduce((out, [name, value]) => out.replace(`{{${name}}}`, value), text);
  };
}

/** A text's beginning, up to where the date it names goes (a date and time written as the page writes it). */
const upToDate = (t: ReturnType<typeof texts>, key: string, values: Record<string, string> = {}) => t(key, { ...values, date: '\u0000' }).split('\u0000')[0];

/** The drafts the page's browser keeps. */
const drafts = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('talsinki.draft.')));

/** Leaves the form by the site's own link and comes back to it with the browser's Back, as someone looking something up would. */
async function awayAndBack(page: Page, url: string) {
  const form = (await page.locator('h1').textContent()) ?? '';
  await page.locator('a.brand').click();
  await page.waitForURL((address) => address.pathname === '/');
  // The address changes before the router shows the front page (a transition keeps the form
  // while the page loads): going back before then would leave the form as it was, never left.
  await page.locator('h1').filter({ hasNotText: form }).waitFor();
  await page.goBack();
  await page.waitForURL(url);
}

type Localized = Partial<Record<string, string>>;
const inLanguage = (text: Localized, lang: string) => text[lang] ?? text.en ?? text.fi ?? text.et ?? Object.values(text)[0]!;

/** Presses ArrowDown until the combobox's active option says `wanted`, then Enter: the keyboard's way to choose. */
async function chooseByKeyboard(page: Page, combobox: Locator, wanted: string) {
  const listbox = page.locator(`#${await combobox.getAttribute('aria-controls')}`);
  // Attached, not visible: after Escape the list keeps its options closed, and the arrow opens it.
  await listbox.locator('[role=option]', { hasText: wanted }).first().waitFor({ state: 'attached' });
  for (let presses = 0; presses < 10; presses++) {
    await page.keyboard.press('ArrowDown');
    const active = await combobox.getAttribute('aria-activedescendant');
    expect(active, 'ArrowDown makes an option active').toBeTruthy();
    if ((await page.locator(`#${active}`).textContent())!.includes(wanted)) {
      expect(await page.locator(`#${active}`).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`${wanted} was not among the first ten options`);
}

describe.each([
  { lang: 'en', width: 1280 },
  { lang: 'fi', width: 360 },
])('pickers in $lang at $width px', ({ lang, width }) => {
  it('propose a recommendation from a dialogue by keyboard: prefilled, a bottleneck and an addressee picked, a chip removed, all saved', async () => {
    const base = running.server.url;
    const t = texts(lang);
    const get = async <T,>(path: string) => (await (await fetch(`${base}${path}`)).json()) as T;
    // A public dialogue with bottlenecks on its agenda, and a published bottleneck it does not have.
    const dialogues = (await get<{ items: { ref: string; bottleneckCount: number }[] }>('/api/dialogues?limit=100')).items;
    const dialogue = await get<{ ref: string; bottlenecks: { ref: string }[] }>(`/api/dialogues/${dialogues.find((d) => d.bottleneckCount >= 1)!.ref}`);
    const onAgenda = new Set(dialogue.bottlenecks.map((b) => b.ref));
    const published = (await get<{ items: { ref: string; title: Localized }[] }>('/api/bottlenecks?status=published&limit=100')).items;
    const added = published.find((b) => !onAgenda.has(b.ref) && inLanguage(b.title, lang).split(/\s+/).length >= 3)!;
    const addressee = await get<{ id: string; name: Localized }>('/api/institutions/kela');
    const addresseeName = inLanguage(addressee.name, lang);

    const context = await running.browser.newContext({ viewport: { width, height: 800 }, locale: lang, extraHTTPHeaders: { 'accept-language': lang }, bypassCSP: true });
    await context.addCookies([{ name: 'talsinki_lang', value: lang, url: base }]);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/dialogues/${dialogue.ref}`);
    await page.getByRole('link', { name: t('dialogues:editor.proposeRecommendation') }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/recommendations/new?dialogue=${dialogue.ref}`);

    // The dialogue and its bottlenecks come chosen.
    const dialoguesPicker = page.getByRole('combobox', { name: t('recommendations:form.dialogues') });
    const bottlenecksPicker = page.getByRole('combobox', { name: t('recommendations:form.bottlenecks') });
    await dialoguesPicker.waitFor();
    const chipsOf = (label: string) => page.getByRole('list', { name: t('common:picker.chosen', { field: label }) });
    await chipsOf(t('recommendations:form.dialogues')).getByRole('button', { name: new RegExp(`^${t('common:picker.remove', { item: dialogue.ref })}`) }).waitFor();
    for (const ref of onAgenda) await chipsOf(t('recommendations:form.bottlenecks')).getByRole('button', { name: new RegExp(`^${t('common:picker.remove', { item: ref })}`) }).waitFor();
    // Submitted as the field's values, as the typed references were.
    const prefilled = await page.locator('input[type=hidden][name=bottlenecks]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(prefilled).toEqual(expect.arrayContaining([...onAgenda]));

    await page.locator(`#r-title-${lang}`).focus();
    await page.keyboard.type(lang === 'fi' ? 'Yhteinen lauttalippu' : 'A joint ferry ticket');
    await page.locator(`#r-rationale-${lang}`).focus();
    await page.keyboard.type(lang === 'fi' ? 'Matkustajat ostavat kaksi lippua samalle matkalle.' : 'Travellers buy two tickets for one journey.');

    // An addressee: part of its name typed, the arrow down, Enter.
    const addressees = page.getByRole('combobox', { name: t('recommendations:fields.addressees') });
    await addressees.focus();
    await page.keyboard.type(addresseeName.slice(0, 8));
    await page.locator('#field-addressees[aria-expanded=true]').waitFor();
    // The number of results is said in the picker's polite status line.
    await page.locator('#field-addressees-status').filter({ hasText: /^\d+ / }).waitFor();
    expect(await page.locator('#field-addressees-status').getAttribute('role')).toBe('status');
    // The open picker, results showing, passes axe.
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await chooseByKeyboard(page, addressees, addresseeName);
    await chipsOf(t('recommendations:fields.addressees')).getByRole('button', { name: t('common:picker.remove', { item: addresseeName }) }).waitFor();
    expect(await addressees.getAttribute('aria-expanded')).toBe('false');
    expect(await addressees.inputValue()).toBe('');

    // A bottleneck: the first words of its title.
    const words = inLanguage(added.title, lang).split(/\s+/).slice(0, 3).join(' ');
    await bottlenecksPicker.focus();
    await page.keyboard.type(words);
    // Escape closes the list without choosing; the arrow opens it again.
    await page.locator('#r-bottlenecks[aria-expanded=true]').waitFor();
    await page.keyboard.press('Escape');
    expect(await bottlenecksPicker.getAttribute('aria-expanded')).toBe('false');
    await chooseByKeyboard(page, bottlenecksPicker, added.ref);
    await chipsOf(t('recommendations:form.bottlenecks')).getByRole('button', { name: new RegExp(`^${t('common:picker.remove', { item: added.ref })}`) }).waitFor();

    // A chip removed: its button pressed, the focus back in the search field.
    const removed = [...onAgenda][0];
    await chipsOf(t('recommendations:form.bottlenecks')).getByRole('button', { name: new RegExp(`^${t('common:picker.remove', { item: removed })}`) }).focus();
    await page.keyboard.press('Enter');
    await chipsOf(t('recommendations:form.bottlenecks')).getByRole('button', { name: new RegExp(`^${t('common:picker.remove', { item: removed })}`) }).waitFor({ state: 'detached' });
    expect(await bottlenecksPicker.evaluate((element) => element === document.activeElement)).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `the form scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);

    // Away and back: the draft is put back, chips as chosen (the one removed still removed), and says so.
    const formUrl = page.url();
    const title = await page.locator(`#r-title-${lang}`).inputValue();
    const rationale = await page.locator(`#r-rationale-${lang}`).inputValue();
    await awayAndBack(page, formUrl);
    const restored = page.locator('#draft-restored');
    await restored.getByRole('button', { name: t('common:draft.discard') }).waitFor();
    expect(await restored.getAttribute('role')).toBe('status');
    expect(await restored.textContent()).toContain(upToDate(t, 'common:draft.restored'));
    expect(await page.locator(`#r-title-${lang}`).inputValue()).toBe(title);
    expect(await page.locator(`#r-rationale-${lang}`).inputValue()).toBe(rationale);
    await chipsOf(t('recommendations:fields.addressees')).getByRole('button', { name: t('common:picker.remove', { item: addresseeName }) }).waitFor();
    await chipsOf(t('recommendations:form.dialogues')).getByRole('button', { name: new RegExp(`^${t('common:picker.remove', { item: dialogue.ref })}`) }).waitFor();
    const kept = [...prefilled.filter((ref) => ref !== removed), added.ref].sort();
    const hidden = (name: string) => page.locator(`input[type=hidden][name=${name}]`).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect((await hidden('bottlenecks')).sort()).toEqual(kept);
    expect(await hidden('addressees')).toEqual([addressee.id]);
    expect(await chipsOf(t('recommendations:form.bottlenecks')).getByRole('button', { name: new RegExp(`^${t('common:picker.remove', { item: removed })}`) }).count()).toBe(0);

    await page.getByRole('button', { name: t('recommendations:form.create'), exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/recommendations\/RC-\d{4}-\d{4}$/);
    const ref = page.url().split('/').pop()!;
    const saved = await get<{ title: Localized; addressees: { id: string }[]; bottlenecks: { ref: string }[]; dialogues: { ref: string }[] }>(`/api/recommendations/${ref}`);
    expect(saved.title[lang]).toBe(title);
    expect(saved.addressees.map((a) => a.id)).toEqual([addressee.id]);
    expect(saved.dialogues.map((d) => d.ref)).toEqual([dialogue.ref]);
    expect(saved.bottlenecks.map((b) => b.ref).sort()).toEqual(kept);
    // Sent, the draft is gone: the same form begins afresh.
    expect(await drafts(page)).toEqual([]);
    await page.goto(formUrl);
    await chipsOf(t('recommendations:form.dialogues')).waitFor();
    expect(await page.locator(`#r-title-${lang}`).inputValue()).toBe('');
    expect(await page.locator('#draft-restored').count()).toBe(0);

    // Editing: changes left unsaved come back over the saved version, and say so; saved by someone
    // else meanwhile, the form says that it would replace their version. Discarding shows theirs.
    await page.goto(`${base}/recommendations/${ref}/edit`);
    await page.locator(`#r-title-${lang}`).fill(`${title} (draft)`);
    await awayAndBack(page, `${base}/recommendations/${ref}/edit`);
    await restored.waitFor();
    expect(await restored.textContent()).toContain(upToDate(t, 'common:draft.restoredEdit', { item: ref }));
    expect(await page.locator(`#r-title-${lang}`).inputValue()).toBe(`${title} (draft)`);
    const editor = await apiSession(base, DEMO_ACCOUNTS.editor);
    await editor('PATCH', `/api/recommendations/${ref}`, { title: { [lang]: `${title} (theirs)` } });
    await awayAndBack(page, `${base}/recommendations/${ref}/edit`);
    await page.locator('#draft-restored.notice--warning').waitFor();
    expect(await restored.textContent()).toContain(upToDate(t, 'common:draft.changedSince', { item: ref }));
    expect(await page.locator(`#r-title-${lang}`).inputValue()).toBe(`${title} (draft)`);
    await restored.getByRole('button', { name: t('common:draft.discard') }).click();
    await page.locator('#draft-discarded').waitFor();
    expect(await page.locator('#draft-discarded').evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.locator(`#r-title-${lang}`).inputValue()).toBe(`${title} (theirs)`);
    expect(await drafts(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('plan a dialogue: fields, zone, days, an organiser and bottlenecks picked, an agenda item and a participant, kept through leaving and coming back, then sent', async () => {
    const base = running.server.url;
    const t = texts(lang);
    const get = async <T,>(path: string) => (await (await fetch(`${base}${path}`)).json()) as T;
    const published = (await get<{ items: { ref: string; title: Localized }[] }>('/api/bottlenecks?status=published&limit=100')).items.filter((b) => inLanguage(b.title, lang).split(/\s+/).length >= 3);
    const [discussed, onAgenda] = published;
    const organiser = await get<{ id: string; name: Localized }>('/api/institutions/kela');
    const organiserName = inLanguage(organiser.name, lang);
    const year = new Date().getFullYear() + 1;

    const context = await running.browser.newContext({ viewport: { width, height: 800 }, locale: lang, extraHTTPHeaders: { 'accept-language': lang }, bypassCSP: true });
    await context.addCookies([{ name: 'talsinki_lang', value: lang, url: base }]);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await loginThroughForm(page, base, DEMO_ACCOUNTS.editor.email, DEMO_ACCOUNTS.editor.password);
    await page.goto(`${base}/dialogues/new`);
    const title = lang === 'fi' ? 'Lauttalippujen työpaja' : 'Ferry tickets workshop';
    await page.locator(`#f-title-${lang}`).fill(title);
    await page.locator('#f-type').selectOption('workshop');
    await page.locator('#f-description').fill(lang === 'fi' ? 'Yksi lippu kahdelle lautalle.' : 'One ticket for two ferries.');
    await page.locator('#f-timeZone').selectOption('Europe/Tallinn');
    await page.locator('#field-startsAt').fill(lang === 'en' ? `02/12/${year}` : `2.12.${year}`);
    await page.locator('#field-startsAt-time').fill(lang === 'fi' ? '9.30' : '09:30');
    await page.locator('#field-endsAt').fill(`${year}-12-02`);
    await page.locator('#field-endsAt-time').fill('11:30');
    await page.locator('input[name=domains][value=mobility]').check();
    const pick = async (id: string, typed: string, option: string) => {
      await page.locator(`#${id}`).fill(typed);
      await page.locator(`#${id}-listbox`).getByRole('option', { name: option }).first().click();
    };
    await pick('f-organiser', organiserName.slice(0, 8), organiserName);
    await pick('f-bottlenecks', inLanguage(discussed.title, lang).split(/\s+/).slice(0, 3).join(' '), discussed.ref);
    await page.getByRole('button', { name: t('dialogues:form.addAgendaItem') }).click();
    await page.getByLabel(t('dialogues:form.agendaItemTitle', { n: '1' })).fill(lang === 'fi' ? 'Yhteinen lippu' : 'One ticket');
    await pick('a-0-bottleneck', inLanguage(onAgenda.title, lang).split(/\s+/).slice(0, 3).join(' '), onAgenda.ref);
    await page.getByRole('button', { name: t('dialogues:form.addParticipant') }).click();
    await page.getByLabel(t('dialogues:form.participantName', { n: '1' })).fill('Maria Tamm');
    await page.getByLabel(t('dialogues:form.consent', { n: '1' })).check();

    const form = async () => ({
      title: await page.locator(`#f-title-${lang}`).inputValue(),
      type: await page.locator('#f-type').inputValue(),
      description: await page.locator('#f-description').inputValue(),
      zone: await page.locator('#f-timeZone').inputValue(),
      starts: [await page.locator('#field-startsAt').inputValue(), await page.locator('#field-startsAt-time').inputValue()],
      ends: [await page.locator('#field-endsAt').inputValue(), await page.locator('#field-endsAt-time').inputValue()],
      mobility: await page.locator('input[name=domains][value=mobility]').isChecked(),
      chosen: await page.locator('.picker__chip').evaluateAll((chips) => chips.map((chip) => chip.textContent)),
      hidden: await page.locator('input[type=hidden]').evaluateAll((inputs) => inputs.map((input) => `${(input as HTMLInputElement).name}=${(input as HTMLInputElement).value}`)),
      agenda: await page.getByLabel(t('dialogues:form.agendaItemTitle', { n: '1' })).inputValue(),
      participant: await page.getByLabel(t('dialogues:form.participantName', { n: '1' })).inputValue(),
      consent: await page.getByLabel(t('dialogues:form.consent', { n: '1' })).isChecked(),
    });
    const filled = await form();
    expect(filled.chosen).toHaveLength(3);
    expect(filled.hidden).toContain(`organiserId=${organiser.id}`);

    await awayAndBack(page, `${base}/dialogues/new`);
    await page.locator('#draft-restored').getByRole('button', { name: t('common:draft.discard') }).waitFor();
    // Days and times come back as read, written as the page writes them.
    const day = lang === 'en' ? `02/12/${year}` : `2.12.${year}`;
    const time = (hhmm: string) => (lang === 'fi' ? hhmm.replace(':', '.') : hhmm);
    expect(await form()).toEqual({ ...filled, starts: [day, time('09:30')], ends: [day, time('11:30')] });
    expect(await pageProblems(page)).toEqual([]);

    await page.getByRole('button', { name: t('dialogues:form.create'), exact: true }).click();
    await page.waitForURL(/\/dialogues\/DL-\d{4}-\d{4}$/);
    const saved = await get<{ type: string; title: Localized; timeZone: string; startsAt: string; endsAt: string; organiser: { id: string }; bottlenecks: { ref: string }[]; agenda: { title: string; bottleneck: { ref: string } | null }[]; participants: { name: string | null }[] }>(`/api/dialogues/${page.url().split('/').pop()}`);
    expect(saved).toMatchObject({ type: 'workshop', title: { [lang]: title }, timeZone: 'Europe/Tallinn', organiser: { id: organiser.id }, participants: [{ name: 'Maria Tamm' }] });
    // 9.30 in Tallinn in December is 7.30 UTC: the zone came back before the times were read.
    expect(saved.startsAt).toBe(`${year}-12-02T07:30:00.000Z`);
    expect(saved.endsAt).toBe(`${year}-12-02T09:30:00.000Z`);
    expect(saved.agenda.map((item) => item.bottleneck?.ref)).toEqual([onAgenda.ref]);
    expect(saved.bottlenecks.map((b) => b.ref)).toEqual([discussed.ref]);
    expect(await drafts(page)).toEqual([]);
    await page.goto(`${base}/dialogues/new`);
    await page.locator(`#f-title-${lang}`).waitFor();
    expect(await page.locator(`#f-title-${lang}`).inputValue()).toBe('');
    expect(await page.locator('#draft-restored').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
