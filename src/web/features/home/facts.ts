/** Key facts on the home page; each one keeps its public source (../shared/REFERENCE.md). */
export interface KeyFact {
  id: string;
  /** Shown large; numbers are formatted per language. */
  value: { number: number; unit?: 'million' | 'millionEur' } | { date: string } | { textKey: string };
  source: { name: string; url: string };
}

export const KEY_FACTS: KeyFact[] = [
  { id: 'passengers', value: { number: 8.0, unit: 'million' }, source: { name: 'ERR News, 2024', url: 'https://news.err.ee/1609570924' } },
  { id: 'mou', value: { date: '2022-12-30' }, source: { name: 'Uudenmaan liitto', url: 'https://www.uudenmaanliitto.fi/' } },
  { id: 'finestTwins', value: { number: 32, unit: 'millionEur' }, source: { name: 'CORDIS 856602', url: 'https://cordis.europa.eu/project/id/856602' } },
  { id: 'timeZone', value: { textKey: 'home:facts.timeZone.value' }, source: { name: 'IANA Time Zone Database', url: 'https://www.iana.org/time-zones' } },
];

/**
 * Key facts that a live indicator replaces once it is on the home page's dashboard (headline):
 * the fact's id → the indicator's slug. The one place the two are tied.
 */
export const LIVE_FACTS: Readonly<Record<string, string>> = { passengers: 'port-of-tallinn-passengers' };

/** A headline indicator as the facts need it. */
interface Headline {
  id: string;
  headline: number | null;
}

/**
 * The facts to show, in their order, each static one replaced by its live indicator when that is
 * a headline indicator; and the headline indicators no fact names, after them.
 */
export function factsWithLive<H extends Headline>(facts: readonly KeyFact[], headline: readonly H[]): { shown: ({ fact: KeyFact; live: null } | { fact: KeyFact; live: H })[]; others: H[] } {
  const live = new Map(headline.filter((item) => item.headline !== null).map((item) => [item.id, item]));
  const shown = facts.map((fact) => {
    const item = LIVE_FACTS[fact.id] ? live.get(LIVE_FACTS[fact.id]) : undefined;
    return item ? { fact, live: item } : { fact, live: null };
  });
  const used = new Set(shown.flatMap((one) => (one.live ? [one.live.id] : [])));
  return { shown, others: headline.filter((item) => item.headline !== null && !used.has(item.id)) };
}
