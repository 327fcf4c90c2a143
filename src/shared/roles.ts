/** Account roles (DESIGN.md, "Roles"); the public has no account and so no role. */
export const ROLES = ['member', 'service_owner', 'moderator', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Scopes an API token may carry; a token never exceeds its owner's role. */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Editors and administrators: they manage dialogues, recommendations, institutions and the register's lifecycle. */
export function isEditorRole(role: Role): boolean {
  return role === 'editor' || role === 'admin';
}

/** Moderators, editors and administrators: the project staff who see and tend unpublished reports. */
export function isStaffRole(role: Role): boolean {
  return role === 'moderator' || role === 'editor' || role === 'admin';
}
