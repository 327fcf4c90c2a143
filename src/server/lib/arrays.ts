/** Typed arrays that grow: the in-memory indexes' per-document and per-term columns. */
export type GrowableArray = Int32Array | Uint32Array | Float64Array | Uint8Array | Float32Array;

/** The array, or a copy of it at least `size` long (twice as long, when that is more), its values kept and the rest zero. */
export function growTo<T extends GrowableArray>(array: T, size: number): T {
  if (size <= array.length) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/** Past this many wanted, `firstByKeys` sorts everything: insertion into the kept ones would cost more. */
export const SHORT_LIST = 200;

/**
 * The first `count` of `items` (all of them when there are fewer) by one or two numbers of each,
 * most first, then `tieBreak`. A search wants a page of a list that may hold tens of thousands:
 * most items fall behind the last kept after a read of their number, and the comparator is called
 * only for one that ties it. `items` are places in the key arrays, listed or, as a count, the
 * numbers 0, 1, … below it (no list is made).
 */
export function firstByKeys(
  items: ArrayLike<number> | number,
  count: number,
  first: Float64Array,
  second: Float64Array | null,
  tieBreak: (a: number, b: number) => number,
): number[] {
  const length = typeof items === 'number' ? items : items.length;
  const list = typeof items === 'number' ? null : items;
  const before = (a: number, b: number) => first[b] - first[a] || (second === null ? 0 : second[b] - second[a]) || tieBreak(a, b);
  if (count <= 0 || length === 0) return [];
  if (count > SHORT_LIST || length <= count) return Array.from({ length }, (_, i) => (list === null ? i : list[i])).sort(before).slice(0, count);
  const kept: number[] = [];
  let lastFirst = 0;
  let lastSecond = 0;
  for (let i = 0; i < length; i++) {
    const item = list === null ? i : list[i];
    if (kept.length === count) {
      const value = first[item];
      if (value < lastFirst) continue;
      if (value === lastFirst) {
        const next = second === null ? 0 : second[item];
        if (next < lastSecond || (next === lastSecond && tieBreak(item, kept[count - 1]) >= 0)) continue;
      }
    }
    let at = kept.length === count ? count - 1 : kept.length;
    while (at > 0 && before(item, kept[at - 1]) < 0) {
      kept[at] = kept[at - 1];
      at--;
    }
    kept[at] = item;
    if (kept.length === count) {
      lastFirst = first[kept[count - 1]];
      lastSecond = second === null ? 0 : second[kept[count - 1]];
    }
  }
  return kept;
}
