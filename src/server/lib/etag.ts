/**
 * Whether a request's `If-None-Match` names this entity tag, compared weakly as RFC 9110
 * (section 13.1.2) asks for that header, or is `*`.
 */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  const wanted = opaque(etag);
  return (Array.isArray(header) ? header.join(',') : header).split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || opaque(tag) === wanted;
  });
}
