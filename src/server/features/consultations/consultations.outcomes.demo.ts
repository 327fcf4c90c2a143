import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import type { ChangeField, OutcomeKind } from '../../../shared/schemas/consultationOutcomes.ts';
import type { ConsultationText } from '../../../shared/schemas/consultations.ts';
import { findUserById } from '../accounts/accounts.repository.ts';
import { findConsultation } from './consultations.repository.ts';
import { linkChange, setOutcome } from './consultations.outcomes.ts';

/** The closed demo consultation, which the demo puts on the demo framework's version 1. */
export const OUTCOME_DEMO_SLUG = 'demo-commuting-rules';

/**
 * "You said, we did" in the demo: a handful of the closed demo consultation's first published
 * comments answered, the changed ones linked to the nodes of the demo version 2 draft that answer
 * them (by their references there). Every reply is made up and says so.
 */
const DEMO_ANSWERS: { outcome: OutcomeKind; links: { ref: string; field?: ChangeField }[]; reply: ConsultationText }[] = [
  {
    outcome: 'changed',
    links: [{ ref: 'G1', field: 'title' }],
    reply: {
      en: 'Thank you. The goal now speaks of smooth everyday journeys across the gulf (demo reply).',
      fi: 'Kiitos. Tavoite puhuu nyt sujuvista arjen matkoista lahden yli (demovastaus).',
      et: 'Aitäh. Eesmärk räägib nüüd sujuvatest igapäevastest reisidest üle lahe (näidisvastus).',
    },
  },
  {
    outcome: 'changed',
    links: [{ ref: 'O2.4' }],
    reply: {
      en: 'A new objective on jobs advertised on both sides answers this (demo reply).',
      fi: 'Uusi tavoite työpaikkojen ilmoittamisesta molemmin puolin vastaa tähän (demovastaus).',
      et: 'Sellele vastab uus eesmärk töökohtade kuulutamisest mõlemal pool (näidisvastus).',
    },
  },
  {
    outcome: 'changed',
    links: [{ ref: 'T3.1.2', field: 'target' }, { ref: 'O2.3' }],
    reply: {
      en: 'The population target for Harju was raised, and recognised qualifications moved under goal 3 (demo reply).',
      fi: 'Harjumaan väkilukutavoitetta nostettiin, ja pätevyyksien tunnustaminen siirtyi tavoitteen 3 alle (demovastaus).',
      et: 'Harjumaa rahvaarvu sihti tõsteti ja kvalifikatsioonide tunnustamine liikus 3. eesmärgi alla (näidisvastus).',
    },
  },
  {
    outcome: 'already_covered',
    links: [],
    reply: {
      en: 'Objective O2.2 already covers social security that follows families (demo reply).',
      fi: 'Tavoite O2.2 kattaa jo perheitä seuraavan sosiaaliturvan (demovastaus).',
      et: 'Eesmärk O2.2 hõlmab juba peresid järgivat sotsiaalkindlustust (näidisvastus).',
    },
  },
  {
    outcome: 'not_taken',
    links: [],
    reply: {
      en: 'The regions decided not to set a separate target for this (demo reply).',
      fi: 'Alueet päättivät olla asettamatta tälle omaa tavoitetta (demovastaus).',
      et: 'Piirkonnad otsustasid sellele eraldi sihti mitte seada (näidisvastus).',
    },
  },
  {
    outcome: 'out_of_scope',
    links: [],
    reply: {
      en: 'Ticket prices are set by the ferry companies, not by the framework (demo reply).',
      fi: 'Lippujen hinnoista päättävät varustamot, eivät kehys (demovastaus).',
      et: 'Piletihinnad määravad laevafirmad, mitte raamistik (näidisvastus).',
    },
  },
];

/**
 * Puts the closed demo consultation on the demo framework's version 1 and answers a handful of its
 * comments against the version 2 draft (after the consultation and framework demos); a no-op
 * without either or when its comments are answered already.
 */
export async function loadOutcomeDemo(db: QueryBuilder, editorId: string | null): Promise<void> {
  const consultation = await findConsultation(db, OUTCOME_DEMO_SLUG);
  const [v1, v2] = await Promise.all([1, 2].map((number) => db.selectFrom('framework_versions').select(['id', 'is_demo']).where('number', '=', number).executeTakeFirst()));
  const user = editorId ? await findUserById(db, editorId) : undefined;
  if (!consultation?.is_demo || !v1?.is_demo || !v2?.is_demo || !user) return;
  if (await db.selectFrom('consultation_comment_outcomes as o').innerJoin('consultation_comments as c', 'c.id', 'o.comment_id').select('o.comment_id').where('c.consultation_id', '=', consultation.id).executeTakeFirst()) return;
  const editor: AuthUser = { id: user.id, email: user.email, displayName: user.display_name, role: user.role, locale: null, institutionId: null, createdAt: user.created_at };
  await db.updateTable('consultations').set({ subject: 'framework_version', framework_version_id: v1.id }).where('id', '=', consultation.id).execute();
  const row = { ...consultation, subject: 'framework_version' as const, framework_version_id: v1.id };
  const comments = await db
    .selectFrom('consultation_comments')
    .select('id')
    .where('consultation_id', '=', consultation.id)
    .where('state', '=', 'published')
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(DEMO_ANSWERS.length)
    .execute();
  const keys = new Map((await db.selectFrom('framework_nodes').select(['ref', 'node_key']).where('version_id', '=', v2.id).execute()).map((n) => [n.ref, n.node_key]));
  for (const [i, comment] of comments.entries()) {
    const answer = DEMO_ANSWERS[i];
    for (const link of answer.links) await linkChange(db, editor, row, comment.id, { version: 2, nodeKey: keys.get(link.ref)!, ...(link.field ? { field: link.field } : {}) });
    await setOutcome(db, editor, row, comment.id, { outcome: answer.outcome, reply: answer.reply });
  }
}
