import { defineConfig } from 'vitest/config';

const serverTests = ['src/server/**/*.test.ts'];
/** Server code that needs no database (parsers, writers, harvest adapters) runs once, with the unit tests. */
const serverUnitTests = ['src/server/**/*.unit.test.ts'];
/** What only PostgreSQL can show (a second server, a second connection beside a request): not run on PGlite. */
const postgresOnlyTests = ['src/server/**/*.pg.test.ts'];
/** Tests that build their own PGlite database whatever the project's (the search judged set): run once, not on PostgreSQL again. */
const pgliteOnlyTests = ['src/server/search-quality.test.ts'];

/**
 * The API tests run twice, once per database the product supports; the browser tests drive
 * Debian's Chromium against a real server.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/*.test.ts', 'src/shared/**/*.test.ts', 'src/web/**/*.test.ts', 'scripts/**/*.test.ts', ...serverUnitTests],
          environment: 'node',
          // No unit test mocks modules or changes globals (they pass in a shuffled order too), so a
          // worker imports the modules once for all its files: 80 s → 50 s for the project.
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'api-pglite',
          include: serverTests,
          exclude: [...serverUnitTests, ...postgresOnlyTests],
          env: { TALSINKI_TEST_DB: 'pglite' },
          // A worker imports the server's modules once for all its files, not once per file (~4 s
          // each): every test file builds its own app and database, and caches are per database.
          isolate: false,
          globalSetup: ['src/server/test/pglite-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api-postgres',
          include: serverTests,
          exclude: [...serverUnitTests, ...pgliteOnlyTests],
          env: { TALSINKI_TEST_DB: 'postgres' },
          isolate: false,
          globalSetup: ['src/server/test/pg-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // A page updates when its answer comes: a loaded machine may take seconds, not Vitest's default one.
          expect: { poll: { timeout: 15_000 } },
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two files at once: most of a browser test is waiting for a page, which the other file's work fills.
        },
      },
    ],
  },
});
