import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { unsafeMarkup } from './markdown.ts';

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
      expect(growth(build, 100_000), JSON.stringify(build(8))).toBeLessThan(SUPERLINEAR);
    }
  });
});

const SUPERLINEAR = 30;
const run = (text: string) => unsafeMarkup(text);

/** The median of three timings of `run`, in milliseconds. */
function medianMs(run: () => void): number {
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    run();
    return performance.now() - started;
  });
  return times.sort((a, b) => a - b)[1];
}

/**
 * How much longer ten times the text takes (ten times for a linear scan, a hundred for a quadratic
 * one), measured in this run, so the machine's speed and load do not decide: the shorter text is
 * read ten times over in each timing, so that both timings are of the same size and neither is lost
 * in the timer's noise.
 */
function growth(build: (length: number) => string, length: number): number {
  const short = build(length / 10);
  const long = build(length);
  run(short); // warm up
  const shortMs = medianMs(() => {
    for (let i = 0; i < 10; i++) run(short);
  }) / 10;
  return medianMs(() => run(long)) / Math.max(shortMs, 1e-3);
}
