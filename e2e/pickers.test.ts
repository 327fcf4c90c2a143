import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, DEMO_ACCOUNTS, describeViolations, loginThroughForm, useServerAndBrowser, watchConsole } from './support.ts';

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

    await page.getByRole('button', { name: t('recommendations:form.create'), exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/recommendations\/RC-\d{4}-\d{4}$/);
    const saved = await get<{ addressees: { id: string }[]; bottlenecks: { ref: string }[]; dialogues: { ref: string }[] }>(`/api/recommendations/${page.url().split('/').pop()}`);
    expect(saved.addressees.map((a) => a.id)).toEqual([addressee.id]);
    expect(saved.dialogues.map((d) => d.ref)).toEqual([dialogue.ref]);
    expect(saved.bottlenecks.map((b) => b.ref).sort()).toEqual([...prefilled.filter((ref) => ref !== removed), added.ref].sort());
    expect(errors).toEqual([]);
    await context.close();
  });
});
