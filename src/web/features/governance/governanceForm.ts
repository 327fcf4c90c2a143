import type { BodyMemberRole } from '../../../shared/governance.ts';

export interface FormMember {
  institutionId: string;
  role: BodyMemberRole;
  since?: string | null;
  until?: string | null;
}

/** The roles the form asks for, each a picker, in the order the page lists members. */
export const ROLE_PICKERS = ['chair', 'member', 'secretariat', 'observer'] as const satisfies readonly BodyMemberRole[];

/**
 * The membership the form sends: one entry per chosen institution, with the role of the picker it
 * was chosen in. A member kept from before keeps the term (since, until) it had, which the form
 * does not show; a new one has none. An institution chosen under two roles is sent twice, so the
 * server names the duplicate rather than the form dropping one silently.
 */
export function membersFromForm(chosen: Readonly<Record<BodyMemberRole, readonly string[]>>, before: readonly { institution: { id: string }; since: string | null; until: string | null }[]): FormMember[] {
  const terms = new Map(before.map((member) => [member.institution.id, { since: member.since, until: member.until }]));
  return ROLE_PICKERS.flatMap((role) => chosen[role].map((institutionId) => ({ institutionId, role, ...(terms.get(institutionId) ?? {}) })));
}
