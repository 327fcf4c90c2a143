import { sql, type Kysely } from 'kysely';
import type { QueryBuilder, Tables } from '../../db/tables.ts';
import { PUBLIC_STATUSES, type Domain } from '../../../shared/register.ts';
import type { StakeholderMap } from '../../../shared/schemas/stakeholders.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { internalAccess } from '../dialogues/dialogues.service.ts';
import { dialogueVisibleTo } from '../dialogues/dialogues.repository.ts';
import { toInstitutionRef } from '../institutions/institutions.service.ts';


/**
 * Institutions × domains (who owns what), who took part in which dialogues, and which
 * recommendations each institution received and answered. Institutions with no part in any of
 * it are left out; internal dialogues only show to those who may see them.
 */
export async function stakeholderMap(db: QueryBuilder, user: AuthUser | null): Promise<StakeholderMap> {
  const access = internalAccess(user);
  const [institutions, assigned, dialogues, received] = await Promise.all([
    db.selectFrom('institutions').selectAll().orderBy('country').orderBy('slug').execute(),
    db
      .selectFrom('bottleneck_assignments as a')
      .innerJoin('bottlenecks as b', 'b.id', 'a.bottleneck_id')
      .select(['a.institution_id', 'b.domain', sql<number>`count(*)::int`.as('count')])
      .where('b.status', 'in', [...PUBLIC_STATUSES])
      .groupBy(['a.institution_id', 'b.domain'])
      .execute(),
    sql<{ institution_id: string; role: 'organised' | 'tookPart'; id: string; ref: string; title: Record<string, string>; type: string; starts_at: Date; state: string }>`
      select x.institution_id, x.role, d.id, d.ref, d.title, d.type, d.starts_at, d.state
      from (
        select organiser_id as institution_id, 'organised' as role, id as dialogue_id from dialogues
        union
        select p.institution_id, 'tookPart', p.dialogue_id from dialogue_participants p where p.institution_id is not null
      ) x
      join dialogues d on d.id = x.dialogue_id
      where ${dialogueVisibleTo(access)}
      order by d.starts_at desc`.execute(db),
    db
      .selectFrom('recommendation_addressees as a')
      .innerJoin('recommendations as r', 'r.id', 'a.recommendation_id')
      .select(['a.institution_id', 'r.id', 'r.ref', 'r.title', 'r.state'])
      .select(sql<boolean>`exists (select 1 from recommendation_responses x where x.recommendation_id = r.id and x.institution_id = a.institution_id)`.as('answered'))
      .orderBy('r.ref')
      .execute(),
  ]);
  const items = institutions.map((row) => {
    const own = <T extends { institution_id: string }>(list: T[]) => list.filter((entry) => entry.institution_id === row.id);
    const linked = (role: 'organised' | 'tookPart') =>
      own(dialogues.rows)
        .filter((d) => d.role === role)
        .map((d) => ({ id: d.id, ref: d.ref, title: d.title, type: d.type as never, startsAt: d.starts_at.toISOString(), state: d.state as never }));
    return {
      institution: toInstitutionRef(row),
      type: row.type,
      domains: row.domains as Domain[],
      assigned: own(assigned).map((a) => ({ domain: a.domain, count: a.count })),
      organised: linked('organised'),
      tookPart: linked('tookPart'),
      received: own(received).map((r) => ({ id: r.id, ref: r.ref, title: r.title, state: r.state, answered: Boolean(r.answered) })),
    };
  });
  return { items: items.filter((i) => i.domains.length || i.assigned.length || i.organised.length || i.tookPart.length || i.received.length) };
}
