// Issue 15's bad-input figure: hostile search words on every searched list at once, each request
// new (so nothing is answered from a cache), over the register's and the catalogue's seeds.
import { seedCatalog } from './catalog.mjs';
import { seedDialogues } from './dialogues.mjs';

/** Pieces a hostile query is made of: operators, quotes and dashes in numbers, scripts without spaces, emoji, replacement characters, long words. */
const PIECES = [
  '"', '""', '"""', '-', '--', '---', ' - ', 'or', 'OR', 'AND', 'NOT', '+', '(', ')', ':', 'title:', 'notes:', '*', '*:*', '\\', '&', '|', '!', '<->',
  '赫尔辛基人口统计', '東京都の人口', 'Таллин', 'Πληθυσμός', 'väestöennuste', 'rahvastikuprognoos', '🚢⛴️', '\uFFFD', 'x'.repeat(70), 'a-b-c-d-e-f-g',
  'verokotrti', 'kortti', 'praam', 'lautta', 'õhukvaliteet',
];

let counter = 0;

/** A new hostile query of up to `max` characters, drawn from the pieces with a never-seen word. */
export function hostileQuery(n, max) {
  let q = `zq${n}x`;
  // A small linear congruential generator: the same queries on every run, no two alike.
  let state = (n * 2654435761) >>> 0;
  for (let i = 0; q.length < max; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const piece = PIECES[state % PIECES.length];
    const next = `${q}${i % 3 === 0 ? '' : ' '}${piece}`;
    if (next.length > max) break;
    q = next;
  }
  return q;
}

function hostilePath(n) {
  const lists = [
    () => `/api/datasets?q=${encodeURIComponent(hostileQuery(n, 200))}`,
    () => `/api/bottlenecks?q=${encodeURIComponent(hostileQuery(n, 200))}&sort=relevance`,
    () => `/api/institutions?q=${encodeURIComponent(hostileQuery(n, 100 + (n % 100)))}`,
    () => `/api/dialogues?q=${encodeURIComponent(hostileQuery(n, 200))}`,
    () => `/api/3/action/package_search?q=${encodeURIComponent(hostileQuery(n, 1000))}&rows=10`,
  ];
  return lists[n % lists.length]();
}

export const scenarios = [
  {
    name: 'search-hostile',
    describe: 'hostile words, each request new, rotating over the catalogue, the register, institutions, dialogues and CKAN: operators, quotes and dashes in numbers, CJK, Cyrillic, Greek, emoji, replacement characters and 70-letter words, up to each list\'s cap (200 characters; CKAN 1,000); every answer must be 200',
    path: '/api/datasets?q=x',
    target: 'p95 < 50 ms, no error',
    prepare: async ({ dbUrl, serverUrl }) => {
      await seedCatalog(dbUrl);
      await seedDialogues(dbUrl);
      // Each list's index read before the clock starts (its load is measured on its own, not here).
      for (const path of ['/api/datasets?q=warm', '/api/bottlenecks?q=warm', '/api/institutions?q=warm', '/api/dialogues?q=warm', '/api/recommendations?q=warm']) {
        const response = await fetch(`${serverUrl}${path}`);
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
      }
      return { setupRequest: (request) => ({ ...request, path: hostilePath(counter++) }) };
    },
  },
];
