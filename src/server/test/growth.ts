import { performance } from 'node:perf_hooks';

/** Ten times the text in more than this many times the time: more than linear. */
export const SUPERLINEAR = 30;

/** The median of three timings of `work`, in milliseconds. */
function medianMs(work: () => void): number {
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    work();
    return performance.now() - started;
  });
  return times.sort((a, b) => a - b)[1];
}

/**
 * How much longer `read` takes over ten times the text (ten times for a linear scan, a hundred for
 * a quadratic one), measured in this run, so the machine's speed and load do not decide: the
 * shorter text is read ten times over in each timing, so that both timings are of the same size
 * and neither is lost in the timer's noise.
 */
export function growth(read: (text: string) => unknown, build: (length: number) => string, length: number): number {
  const short = build(length / 10);
  const long = build(length);
  read(short); // warm up
  const once = () => {
    const shortMs = medianMs(() => {
      for (let i = 0; i < 10; i++) read(short);
    }) / 10;
    return medianMs(() => read(long)) / Math.max(shortMs, 1e-3);
  };
  // A pause of the machine (another process, a collection) can make one measurement look
  // superlinear; a superlinear reading stays so when measured again, so the least of up to three counts.
  let least = once();
  for (let attempt = 1; attempt < 3 && least >= SUPERLINEAR; attempt++) least = Math.min(least, once());
  return least;
}
