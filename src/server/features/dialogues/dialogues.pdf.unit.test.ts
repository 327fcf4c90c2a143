import { describe, expect, it } from 'vitest';
import { MinutesPdfCache } from './dialogues.pdf.ts';

describe('kept minutes PDFs', () => {
  it('renders each version once, shares a rendering under way, and lets the least recently used go past its size', async () => {
    const cache = new MinutesPdfCache(25);
    const rendered: string[] = [];
    const render = (key: string, size = 10) => async () => {
      rendered.push(key);
      return Buffer.alloc(size, key);
    };
    const [a1, a2] = await Promise.all([cache.get('a', render('a')), cache.get('a', render('a'))]);
    expect(a2).toBe(a1);
    expect(await cache.get('a', render('a'))).toBe(a1);
    expect(rendered).toEqual(['a']);

    await cache.get('b', render('b'));
    await cache.get('a', render('a')); // a is now the most recently used
    await cache.get('c', render('c')); // 30 bytes: b goes
    await cache.get('a', render('a'));
    await cache.get('b', render('b'));
    expect(rendered).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps nothing of a rendering that failed', async () => {
    const cache = new MinutesPdfCache(100);
    await expect(cache.get('x', async () => { throw new Error('font missing'); })).rejects.toThrow('font missing');
    expect(await cache.get('x', async () => Buffer.from('%PDF'))).toEqual(Buffer.from('%PDF'));
  });
});
