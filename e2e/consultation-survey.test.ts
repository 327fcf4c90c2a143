import { describe, expect, it } from 'vitest';
import { checkPage } from './page-at-widths.ts';
import { useServerAndBrowser, watchConsole } from './support.ts';

const running = useServerAndBrowser();

describe("a consultation section's short survey", () => {
  it('is answered by keyboard at 360 px: a missing required answer is named, the saved answers stay shown', { timeout: 300_000 }, async () => {
    const base = running.server.url;
    const context = await running.browser.newContext({ locale: 'en', bypassCSP: true, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${base}/consultations/demo-twin-region-draft`);
    const survey = page.getByRole('form', { name: 'Short survey' });
    await survey.waitFor();
    const problems = await checkPage(page, '/consultations/demo-twin-region-draft (survey)');
    await page.setViewportSize({ width: 360, height: 740 });

    // Only the optional questions answered: the server names the required one, and the link leads to it.
    const matters = survey.getByRole('group', { name: /^What matters most on the journey\?/ });
    await matters.getByRole('checkbox', { name: 'Price' }).focus();
    await page.keyboard.press('Space');
    await survey.getByRole('button', { name: 'Send the answers' }).press('Enter');
    const alert = survey.locator('.form-errors, [role="alert"]').first();
    await alert.waitFor();
    expect(await alert.innerText()).toContain('How often do you cross the gulf?');

    // Then every question, by keyboard.
    const often = survey.getByRole('group', { name: /^How often do you cross the gulf\?/ });
    await often.getByRole('radio', { name: 'Every week' }).focus();
    await page.keyboard.press('Space');
    await matters.getByRole('checkbox', { name: 'Reliability' }).focus();
    await page.keyboard.press('Space');
    const urgent = survey.getByRole('group', { name: /^How urgent is a fixed link\?/ });
    await urgent.getByRole('radio', { name: '4' }).focus();
    await page.keyboard.press('Space');
    await survey.getByRole('button', { name: 'Send the answers' }).press('Enter');
    await survey.getByRole('status').filter({ hasText: 'Your answers are saved.' }).waitFor();
    problems.push(...(await checkPage(page, '/consultations/demo-twin-region-draft (survey answered)')));

    // Read again, the page shows what was answered (the browser's respondent cookie names them).
    await page.reload();
    await survey.waitFor();
    await expect.poll(() => often.getByRole('radio', { name: 'Every week' }).isChecked()).toBe(true);
    expect(await matters.getByRole('checkbox', { name: 'Price' }).isChecked()).toBe(true);
    expect(await matters.getByRole('checkbox', { name: 'Reliability' }).isChecked()).toBe(true);
    expect(await matters.getByRole('checkbox', { name: 'Travel time' }).isChecked()).toBe(false);
    expect(await urgent.getByRole('radio', { name: '4' }).isChecked()).toBe(true);

    expect(problems.join('\n')).toBe('');
    // The one refused send, on purpose.
    expect(errors).toEqual([expect.stringMatching(/^400 POST .*\/answers$/), expect.stringContaining('status of 400')]);
    await context.close();
  });
});
