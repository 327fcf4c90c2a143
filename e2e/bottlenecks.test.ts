import { describe, expect, it } from 'vitest';
import { loginThroughForm, twoFrames, useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe('the bottleneck register', () => {
  it('takes a report, is moderated, routed, answered by the service owner, and supported by a member', async () => {
    const base = running.server.url;
    const title = 'Virolainen ajokortti ja suomalainen auton rekisteröinti eivät sovi yhteen';

    // 1. An anonymous visitor reports in Finnish, after being offered similar ones.
    const visitor = await running.browser.newContext({ locale: 'fi', extraHTTPHeaders: { 'accept-language': 'fi' } });
    const page = await visitor.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/bottlenecks/new`);
    await page.getByRole('note').filter({ hasText: 'Ilmoitukset ovat julkisia.' }).waitFor();
    await page.locator('#field-title').fill(title);
    await page.locator('#field-description').fill('Asun Helsingissä ja työskentelen Tallinnassa. Auton rekisteröinti vaatii asiakirjoja, joita Virosta ei saa.');
    await page.getByLabel('Liikkuvuus ja liikenne').check();
    await page.getByLabel('Ajoneuvot', { exact: true }).check();
    await page.getByLabel('Suomi', { exact: true }).check();
    await page.getByLabel('Viro', { exact: true }).check();
    // The file goes with the report, in the same form.
    await page.getByLabel('Tiedostot', { exact: true }).setInputFiles({ name: 'kuitti.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByRole('button', { name: 'Lähetä ilmoitus' }).click();
    const thanks = page.getByRole('status').filter({ hasText: 'Ilmoituksesi tunnus on' });
    await thanks.waitFor();
    const ref = /BN-\d{4}-\d{4}/.exec((await thanks.textContent()) ?? '')![0];
    await page.getByText('Liitetty: kuitti.pdf').waitFor();
    expect(errors).toEqual([]);
    await visitor.close();

    // 2. A moderator finds it in the queue and publishes it.
    const staff = await running.browser.newContext({ locale: 'en' });
    const moderatorPage = await staff.newPage();
    await loginThroughForm(moderatorPage, base, 'moderator@demo.talsinki.eu', 'demo-moderator-2026');
    await moderatorPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
    await moderatorPage.getByRole('link', { name: title }).click();
    const statusForm = moderatorPage.getByRole('form', { name: 'Change status' });
    await statusForm.getByLabel('New status').selectOption('published');
    await statusForm.getByLabel('Public note').fill('A real cross-border obstacle.');
    await moderatorPage.getByRole('button', { name: 'Save status' }).click();
    await moderatorPage.locator('.timeline').getByText('A real cross-border obstacle.').waitFor();
    await staff.close();

    // 3. An editor assigns it to both countries' institutions.
    const editorContext = await running.browser.newContext({ locale: 'en' });
    const editorPage = await editorContext.newPage();
    await loginThroughForm(editorPage, base, 'editor@demo.talsinki.eu', 'demo-editor-2026');
    await editorPage.goto(`${base}/bottlenecks/${ref}`);
    await editorPage.getByLabel('Responsible in Finland').selectOption({ label: 'Finnish Transport and Communications Agency' });
    await editorPage.getByLabel('Responsible in Estonia').selectOption({ label: 'Social Insurance Board' });
    await editorPage.getByRole('button', { name: 'Save assignments' }).click();
    await editorPage.getByRole('heading', { name: 'Answers of the responsible institutions' }).waitFor();
    await editorContext.close();

    // 4. The Estonian service owner sees it on the desk and answers in place.
    const ownerContext = await running.browser.newContext({ locale: 'et', extraHTTPHeaders: { 'accept-language': 'et' } });
    const ownerPage = await ownerContext.newPage();
    await loginThroughForm(ownerPage, base, 'service.owner@demo.talsinki.eu', 'demo-service-2026');
    await ownerPage.getByRole('navigation', { name: 'Peamenüü' }).getByRole('link', { name: 'Töölaud' }).click();
    const item = ownerPage.getByRole('listitem').filter({ hasText: ref });
    await item.getByText('Vasta siin').click();
    await item.getByLabel('Teie asutuse avalik vastus').fill('Sotsiaalkindlustusamet uurib, milliseid dokumente saab väljastada.');
    await item.getByRole('button', { name: 'Avalda vastus' }).click();
    // Answered, it moves to the desk's answered list; the desk says so where it stays.
    await ownerPage.getByRole('status').filter({ hasText: 'Teie vastus on avaldatud.' }).waitFor();
    await ownerContext.close();

    // 5. A member reads both sides and says it affects them too, once.
    const memberContext = await running.browser.newContext({ locale: 'en' });
    const memberPage = await memberContext.newPage();
    await loginThroughForm(memberPage, base, 'member@demo.talsinki.eu', 'demo-member-2026');
    await memberPage.goto(`${base}/bottlenecks/${ref}`);
    await memberPage.getByText('Sotsiaalkindlustusamet uurib, milliseid dokumente saab väljastada.').waitFor();
    expect(await memberPage.getByRole('link', { name: 'kuitti.pdf' }).getAttribute('href')).toMatch(new RegExp(`^/api/bottlenecks/${ref}/attachments/`));
    expect(await memberPage.getByText('Sotsiaalkindlustusamet uurib').getAttribute('lang')).toBe('et');
    await memberPage.getByRole('button', { name: 'Affects me too' }).click();
    await memberPage.getByRole('button', { name: 'Withdraw my support' }).waitFor();
    await memberPage.getByText('1 person says this affects them too').waitFor();
    expect(await memberPage.getByRole('button', { name: 'Withdraw my support' }).getAttribute('aria-pressed')).toBe('true');
    await memberContext.close();
  });

  it('searches and filters with the address keeping the search, even when the first listing answers last', async () => {
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    // Hold the page's first, unfiltered listing until the filtered one is on screen: a late
    // answer to an older request must not overwrite the newer one.
    let releaseFirstListing!: () => void;
    const firstListingHeld = new Promise<void>((resolve) => (releaseFirstListing = resolve));
    let held = false;
    // Each response body the page has read, by address: the late answer's arrival is an event to wait for.
    await page.addInitScript(() => {
      const read: string[] = ((window as unknown as { __bodiesRead: string[] }).__bodiesRead = []);
      for (const method of ['text', 'json'] as const) {
        const original = Response.prototype[method];
        Response.prototype[method] = async function (this: Response) {
          const body = await original.call(this);
          read.push(this.url);
          return body;
        } as never;
      }
    });
    await page.route(/\/api\/bottlenecks\?/, async (route) => {
      if (!held && !route.request().url().includes('domain=')) {
        held = true;
        await firstListingHeld;
      }
      await route.continue();
    });
    await page.goto(`${running.server.url}/bottlenecks`);
    await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor();
    await page.getByLabel('Area').selectOption('social_security');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/domain=social_security/);
    const everyCardInArea = () => {
      const facts = [...document.querySelectorAll('.bn-card__facts')];
      return facts.length > 0 && facts.every((f) => f.textContent?.includes('Social security'));
    };
    await page.waitForFunction(everyCardInArea);
    expect(held).toBe(true);
    releaseFirstListing();
    // The page has read the late answer; two animation frames later, whatever it did with it is on screen.
    await page.waitForFunction(() => (window as unknown as { __bodiesRead: string[] }).__bodiesRead.some((url) => /\/api\/bottlenecks\?/.test(url) && !url.includes('domain=')));
    await twoFrames(page);
    expect(await page.evaluate(everyCardInArea)).toBe(true);
    const count = await page.getByRole('status').filter({ hasText: /bottlenecks?$/ }).textContent();
    const api = await (await fetch(`${running.server.url}/api/bottlenecks?domain=social_security&limit=1`)).json();
    expect(count).toBe(`${api.total} bottleneck${api.total === 1 ? '' : 's'}`);
    await page.reload();
    expect(await page.getByLabel('Area').inputValue()).toBe('social_security');
    await context.close();
  });

  it('shows HTML written into a report as text, never as markup', async () => {
    const response = await fetch(`${running.server.url}/api/bottlenecks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '<img src=x onerror="window.__xss=1"> <b>bold</b>', description: '<script>window.__xss=2</script> described at length here', language: 'en', domain: 'legal', countries: ['FI'] }),
    });
    const { ref } = await response.json();
    const context = await running.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await loginThroughForm(page, running.server.url, 'moderator@demo.talsinki.eu', 'demo-moderator-2026');
    await page.goto(`${running.server.url}/bottlenecks/${ref}`);
    await page.locator('h1', { hasText: '<img src=x' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img[src="x"]').count()).toBe(0);
    expect(await page.locator('main b').count()).toBe(0);
    await context.close();
  });
});
