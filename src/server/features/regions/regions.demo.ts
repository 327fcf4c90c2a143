import type { QueryBuilder } from '../../db/tables.ts';
import type { LegalForm } from '../../../shared/schemas/regions.ts';

/**
 * Demo criteria and scores for the benchmark regions: labelled demo, never a finding. The
 * regions' facts are real and seeded at start (regions.seed.ts); these only show what the score
 * table and chart do. Each score is worked out from one seeded fact (the legal form, the member
 * levels), and its rationale says so and says it is a demo assessment.
 */
export const DEMO_CRITERIA = [
  { key: 'legal_certainty', name: { fi: 'Oikeusvarmuus', et: 'Õiguskindlus', en: 'Legal certainty' }, description: { fi: 'Onko yhteistyöllä oma oikeushenkilö ja sitova perusta?', et: 'Kas koostööl on oma juriidiline isik ja siduv alus?', en: 'Does the cooperation have a legal body of its own and a binding basis?' } },
  { key: 'political_anchoring', name: { fi: 'Poliittinen ankkurointi', et: 'Poliitiline ankurdatus', en: 'Political anchoring' }, description: { fi: 'Millä hallinnon tasoilla jäsenet ovat?', et: 'Millistel valitsemistasanditel liikmed on?', en: 'At which levels of government are the members?' } },
  { key: 'funding_stability', name: { fi: 'Rahoituksen vakaus', et: 'Rahastamise stabiilsus', en: 'Funding stability' }, description: null },
  { key: 'citizen_involvement', name: { fi: 'Kansalaisten osallisuus', et: 'Kodanike kaasamine', en: 'Citizen involvement' }, description: null },
  { key: 'shared_data', name: { fi: 'Yhteinen tieto', et: 'Jagatud andmed', en: 'Shared data' }, description: null },
] as const;

const LEGAL_SCORE: Record<LegalForm | 'unknown', number> = { egtc: 5, euroregion_association: 4, intergovernmental_agreement: 4, member_organisation: 3, city_agreement: 2, memorandum_of_understanding: 2, none: 1, unknown: 1 };

const demoNote = (reason: string) => ({
  en: `Demo assessment, not a finding: ${reason}`,
});

export async function loadRegionDemo(db: QueryBuilder, editorId: string | null): Promise<void> {
  const ids = new Map<string, string>();
  for (const [position, c] of DEMO_CRITERIA.entries()) {
    const row = await db
      .insertInto('score_criteria')
      .values({ key: c.key, name: JSON.stringify(c.name), description: c.description ? JSON.stringify(c.description) : null, scale_min: 0, scale_max: 5, weight: 1, position, is_demo: true })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) ids.set(c.key, row.id);
  }
  const regions = await db.selectFrom('regions').select(['id', 'legal_form']).execute();
  const levels = await db.selectFrom('region_members').select(['region_id', 'level']).execute();
  for (const region of regions) {
    const legal = (region.legal_form ?? 'unknown') as LegalForm | 'unknown';
    const own = new Set(levels.filter((l) => l.region_id === region.id).map((l) => l.level));
    const anchoring = own.has('state') ? 5 : own.has('region') || own.has('county') ? 4 : own.has('municipality') || own.has('intercommunal') ? 2 : 0;
    const scores = [
      { key: 'legal_certainty', score: LEGAL_SCORE[legal], rationale: demoNote(`scored from the seeded legal form only (${legal === 'unknown' ? 'not settled by the sources' : legal}).`) },
      { key: 'political_anchoring', score: anchoring, rationale: demoNote(anchoring === 0 ? 'no member is confirmed in the sources, so nothing can be said.' : `scored from the highest government level among the seeded members (${[...own].join(', ')}).`) },
    ];
    for (const s of scores) {
      const criterionId = ids.get(s.key);
      if (!criterionId) continue;
      await db
        .insertInto('region_scores')
        .values({ region_id: region.id, criterion_id: criterionId, score: s.score, rationale: JSON.stringify(s.rationale), is_demo: true, scored_by: editorId })
        .onConflict((oc) => oc.columns(['region_id', 'criterion_id']).doNothing())
        .execute();
    }
  }
}
