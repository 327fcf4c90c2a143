import { citesOf } from './citations.ts';

/** Numbered citations, each a link into the page's source list; `href` and `label` say where and how it is read aloud. */
export function Cites({ numbers, keys, href, label }: { numbers: ReadonlyMap<string, number>; keys: readonly string[] | undefined; href: (n: number) => string; label: (n: number) => string }) {
  const cites = citesOf(numbers, keys);
  if (cites.length === 0) return null;
  return (
    <span className="cites">
      {cites.map((n) => (
        <a key={n} href={href(n)} aria-label={label(n)}>
          [{n}]
        </a>
      ))}
    </span>
  );
}
