import type { Page } from 'playwright-core';
import { pageProblems } from './page-checks.ts';
import { axeViolations, describeViolations, twoFrames, WCAG22_AA } from './support.ts';

/** Two frames: the layout after a change of the window's size has been done and painted. */
export const settled = twoFrames;

/** axe and the page checks at 1280 px and at 360 px (where actions are 44 px high), the page left at 1280 px. */
export async function checkPage(page: Page, where: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await settled(page);
    const violations = await axeViolations(page, WCAG22_AA);
    if (violations.length) problems.push(`${where} ${width}px: axe\n${describeViolations(violations)}`);
    for (const problem of await pageProblems(page, { minAction: width === 360 ? 44 : 0 })) problems.push(`${where} ${width}px: ${problem}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  return problems;
}
