import type { Page } from 'playwright-core';

/**
 * Checks beyond axe, run in the page as it is shown now: what axe does not test, or tests only
 * as a best practice. Each answers a list of problems, empty when the page passes.
 *
 * - headings: exactly one h1, the first; no level skipped going down (h2 → h4), counting only headings a
 *   screen reader is given (not in `display: none`, a closed `<details>` or `aria-hidden`);
 * - overflow: the document is no wider than the window (no sideways scrolling of the page);
 * - tables: each either fits the window and its container, or sits in a deliberate scroll region
 *   (`ScrollRegion`: `role=region`, a name, `tabindex=0`, `overflow-x: auto`);
 * - wide tables: on a wide window (1024 px or more) no table needs its scroll region: sideways
 *   scrolling is for phones;
 * - actions: every `.button` (a small one too: small in type only), submit button and disclosure's
 *   `<summary>` is at least `minAction` px high (44 at 360 px, WCAG 2.5.5's size for what a page
 *   is for; the staff pages' row actions and "Answer here" are what their users came to do), and
 *   so is every text field and list (so a row of filters lines up with its button);
 * - check boxes and radio buttons keep their size: none is stretched wider than 32 px (a field's
 *   grid once drew one as a box the width of the page, far from its label);
 * - in-page links: every `href="#id"` names an element that exists (error summaries, skip link);
 * - error summaries: their links to fields go in the order the fields stand on the page;
 * - edges: the footer's content starts at the left edge of main's content;
 * - required fields (`components/Required.tsx`): every asterisk is hidden from screen readers and
 *   belongs to a label whose control is `aria-required` (or `required`), or to a legend whose group
 *   holds such a control or is described by its rule ("at least one language"); every control so
 *   marked has the asterisk in its label or its group's legend; and a form with any of them says
 *   what the asterisk means (`RequiredNote`) before its first one.
 */
export async function pageProblems(page: Page, options: { minAction?: number } = {}): Promise<string[]> {
  return page.evaluate(({ minAction }) => {
    const problems: string[] = [];
    const shown = (element: Element) => element.getClientRects().length > 0 && !element.closest('[aria-hidden="true"]') && getComputedStyle(element).visibility !== 'hidden';
    const describe = (element: Element) => {
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}> "${text}"`;
    };

    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')].filter(shown);
    const level = (h: Element) => (h.getAttribute('role') === 'heading' ? Number(h.getAttribute('aria-level') ?? 2) : Number(h.tagName[1]));
    const h1s = headings.filter((h) => level(h) === 1).length;
    if (h1s !== 1) problems.push(`${h1s} h1 headings (one expected)`);
    let previous = 0;
    for (const heading of headings) {
      const current = level(heading);
      if (previous === 0 && current !== 1) problems.push(`the first heading is h${current}, not h1: ${describe(heading)}`);
      else if (current > previous + 1) problems.push(`heading jumps from h${previous} to h${current}: ${describe(heading)}`);
      previous = current;
    }

    const viewport = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - viewport;
    if (overflow > 0) problems.push(`the page scrolls sideways by ${overflow}px`);

    for (const table of [...document.querySelectorAll('table')].filter(shown)) {
      const region = table.parentElement?.closest('[role="region"], .table-wrap');
      if (region) {
        const named = region.getAttribute('aria-label') || region.getAttribute('aria-labelledby');
        const scrolls = ['auto', 'scroll'].includes(getComputedStyle(region).overflowX);
        if (region.getAttribute('role') !== 'region' || !named || region.getAttribute('tabindex') !== '0' || !scrolls) problems.push(`table in a scroll region without role, name, tabindex or overflow: ${describe(table)}`);
        else if (viewport >= 1024 && region.scrollWidth > region.clientWidth + 0.5) problems.push(`table scrolls sideways in a ${viewport}px window (${region.scrollWidth}px in ${region.clientWidth}px): ${describe(table)}`);
        continue;
      }
      const box = table.getBoundingClientRect();
      const room = table.parentElement?.clientWidth ?? viewport;
      if (box.left < -0.5 || box.right > viewport + 0.5 || box.width > room + 0.5) problems.push(`table wider than its room (${Math.round(box.width)}px in ${room}px) and not in a scroll region: ${describe(table)}`);
    }

    if (minAction) {
      const sized = {
        action: '.button, button[type="submit"], details > summary',
        field: 'input:not([type="checkbox"], [type="radio"], [type="file"], [type="hidden"], [type="range"]), select',
      };
      for (const [what, selector] of Object.entries(sized)) {
        for (const element of [...document.querySelectorAll(selector)].filter(shown)) {
          const { height } = element.getBoundingClientRect();
          if (height < minAction - 0.5) problems.push(`${what} ${Math.round(height)}px high (${minAction} wanted): ${describe(element)}`);
        }
      }
    }

    for (const box of [...document.querySelectorAll('input[type="checkbox"], input[type="radio"]')].filter(shown)) {
      const { width } = box.getBoundingClientRect();
      if (width > 32) problems.push(`a ${box.getAttribute('type') === 'radio' ? 'radio button' : 'check box'} stretched to ${Math.round(width)}px: ${describe(box.closest('label, p, div') ?? box)}`);
    }

    const isRequired = (control: Element) => control.getAttribute('aria-required') === 'true' || (control as HTMLInputElement).required === true;
    const marked = (holder: Element | null | undefined) => Boolean(holder?.querySelector('[data-required-mark]'));
    const controls = (root: ParentNode) => [...root.querySelectorAll('input:not([type="hidden"]), select, textarea')];
    for (const mark of [...document.querySelectorAll('[data-required-mark]')]) {
      const holder = mark.closest('label, legend');
      if (mark.getAttribute('aria-hidden') !== 'true') problems.push(`a required mark a screen reader reads out (not aria-hidden): ${describe(holder ?? mark)}`);
      if (holder instanceof HTMLLabelElement) {
        if (!holder.control || !isRequired(holder.control)) problems.push(`a required mark on a control without aria-required: ${describe(holder)}`);
      } else if (holder) {
        const group = holder.parentElement!;
        const rule = (group.getAttribute('aria-describedby') ?? '').split(/\s+/).some((id) => (document.getElementById(id)?.textContent ?? '').trim());
        if (!controls(group).some(isRequired) && !rule) problems.push(`a required mark on a group with no required control and no rule said: ${describe(holder)}`);
      } else problems.push(`a required mark outside a label or legend: ${describe(mark.parentElement ?? mark)}`);
    }
    for (const control of controls(document).filter(isRequired)) {
      const labels = [...((control as HTMLInputElement).labels ?? [])];
      const legend = control.closest('fieldset')?.querySelector(':scope > legend');
      if (!labels.some(marked) && !marked(legend)) problems.push(`a required control whose label shows no mark: ${describe(labels[0] ?? control)}`);
    }
    for (const form of document.querySelectorAll('form')) {
      // The mark is aria-hidden by design: drawn is enough.
      const first = [...form.querySelectorAll('[data-required-mark]')].find((mark) => mark.getClientRects().length > 0) ?? controls(form).find(isRequired);
      if (!first) continue;
      const note = [...form.querySelectorAll('[data-required-note]')].find((element) => shown(element) && (element.textContent ?? '').includes('*'));
      if (!note) problems.push(`a form with required fields that does not say what the mark means: ${describe(first.closest('label, legend') ?? (first as HTMLInputElement).labels?.[0] ?? first)}`);
      else if (note.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_PRECEDING) problems.push(`the note on required fields comes after the first one: ${describe(note)}`);
    }

    for (const link of document.querySelectorAll('a[href^="#"]')) {
      const id = decodeURIComponent(link.getAttribute('href')!.slice(1));
      if (id && !document.getElementById(id)) problems.push(`link to #${id}, which is not on the page: ${describe(link)}`);
    }

    for (const summary of document.querySelectorAll('[role="alert"]')) {
      const targets = [...summary.querySelectorAll('a[href^="#"]')].map((link) => document.getElementById(decodeURIComponent(link.getAttribute('href')!.slice(1)))).filter((target): target is HTMLElement => target !== null);
      for (let i = 1; i < targets.length; i++) {
        if (targets[i] !== targets[i - 1] && targets[i].compareDocumentPosition(targets[i - 1]) & Node.DOCUMENT_POSITION_FOLLOWING) problems.push(`error summary lists ${describe(targets[i - 1])} before ${describe(targets[i])}, which comes first on the page`);
      }
    }

    const main = document.querySelector('main');
    const footer = document.querySelector('.site-footer > *');
    if (main && footer && shown(footer)) {
      const mainEdge = main.getBoundingClientRect().left + parseFloat(getComputedStyle(main).paddingLeft);
      const footerEdge = footer.getBoundingClientRect().left;
      if (Math.abs(mainEdge - footerEdge) > 1) problems.push(`the footer's content starts at ${Math.round(footerEdge)}px, main's at ${Math.round(mainEdge)}px`);
    }
    return problems;
  }, { minAction: options.minAction ?? 0 });
}
