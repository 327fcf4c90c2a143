/** Where the command line draws: a terminal redraws a line in place, a pipe or file gets whole lines. */
export interface ProgressOutput {
  isTTY: boolean;
  write(text: string): void;
}

/**
 * `[#########...........]  45%  4,500 / 10,000` redrawn in place on a terminal, a line per tenth
 * elsewhere; `note` adds the feature's own count after it, in brackets ("12 failed").
 */
export function progressBar<P extends { done: number; total: number | null }>(out: ProgressOutput, note?: (progress: P) => string) {
  let lastTenth = -1;
  return (progress: P) => {
    const ratio = progress.total ? Math.min(1, progress.done / progress.total) : 0;
    const width = 30;
    const filled = Math.round(ratio * width);
    const counted = progress.total ? `${progress.done.toLocaleString('en')} / ${progress.total.toLocaleString('en')}` : `${progress.done.toLocaleString('en')}`;
    const noted = note ? `  (${note(progress)})` : '';
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${counted}${noted}`;
    if (out.isTTY) {
      out.write(`\r${line}`);
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      out.write(`${line}\n`);
    }
  };
}

/** Runs `task` with a signal that Ctrl-C aborts: a run then goes back to the queue rather than being left to look busy. */
export async function untilInterrupted<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  try {
    return await task(interrupted.signal);
  } finally {
    process.off('SIGINT', interrupt);
  }
}
