import { loadIndicatorDemo } from '../indicators/indicators.demo.ts';
import type { Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import type { Role } from '../../../shared/roles.ts';
import { findUserByEmail, updateUser } from '../accounts/accounts.repository.ts';
import { findInstitution } from '../institutions/institutions.repository.ts';
import { registerUser, verifyPassword } from '../accounts/accounts.service.ts';
import { getSetting, putSetting } from '../site/site.service.ts';
import { loadBottleneckDemo } from '../bottlenecks/bottlenecks.demo.ts';
import { loadDialogueDemo } from '../dialogues/dialogues.demo.ts';
import { loadRecommendationDemo } from '../recommendations/recommendations.demo.ts';
import { loadGovernanceDemo } from '../governance/governance.demo.ts';
import { loadActionsDemo } from '../actions/actions.demo.ts';
import { loadCatalogDemo } from '../catalog/catalog.demo.ts';
import { loadRegionDemo } from '../regions/regions.demo.ts';
import { loadFrameworkDemo } from '../framework/framework.demo.ts';
import { loadConsultationDemo } from '../consultations/consultations.demo.ts';
import { loadOutcomeDemo } from '../consultations/consultations.outcomes.demo.ts';
import { loadPilotDemo } from '../pilots/pilots.demo.ts';
import { syncPilotDatasets } from '../pilots/pilots.catalog.ts';
import { loadSensorDemo, type SensorDemoOptions } from '../sta/sta.demo.ts';

/** The sensor demo of the tests that load the demo: two days, enough to show every stream and keep them quick (`npm start` writes a year). */
const SMALL_SENSOR_DEMO: SensorDemoOptions = { days: 2 };

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

/**
 * One demo account per role. The passwords are public on purpose: by default the demo loads only
 * into an embedded database on the operator's own machine (listening on loopback), never into
 * PostgreSQL or a server others can reach unless TALSINKI_DEMO=1 asks for it, and never into a
 * database with accounts of its own.
 */
export const DEMO_ACCOUNTS: readonly (DemoLogin & { displayName: string; institution?: string })[] = [
  { role: 'admin', email: 'admin@demo.talsinki.eu', password: 'demo-admin-2026', displayName: 'Aino Virtanen (demo)' },
  { role: 'editor', email: 'editor@demo.talsinki.eu', password: 'demo-editor-2026', displayName: 'Kadri Tamm (demo)' },
  { role: 'moderator', email: 'moderator@demo.talsinki.eu', password: 'demo-moderator-2026', displayName: 'Mikko Korhonen (demo)' },
  { role: 'service_owner', email: 'service.owner@demo.talsinki.eu', password: 'demo-service-2026', displayName: 'Liis Saar (demo)', institution: 'sotsiaalkindlustusamet' },
  { role: 'member', email: 'member@demo.talsinki.eu', password: 'demo-member-2026', displayName: 'Jüri Kask (demo)' },
];

export async function isDemoLoaded(db: QueryBuilder): Promise<boolean> {
  return (await getSetting(db, 'demo')) !== undefined;
}

/** True when nobody has used this database yet: the demo never mixes into real content. */
export async function isEmptyDatabase(db: QueryBuilder): Promise<boolean> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !anyUser && !(await isDemoLoaded(db));
}

const DEMO_EMAILS = DEMO_ACCOUNTS.map((account) => account.email);

/** Accounts that are not the demo's own: people who use this database for real. */
export async function countRealAccounts(db: QueryBuilder): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('is_demo', '=', false), eb('email', 'not in', DEMO_EMAILS)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The demo accounts anyone who read the README can sign in to: enabled, the published password unchanged. */
export async function liveDemoAccounts(db: QueryBuilder): Promise<string[]> {
  const rows = await db.selectFrom('users').select(['email', 'password_hash', 'disabled_at']).where('email', 'in', DEMO_EMAILS).execute();
  const live = await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => {
      const row = rows.find((r) => r.email === account.email);
      return row && !row.disabled_at && (await verifyPassword(row.password_hash, account.password)) ? account.email : null;
    }),
  );
  return live.filter((email): email is string => email !== null);
}

/** Why the demo was not loaded into a database with accounts of its own. */
export class DemoRefused extends Error {
  override name = 'DemoRefused';
}

/**
 * Loads the demo region; returns false when it was already there. Refuses a database with real
 * accounts: the demo administrator's password is published, so it must never join real ones.
 */
export async function loadDemo(db: QueryBuilder, options: { publicUrl?: string; sensors?: SensorDemoOptions } = {}): Promise<boolean> {
  if (await isDemoLoaded(db)) return false;
  const real = await countRealAccounts(db);
  if (real > 0) {
    throw new DemoRefused(
      `this database has ${real} account${real === 1 ? '' : 's'} of its own; the demo, whose administrator's password is published, loads only into a new database.`,
    );
  }
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByEmail(db, account.email)) continue;
    const user = await registerUser(db, { email: account.email, password: account.password, displayName: account.displayName, locale: undefined }, account.role, true);
    if (account.institution) {
      const institution = await findInstitution(db, account.institution);
      if (institution) await updateUser(db, user.id, { institution_id: institution.id });
    }
  }
  await loadBottleneckDemo(db);
  const editorId = (await findUserByEmail(db, 'editor@demo.talsinki.eu'))?.id ?? null;
  await loadDialogueDemo(db, editorId);
  await loadRecommendationDemo(db, editorId);
  await loadGovernanceDemo(db);
  await loadActionsDemo(db, editorId);
  await loadCatalogDemo(db, editorId);
  await loadRegionDemo(db, editorId);
  await loadConsultationDemo(db, editorId);
  await loadIndicatorDemo(db, options.publicUrl);
  await loadFrameworkDemo(db, editorId);
  await loadOutcomeDemo(db, editorId);
  await loadPilotDemo(db, editorId, options.publicUrl ?? 'http://localhost:8080');
  // The Baltic demo's stations join the pilots; their datasets follow them into the catalogue.
  const sensors = options.sensors ?? SMALL_SENSOR_DEMO;
  if (sensors.days > 0 && (await loadSensorDemo(db, sensors)) !== null) await syncPilotDatasets(db, options.publicUrl ?? 'http://localhost:8080');
  await putSetting(db, 'demo', { loadedAt: new Date().toISOString() });
  return true;
}

/** The log-ins of the demo accounts named (all of them by default), one a line. */
export function formatDemoLogins(emails: readonly string[] = DEMO_EMAILS): string {
  const accounts = DEMO_ACCOUNTS.filter((a) => emails.includes(a.email));
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    'Demo accounts (demo content only; change or remove them before real use):',
    ...accounts.map((a) => `  ${a.role.padEnd(14)} ${a.email.padEnd(width)}  password: ${a.password}`),
  ].join('\n');
}
