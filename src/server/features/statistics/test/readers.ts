import type { StatProblem } from '../../../../shared/problems.ts';
import { testHttpClient } from '../../../test/fakeServer.ts';
import type { HttpClientOptions } from '../../../lib/http.ts';
import type { Cube } from '../cube.ts';
import { createPacer, type PacerClock } from '../protocols/pacer.ts';
import { expect } from 'vitest';
import { readSource, type ReaderContext, type ReadItem, type StatSource, type TableItem } from '../readers/index.ts';

/**
 * What the readers' tests share: a clock that moves only when someone waits on it (the pacer,
 * the HTTP client's retries and a fake server's call window can all share it, so nothing waits
 * for real), a reader context on it, and a cube in a form `toEqual` compares cell by cell.
 */

export interface VirtualClock extends PacerClock {
  at: number;
  /** Every wait, in the order asked: the pacer's (`pacer`) and the HTTP client's (`client`). */
  waits: { by: 'pacer' | 'client'; ms: number }[];
}

export function virtualClock(start = 1_000_000): VirtualClock {
  const clock: VirtualClock = {
    at: start,
    waits: [],
    now: () => clock.at,
    sleep: async (ms) => {
      clock.waits.push({ by: 'pacer', ms });
      clock.at += ms;
    },
  };
  return clock;
}

export interface TestRun {
  context: ReaderContext;
  clock: VirtualClock;
  progress: [number, number][];
  controller: AbortController;
}

/** A reader context on a virtual clock: a fresh pacer, a test HTTP client whose retries wait on the same clock. */
export function testRun(options: { clock?: VirtualClock; http?: HttpClientOptions; retries?: number } = {}): TestRun {
  const clock = options.clock ?? virtualClock();
  const controller = new AbortController();
  const progress: [number, number][] = [];
  const http = testHttpClient({
    signal: controller.signal,
    wait: async (ms) => {
      clock.waits.push({ by: 'client', ms });
      clock.at += ms;
    },
    ...options.http,
  });
  const context: ReaderContext = {
    http,
    pacer: createPacer({ clock }),
    signal: controller.signal,
    onProgress: (done, total) => progress.push([done, total]),
    backoffMs: 1000,
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
  };
  return { context, clock, progress, controller };
}

export interface Collected {
  tables: TableItem[];
  errors: { problem: StatProblem; identifier?: string }[];
}

export async function collect(items: AsyncIterable<ReadItem>): Promise<Collected> {
  const collected: Collected = { tables: [], errors: [] };
  for await (const item of items) {
    if (item.type === 'table') collected.tables.push(item);
    else collected.errors.push({ problem: item.problem, ...(item.identifier !== undefined ? { identifier: item.identifier } : {}) });
  }
  return collected;
}

/** The cube with its cells as a list (null for none) and its statuses as an object: `toEqual` then shows which cell differs. */
/** The one table a source gives, read without a problem. */
export async function readOneTable(source: StatSource, run: TestRun = testRun()): Promise<TableItem> {
  const { tables, errors } = await collect(readSource(source, run.context));
  expect(errors).toEqual([]);
  expect(tables).toHaveLength(1);
  return tables[0];
}

export function comparable(cube: Cube) {
  return {
    ...cube,
    values: Array.from(cube.values, (value) => (Number.isNaN(value) ? null : value)),
    statuses: Object.fromEntries([...cube.statuses].sort((a, b) => a[0] - b[0])),
  };
}

/** Selected codes by dimension, for `subCube`. */
export function selection(entries: Record<string, string[]>): Map<string, string[]> {
  return new Map(Object.entries(entries));
}

/** Every code of a cube's dimension. */
export function codesOf(cube: Cube, dimension: string): string[] {
  return cube.dimensions.find((candidate) => candidate.code === dimension)!.values.map((value) => value.code);
}
