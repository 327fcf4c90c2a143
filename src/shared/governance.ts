/** The governance model's closed vocabularies (issue 17 §2), shared by server, web and the action plan. */
export const BODY_LEVELS = ['political', 'administrative'] as const;
export type BodyLevel = (typeof BODY_LEVELS)[number];

export const BODY_KINDS = ['steering', 'working_group', 'secretariat', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** How often a body meets, or reviews an action it coordinates. */
export const CADENCES = ['weekly', 'monthly', 'quarterly', 'twice_yearly', 'yearly', 'ad_hoc'] as const;
export type Cadence = (typeof CADENCES)[number];

export const BODY_MEMBER_ROLES = ['chair', 'member', 'secretariat', 'observer'] as const;
export type BodyMemberRole = (typeof BODY_MEMBER_ROLES)[number];
