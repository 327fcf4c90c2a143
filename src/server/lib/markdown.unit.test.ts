import { growth, SUPERLINEAR } from '../test/growth.ts';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, unsafeMarkup } from './markdown.ts';

describe('the minutes markup check', () => {
  it('names scripts, event handlers and script URLs, in any case and spacing', () => {
    expect(unsafeMarkup('Good meeting <script>alert(1)</script>')).toBe('contains a <script> element');
    expect(unsafeMarkup('< / IFRAME src=x>')).toBe('contains a <iframe> element');
    expect(unsafeMarkup('See <img src=x\tONERROR = "alert(1)">')).toBe('contains an event handler (onerror)');
    expect(unsafeMarkup('<a title="<b" onclick=x>')).toBe('contains an event handler (onclick)');
    expect(unsafeMarkup('[click](javascript:alert(1))')).toBe('contains a script or data URL');
    expect(unsafeMarkup('[click]( < data:text/html,x>)')).toBe('contains a script or data URL');
    expect(unsafeMarkup('<a href = " vbscript:x">')).toBe('contains a script or data URL');
  });

  it('lets harmless text and HTML through', () => {
    for (const text of ['<b>Bold</b> and <scripts> are words', 'once upon a time: online = yes', '[site](https://example.org)', 'a < b > c', 'metadata: yes']) {
      expect(unsafeMarkup(text), text).toBeNull();
    }
  });

  it('reads hostile text in time linear in its length (the review measured 4 s for 100,000 characters)', () => {
    const hostile: ((length: number) => string)[] = [
      (n) => '<'.repeat(n),
      (n) => `<${'\t'.repeat(n)}<svg`,
      (n) => `src=${' '.repeat(n)}src=data:`,
      (n) => `](${' '.repeat(n)}`,
      (n) => ` on${'a'.repeat(n)}`,
    ];
    for (const build of hostile) {
      // Ten times the text in thirty times the time: more than linear.
      expect(growth(unsafeMarkup, build, 100_000), JSON.stringify(build(8))).toBeLessThan(SUPERLINEAR);
    }
  });
});

describe('minutes as HTML', () => {
  it('start their headings at the level asked for, keeping the steps between them', () => {
    expect(renderMarkdown('# Minutes\n\n## What we heard\n\ntext', { topLevel: 3 })).toBe('<h3>Minutes</h3>\n<h4>What we heard</h4>\n<p>text</p>\n');
    expect(renderMarkdown('## What we heard\n\n### Detail\n\n## Ideas', { topLevel: 3 })).toBe('<h3>What we heard</h3>\n<h4>Detail</h4>\n<h3>Ideas</h3>\n');
    expect(renderMarkdown('#### Deep\n\n###### Deepest', { topLevel: 3 })).toBe('<h3>Deep</h3>\n<h5>Deepest</h5>\n');
    expect(renderMarkdown('# One\n\n###### Six', { topLevel: 3 })).toBe('<h3>One</h3>\n<h6>Six</h6>\n');
    expect(renderMarkdown('## As written')).toBe('<h2>As written</h2>\n');
    expect(renderMarkdown('No headings', { topLevel: 3 })).toBe('<p>No headings</p>\n');
  });
});
