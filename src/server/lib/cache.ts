import { LRUCache } from 'lru-cache';
import { databaseIdentity } from '../db/connection.ts';
import type { QueryBuilder } from '../db/tables.ts';

/**
 * What the server keeps in memory of what it read or wrote, in one place: one least-recently-used
 * cache (lru-cache) for the whole process, bounded by bytes, not by entries. Every key names the
 * database it was read from (`databaseIdentity`) and the version of the data it was computed from
 * (the catalogue's `catalog_version`, the link graph's version, a digest of the content), so two
 * databases in one process are never served each other's answers, and an answer is never served
 * once its data has moved on: it is simply never asked for again, and the least recently used go
 * first when the bytes run out.
 */

/** Bytes that all kept answers of the process may take together. */
export const CACHE_BYTES = 64 * 1024 * 1024;

/** What a kept value was computed from: a version counter, a digest, a date. */
export type Version = number | string;

/** What one entry costs beyond its value and key: the entry, its wrapper and the key's slot. */
const ENTRY_OVERHEAD = 64;

interface Kept {
  value: unknown;
  size: number;
}

type Load = () => Promise<Kept>;

/** A value's size in bytes as kept: text as UTF-8, bytes as they are, anything else as its JSON text. */
export function byteSize(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * The size of a list of texts (a page of items already written as JSON): summed, where `byteSize`
 * would write the whole list as JSON again, escaping every item, on each answer kept.
 */
export function textsByteSize(texts: readonly string[]): number {
  let bytes = 0;
  for (const text of texts) bytes += Buffer.byteLength(text) + 8;
  return bytes;
}

export class Cache {
  private readonly lru: LRUCache<string, Kept, Load>;
  private readonly names = new Set<string>();

  /**
   * `maxBytes` for all entries together; one entry may take at most a quarter of it, so no single
   * answer pushes out most of the others (a larger one is computed and returned, never kept).
   */
  constructor(readonly maxBytes = CACHE_BYTES) {
    this.lru = new LRUCache<string, Kept, Load>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
      sizeCalculation: (kept) => kept.size,
      fetchMethod: (_key, _stale, { context }) => context(),
      // A load that outlives its entry (evicted meanwhile) still answers its callers.
      ignoreFetchAbort: true,
    });
  }

  /** Bytes kept now. */
  get bytes(): number {
    return this.lru.calculatedSize;
  }

  /**
   * One kind of value, under its own name (one per kind: a second section of the same name is
   * refused), with how to size one (`byteSize` unless said).
   */
  section<T extends NonNullable<unknown> | null>(name: string, size: (value: T) => number = byteSize): CacheSection<T> {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`cache section name "${name}": letters, digits, _ . - only`);
    if (this.names.has(name)) throw new Error(`cache section "${name}" exists already`);
    this.names.add(name);
    const lru = this.lru;
    const keyOf = (db: QueryBuilder, version: Version, key: string) => {
      const v = String(version);
      // The version's length makes the key unambiguous whatever the version and key hold.
      return `${databaseIdentity(db)}:${name}:${v.length}:${v}:${key}`;
    };
    const kept = (full: string, value: T): Kept => ({ value, size: Math.ceil(size(value)) + full.length * 2 + ENTRY_OVERHEAD });
    return {
      get(db, version, key) {
        return lru.get(keyOf(db, version, key))?.value as T | undefined;
      },
      set(db, version, key, value) {
        const full = keyOf(db, version, key);
        lru.set(full, kept(full, value));
      },
      async fetch(db, version, key, load) {
        const full = keyOf(db, version, key);
        const found = await lru.fetch(full, { context: async () => kept(full, await load()) });
        return found!.value as T;
      },
    };
  }
}

/** Values of one kind, each kept under its database, the version of its data, and its key. */
export interface CacheSection<T> {
  get(db: QueryBuilder, version: Version, key: string): T | undefined;
  /** Keeps the value, unless it is larger than a quarter of the cache. */
  set(db: QueryBuilder, version: Version, key: string, value: T): void;
  /** The kept value, or what `load` gives (then kept); callers asking at once share one load. */
  fetch(db: QueryBuilder, version: Version, key: string, load: () => Promise<T>): Promise<T>;
}

/** The process's cache: every feature keeps its answers here. */
export const cache = new Cache();
