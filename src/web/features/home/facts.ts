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
