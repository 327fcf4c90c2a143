import { describe, expect, it } from 'vitest';
import { databaseIdentity } from '../db/connection.ts';
import type { QueryBuilder } from '../db/tables.ts';
import { byteSize, Cache, textsByteSize } from './cache.ts';

/** Stand-ins for two databases' query builders: the cache only tells them apart. */
const database = () => ({}) as QueryBuilder;

describe('the process cache', () => {
  it('keeps each database its own answers, even under the same version and key', () => {
    const kept = new Cache(1024 * 1024).section<string>('answers');
    const [one, two] = [database(), database()];
    kept.set(one, 7, 'q', 'one');
    expect(kept.get(two, 7, 'q')).toBeUndefined();
    kept.set(two, 7, 'q', 'two');
    expect(kept.get(one, 7, 'q')).toBe('one');
    expect(kept.get(two, 7, 'q')).toBe('two');
    expect(databaseIdentity(one)).toBe(databaseIdentity(one));
    expect(databaseIdentity(one)).not.toBe(databaseIdentity(two));
  });

  it('serves nothing of another version, nor of another section, and reads keys unambiguously', () => {
    const cache = new Cache(1024 * 1024);
    const [a, b] = [cache.section<string>('a'), cache.section<string>('b')];
    const db = database();
    a.set(db, 1, 'k', 'v1');
    expect(a.get(db, 2, 'k')).toBeUndefined();
    expect(a.get(db, '1', 'k')).toBe('v1');
    expect(b.get(db, 1, 'k')).toBeUndefined();
    // A version and key that would run together if only joined with a separator.
    a.set(db, 'x:1', 'k', 'joined');
    expect(a.get(db, 'x', '1:k')).toBeUndefined();
    expect(() => cache.section('a')).toThrow(/exists already/);
  });

  it('holds to its byte budget: the least recently used go first, and an entry too large is not kept', () => {
    const cache = new Cache(10_000);
    const kept = cache.section<string>('sized', (value) => Number(value.split(':')[1]));
    const db = database();
    for (const key of ['a', 'b', 'c', 'd']) kept.set(db, 1, key, `${key}:2000`);
    expect(cache.bytes).toBeGreaterThan(8000);
    expect(kept.get(db, 1, 'a')).toBe('a:2000'); // a is now the most recently used
    kept.set(db, 1, 'e', 'e:2000');
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(kept.get(db, 1, 'b')).toBeUndefined();
    expect(['a', 'c', 'd', 'e'].map((key) => kept.get(db, 1, key))).toEqual(['a:2000', 'c:2000', 'd:2000', 'e:2000']);

    const before = cache.bytes;
    kept.set(db, 1, 'huge', 'huge:20000'); // larger than the whole budget
    kept.set(db, 1, 'large', 'large:3000'); // larger than a quarter of it
    expect(kept.get(db, 1, 'huge')).toBeUndefined();
    expect(kept.get(db, 1, 'large')).toBeUndefined();
    expect(cache.bytes).toBe(before);
    expect(kept.get(db, 1, 'c')).toBe('c:2000');
  });

  it('sizes text as UTF-8, bytes as they are, and anything else by its JSON text', () => {
    expect(byteSize('ä€')).toBe(5);
    expect(byteSize(Buffer.alloc(12))).toBe(12);
    expect(byteSize({ a: [1, 2] })).toBe('{"a":[1,2]}'.length);
    expect(byteSize(null)).toBe(0);
    // A page of items written as JSON: each counted once as UTF-8 (and a slot), never escaped again.
    expect(textsByteSize(['{"t":"ä"}', '{}'])).toBe(10 + 8 + 2 + 8);
  });

  it('loads once for callers asking at once, and keeps nothing of a load that failed', async () => {
    const kept = new Cache(1024 * 1024).section<Buffer>('loaded');
    const db = database();
    const loads: string[] = [];
    const load = (key: string) => async () => {
      loads.push(key);
      return Buffer.from(key);
    };
    const [first, second] = await Promise.all([kept.fetch(db, 1, 'a', load('a')), kept.fetch(db, 1, 'a', load('a'))]);
    expect(second).toBe(first);
    expect(await kept.fetch(db, 1, 'a', load('a'))).toBe(first);
    expect(await kept.fetch(database(), 1, 'a', load('a'))).not.toBe(first);
    expect(loads).toEqual(['a', 'a']);

    await expect(kept.fetch(db, 1, 'x', async () => { throw new Error('font missing'); })).rejects.toThrow('font missing');
    expect(await kept.fetch(db, 1, 'x', async () => Buffer.from('%PDF'))).toEqual(Buffer.from('%PDF'));
  });
});
