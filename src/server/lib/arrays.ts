/** Typed arrays that grow: the in-memory indexes' per-document and per-term columns. */
export type GrowableArray = Int32Array | Uint32Array | Float64Array | Uint8Array | Float32Array;

/** The array, or a copy of it at least `size` long (twice as long, when that is more), its values kept and the rest zero. */
export function growTo<T extends GrowableArray>(array: T, size: number): T {
  if (size <= array.length) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/** Past this many wanted, `firstInOrder` sorts everything: insertion into the kept ones would cost more. */
export const SHORT_LIST = 200;

/**
 * The first `count` of `items` in `before` order (all of them when there are fewer). A search
 * wants a page of a list that may hold tens of thousands: most items fall behind the last kept
 * and cost one comparison, where a sort of them all cost most of a broad search's time.
 */
export function firstInOrder<T>(items: ArrayLike<T>, count: number, before: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (count > SHORT_LIST || items.length <= count) return Array.from(items).sort(before).slice(0, count);
  const kept: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (kept.length === count && before(item, kept[count - 1]) >= 0) continue;
    let at = kept.length === count ? count - 1 : kept.length;
    while (at > 0 && before(item, kept[at - 1]) < 0) {
      kept[at] = kept[at - 1];
      at--;
    }
    kept[at] = item;
  }
  return kept;
}
