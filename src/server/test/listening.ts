import type { ChildProcess } from 'node:child_process';

/**
 * Resolves when a `talsinki serve` child says where it runs (it prints that once it listens);
 * rejects, with what it printed, if it exits first. The child's stdout and stderr must be pipes.
 */
export function untilListening(child: ChildProcess): Promise<void> {
  let output = '';
  return new Promise<void>((resolve, reject) => {
    const read = (d: Buffer) => {
      output += d;
      if (/runs at http:\/\/localhost:\d+/.test(output)) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code, signal) => reject(new Error(`talsinki serve exited (${signal ?? code}) before listening:\n${output}`)));
  });
}
