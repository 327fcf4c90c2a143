import { sql } from 'kysely';
import type { QueryBuilder } from '../../db/tables.ts';
import type { Domain } from '../../../shared/register.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type { BodyMemberRole } from '../../../shared/governance.ts';
import { DOMAINS } from '../../../shared/register.ts';
import * as repo from './governance.repository.ts';

/**
 * The demo governance model (labelled demo): a political steering group of the two regional
 * councils and the two capitals, a secretariat, and a joint working group per register domain
 * whose meetings are the demo dialogues on that domain. The real 2022 memorandum names the
 * Helsinki-Uusimaa Regional Council and the Union of Harju County Municipalities as its parties;
 * the bodies themselves are illustrative.
 */
const DOMAIN_NAMES: Record<Domain, LocalizedTextValue> = {
  mobility: { fi: 'liikkuminen', et: 'liikuvus', en: 'mobility' },
  legal: { fi: 'oikeudelliset asiat', et: 'õigusküsimused', en: 'legal matters' },
  social_security: { fi: 'sosiaaliturva', et: 'sotsiaalkindlustus', en: 'social security' },
  education: { fi: 'koulutus', et: 'haridus', en: 'education' },
  digital_services: { fi: 'digitaaliset palvelut', et: 'digiteenused', en: 'digital services' },
  integration: { fi: 'kotoutuminen', et: 'lõimumine', en: 'integration' },
};

async function institutionIds(db: QueryBuilder, slugs: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('institutions').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((row) => [row.slug, row.id]));
}

function members(ids: Map<string, string>, entries: [string, BodyMemberRole][]) {
  return entries.flatMap(([slug, role]) => (ids.has(slug) ? [{ institutionId: ids.get(slug)!, role, since: '2026-01-01' }] : []));
}

/** Up to three institutions per country whose domains include the working group's. */
async function domainInstitutions(db: QueryBuilder, domain: Domain): Promise<string[]> {
  const rows = await db.selectFrom('institutions').select(['id', 'country']).where(sql<boolean>`domains @> array[${domain}]::text[]`).where('country', 'in', ['FI', 'EE']).orderBy('slug').execute();
  return ['FI', 'EE'].flatMap((country) => rows.filter((row) => row.country === country).slice(0, 3).map((row) => row.id));
}

async function demoDialoguesOn(db: QueryBuilder, domain: Domain): Promise<string[]> {
  const rows = await db.selectFrom('dialogues').select('id').where('is_demo', '=', true).where(sql<boolean>`domains @> array[${domain}]::text[]`).orderBy('starts_at').execute();
  return rows.map((row) => row.id);
}

export async function loadGovernanceDemo(db: QueryBuilder): Promise<void> {
  if (await repo.findBody(db, 'steering-group')) return;
  const ids = await institutionIds(db, ['uudenmaan-liitto', 'harjumaa-omavalitsuste-liit', 'helsinki', 'tallinn']);
  const steeringId = await repo.insertBody(db, {
    slug: 'steering-group',
    name: { fi: 'Helsinki–Tallinna-ohjausryhmä', et: 'Helsingi–Tallinna juhtrühm', en: 'Helsinki–Tallinn steering group' },
    level: 'political',
    kind: 'steering',
    cadence: 'twice_yearly',
    position: 0,
    mandate: {
      fi: 'Hyväksyy yhteisen toimintasuunnitelman ja sen vuosittaiset painopisteet, seuraa edistymistä ja ratkaisee työryhmien esiin nostamat asiat.',
      et: 'Kinnitab ühise tegevuskava ja selle iga-aastased prioriteedid, jälgib edenemist ja lahendab töörühmade tõstatatud küsimused.',
      en: 'Approves the joint action plan and its yearly priorities, follows progress and settles what the working groups raise.',
    },
  }, true);
  await repo.replaceMembers(db, steeringId, members(ids, [['uudenmaan-liitto', 'chair'], ['harjumaa-omavalitsuste-liit', 'member'], ['helsinki', 'member'], ['tallinn', 'member']]));

  const secretariatId = await repo.insertBody(db, {
    slug: 'secretariat',
    name: { fi: 'Yhteinen sihteeristö', et: 'Ühine sekretariaat', en: 'Joint secretariat' },
    level: 'administrative',
    kind: 'secretariat',
    parentId: steeringId,
    cadence: 'monthly',
    position: 1,
    mandate: {
      fi: 'Valmistelee ohjausryhmän kokoukset, pitää toimintasuunnitelman ja tiekartan ajan tasalla ja kokoaa edistymisraportit.',
      et: 'Valmistab ette juhtrühma koosolekud, hoiab tegevuskava ja teekaardi ajakohasena ning koostab eduaruanded.',
      en: 'Prepares the steering group’s meetings, keeps the action plan and roadmap current and compiles the progress reports.',
    },
  }, true);
  await repo.replaceMembers(db, secretariatId, members(ids, [['uudenmaan-liitto', 'secretariat'], ['harjumaa-omavalitsuste-liit', 'secretariat']]));

  for (const [index, domain] of DOMAINS.entries()) {
    const topic = DOMAIN_NAMES[domain];
    const bodyId = await repo.insertBody(db, {
      slug: `working-group-${domain.replaceAll('_', '-')}`,
      name: { fi: `Yhteinen työryhmä: ${topic.fi}`, et: `Ühine töörühm: ${topic.et}`, en: `Joint working group: ${topic.en}` },
      level: 'administrative',
      kind: 'working_group',
      domain,
      parentId: steeringId,
      cadence: 'quarterly',
      position: 2 + index,
      mandate: {
        fi: `Käsittelee aiheen ${topic.fi} rajaesteet, valmistelee suositukset ja seuraa niihin vastaavia toimenpiteitä.`,
        et: `Käsitleb valdkonna „${topic.et}“ takistusi, valmistab ette soovitused ja jälgib neile vastavaid tegevusi.`,
        en: `Takes up the bottlenecks in ${topic.en}, prepares the recommendations and follows the actions that answer them.`,
      },
    }, true);
    const institutions = await domainInstitutions(db, domain);
    await repo.replaceMembers(db, bodyId, institutions.map((institutionId, position) => ({ institutionId, role: position === 0 ? 'chair' as const : 'member' as const, since: '2026-01-01' })));
    await repo.replaceMeetings(db, bodyId, await demoDialoguesOn(db, domain));
  }
}
