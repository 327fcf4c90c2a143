/** Vocabularies of the bottleneck register and the institutions directory (issue 3). */

export const DOMAINS = ['mobility', 'legal', 'social_security', 'education', 'digital_services', 'integration'] as const;
export type Domain = (typeof DOMAINS)[number];

export const INSTITUTION_COUNTRIES = ['FI', 'EE', 'EU', 'other'] as const;
export type InstitutionCountry = (typeof INSTITUTION_COUNTRIES)[number];

export const INSTITUTION_TYPES = [
  'ministry',
  'state_agency',
  'regional_authority',
  'municipality',
  'public_service_provider',
  'ngo',
  'business',
  'research',
  'eu_body',
  'cross_border_body',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export const TOPICS = [
  'taxation',
  'employment',
  'health_care',
  'pensions',
  'family_benefits',
  'unemployment_benefits',
  'recognition_of_qualifications',
  'e_identity',
  'information_access',
  'housing',
  'residence_registration',
  'public_transport',
  'ferry',
  'vehicles',
  'banking',
  'schooling',
  'language',
  'business',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Where the reporter stands, in the words of the Nordic border-obstacle database's target groups. */
export const SITUATIONS = [
  'lives_fi_works_ee',
  'lives_ee_works_fi',
  'lives_fi_studies_ee',
  'lives_ee_studies_fi',
  'moved_fi_to_ee',
  'moved_ee_to_fi',
  'business_fi_in_ee',
  'business_ee_in_fi',
  'service_provider',
  'other',
] as const;
export type Situation = (typeof SITUATIONS)[number];

export const STATUSES = [
  'submitted',
  'rejected',
  'published',
  'under_assessment',
  'closed_no_obstacle',
  'in_dialogue',
  'recommendation',
  'in_progress',
  'resolved',
  'written_off',
  'merged',
] as const;
export type Status = (typeof STATUSES)[number];

/** Reports that never reach the public lists: waiting for moderation, refused, or merged away. */
const UNPUBLISHED: readonly Status[] = ['submitted', 'rejected', 'merged'];
/** States a bottleneck ends in. */
export const END_STATUSES: readonly Status[] = ['rejected', 'closed_no_obstacle', 'resolved', 'written_off', 'merged'];
/** What the public sees. */
export const PUBLIC_STATUSES: readonly Status[] = STATUSES.filter((status) => !UNPUBLISHED.includes(status));
/** Published and not yet ended: where institutions answer and deadlines run. */
export const OPEN_STATUSES: readonly Status[] = PUBLIC_STATUSES.filter((status) => !END_STATUSES.includes(status));
/** Published and ended: "closed" in Open311's terms. */
export const CLOSED_STATUSES: readonly Status[] = PUBLIC_STATUSES.filter((status) => END_STATUSES.includes(status));

/** The lifecycle (issue 3), after the Nordic Council's database and Regulation (EU) 2025/925. */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  submitted: ['published', 'rejected'],
  published: ['under_assessment', 'closed_no_obstacle', 'written_off'],
  under_assessment: ['closed_no_obstacle', 'in_dialogue', 'written_off'],
  in_dialogue: ['recommendation', 'resolved', 'written_off'],
  recommendation: ['in_progress', 'resolved', 'written_off'],
  in_progress: ['resolved', 'written_off'],
  rejected: [],
  closed_no_obstacle: [],
  resolved: [],
  written_off: [],
  merged: [],
};

export const OUTCOMES = ['administrative_change', 'legislative_change', 'service_improvement', 'will_not_be_resolved'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Months from publication to the end of the assessment (Regulation (EU) 2025/925 asks for two). */
export const ASSESSMENT_MONTHS = 2;
