/** Typed arrays that grow: the in-memory indexes' per-document and per-term columns. */
export type GrowableArray = Int32Array | Uint32Array | Float64Array | Uint8Array | Float32Array;

/** The array, or a copy of it at least `size` long (twice as long, when that is more), its values kept and the rest zero. */
export function growTo<T extends GrowableArray>(array: T, size: number): T {
  if (size <= array.length) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}
