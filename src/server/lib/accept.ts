/**
 * Which of the media types a route offers the client prefers, by its `Accept` header as RFC 9110
 * §12.5.1 reads it: each offered type takes the quality of the most specific range that covers it
 * (`text/html` before `text/*` before `*\/*`); the highest quality above 0 wins, and among equals the
 * route's own order. No header (or an empty one) takes the route's first type; a header that
 * accepts none of them gives null (406). Read by splitting, in one pass over the header.
 */
export function preferredMediaType(header: string | undefined, offered: readonly string[]): string | null {
  if (!header?.trim()) return offered[0] ?? null;
  const ranges = header.split(',').flatMap((part) => {
    const [range = '', ...params] = part.split(';');
    const [type = '', subtype = ''] = range.trim().toLowerCase().split('/');
    if (!type || !subtype) return [];
    let q = 1;
    for (const param of params) {
      const [name = '', value = ''] = param.split('=');
      if (name.trim().toLowerCase() === 'q') q = Number(value.trim());
    }
    return [{ type, subtype, q: Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : 0 }];
  });
  let best: string | null = null;
  let bestQ = 0;
  for (const candidate of offered) {
    const [type, subtype] = candidate.toLowerCase().split('/');
    let specificity = -1;
    let q = 0;
    for (const range of ranges) {
      const rank = range.type === type && range.subtype === subtype ? 2 : range.type === type && range.subtype === '*' ? 1 : range.type === '*' && range.subtype === '*' ? 0 : -1;
      if (rank > specificity) {
        specificity = rank;
        q = range.q;
      }
    }
    if (q > bestQ) {
      best = candidate;
      bestQ = q;
    }
  }
  return best;
}
