import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Role } from '../../../shared/roles.ts';
import { findUserByEmail, updateUser } from '../accounts/accounts.repository.ts';
import { findInstitution } from '../institutions/institutions.repository.ts';
import { registerUser } from '../accounts/accounts.service.ts';
import { getSetting, putSetting } from '../site/site.service.ts';
import { loadBottleneckDemo } from '../bottlenecks/bottlenecks.demo.ts';
import { loadDialogueDemo } from '../dialogues/dialogues.demo.ts';
import { loadCatalogDemo } from '../catalog/catalog.demo.ts';

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

/**
 * One demo account per role. The passwords are public on purpose: the demo only loads into an
 * embedded database on the operator's own machine, never into PostgreSQL unless asked for.
 */
export const DEMO_ACCOUNTS: readonly (DemoLogin & { displayName: string; institution?: string })[] = [
  { role: 'admin', email: 'admin@demo.talsinki.eu', password: 'demo-admin-2026', displayName: 'Aino Virtanen (demo)' },
  { role: 'editor', email: 'editor@demo.talsinki.eu', password: 'demo-editor-2026', displayName: 'Kadri Tamm (demo)' },
  { role: 'moderator', email: 'moderator@demo.talsinki.eu', password: 'demo-moderator-2026', displayName: 'Mikko Korhonen (demo)' },
  { role: 'service_owner', email: 'service.owner@demo.talsinki.eu', password: 'demo-service-2026', displayName: 'Liis Saar (demo)', institution: 'sotsiaalkindlustusamet' },
  { role: 'member', email: 'member@demo.talsinki.eu', password: 'demo-member-2026', displayName: 'Jüri Kask (demo)' },
];

export async function isDemoLoaded(db: Kysely<Database>): Promise<boolean> {
  return (await getSetting(db, 'demo')) !== undefined;
}

/** True when nobody has used this database yet: the demo never mixes into real content. */
export async function isEmptyDatabase(db: Kysely<Database>): Promise<boolean> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !anyUser && !(await isDemoLoaded(db));
}

/** Loads the demo region; returns false when it was already there. */
export async function loadDemo(db: Kysely<Database>): Promise<boolean> {
  if (await isDemoLoaded(db)) return false;
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
  await loadCatalogDemo(db, editorId);
  await putSetting(db, 'demo', { loadedAt: new Date().toISOString() });
  return true;
}

export function formatDemoLogins(): string {
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
  return [
    'Demo accounts (demo content only; change or remove them before real use):',
    ...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(14)} ${a.email.padEnd(width)}  password: ${a.password}`),
  ].join('\n');
}
