/**
 * Answers that are the same for every visitor, kept until the catalogue changes (`catalog_version`
 * moves with every write, on any instance): the count and facets of a filter without words, and
 * whole search answers and pages, as a search engine keeps its query results. Bounded by size, oldest first.
 */
export class CatalogCache<T> {
  private version = -1;
  private bytes = 0;
  private readonly entries = new Map<string, { value: T; size: number }>();
  constructor(private readonly maxBytes: number) {}

  get(version: number, key: string): T | undefined {
    if (version !== this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = version;
    }
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  set(version: number, key: string, value: T, size: number) {
    if (version !== this.version) return;
    // Two requests may fill the same key at once: the second replaces the first.
    const before = this.entries.get(key);
    if (before) this.bytes -= before.size;
    this.entries.delete(key);
    this.entries.set(key, { value, size });
    this.bytes += size;
    while (this.bytes > this.maxBytes && this.entries.size > 1) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= entry.size;
    }
  }
}
