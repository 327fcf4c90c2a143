import type { QueryBuilder } from '../../db/tables.ts';
import type { AuthUser } from '../../plugins/auth.ts';
import type { FieldError } from '../../plugins/problems.ts';
import type { BodyMeeting, BodyMember, GovernanceBody, GovernanceBodyCreate, GovernanceBodyList, GovernanceBodyPatch } from '../../../shared/schemas/governance.ts';
import { isStaffRole } from '../../../shared/roles.ts';
import { problems } from '../../plugins/problems.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './governance.repository.ts';

type MemberRow = Awaited<ReturnType<typeof repo.membersOf>>[number];
type MeetingRow = Awaited<ReturnType<typeof repo.meetingsOf>>[number];

function toMember(row: MemberRow): BodyMember {
  return {
    institution: { id: row.institution_id, slug: row.slug, name: row.name, shortName: row.short_name, country: row.country },
    role: row.role,
    since: row.since,
    until: row.until,
  };
}

function toMeeting(row: MeetingRow): BodyMeeting {
  return { id: row.id, ref: row.ref, title: row.title, startsAt: row.starts_at.toISOString(), state: row.state };
}

function groupBy<T extends { body_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.body_id);
    if (group) group.push(row);
    else groups.set(row.body_id, [row]);
  }
  return groups;
}

/** Parents before their children, depth first, siblings in their order, so a reader meets the structure top down. */
export function treeOrder<T extends { id: string; parent_id: string | null }>(rows: T[]): T[] {
  const known = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parent_id && known.has(row.parent_id) ? row.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const ordered: T[] = [];
  const visit = (parent: string | null) => {
    for (const row of children.get(parent) ?? []) {
      ordered.push(row);
      visit(row.id);
    }
  };
  visit(null);
  return ordered;
}

async function withDetails(db: QueryBuilder, user: AuthUser | null, rows: repo.BodyRow[]): Promise<GovernanceBody[]> {
  const ids = rows.map((row) => row.id);
  const [members, meetings] = await Promise.all([
    repo.membersOf(db, ids),
    repo.meetingsOf(db, ids, Boolean(user && isStaffRole(user.role))),
  ]);
  const membersBy = groupBy(members);
  const meetingsBy = groupBy(meetings);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    level: row.level,
    kind: row.kind,
    domain: row.domain as GovernanceBody['domain'],
    parentId: row.parent_id,
    mandate: row.mandate,
    cadence: row.cadence,
    position: row.position,
    isDemo: row.is_demo,
    members: (membersBy.get(row.id) ?? []).map(toMember),
    meetings: (meetingsBy.get(row.id) ?? []).map(toMeeting),
  }));
}

export async function listBodies(db: QueryBuilder, user: AuthUser | null): Promise<GovernanceBodyList> {
  const items = await withDetails(db, user, treeOrder(await repo.listBodies(db)));
  return { items, total: items.length };
}

export async function getBody(db: QueryBuilder, user: AuthUser | null, idOrSlug: string): Promise<GovernanceBody> {
  const row = await repo.findBody(db, idOrSlug);
  if (!row) throw problems.notFound('governance body');
  return (await withDetails(db, user, [row]))[0]!;
}

/** Every reason the links a body names cannot be kept, all at once. */
async function linkErrors(db: QueryBuilder, bodyId: string | null, input: GovernanceBodyPatch): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.parentId) {
    const parent = await repo.findBody(db, input.parentId);
    if (!parent) errors.push({ path: 'body/parentId', code: 'unknown-body', message: 'is not a known governance body' });
    else if (bodyId && (await repo.isSelfOrDescendant(db, bodyId, parent.id))) {
      errors.push({ path: 'body/parentId', code: 'ancestor-cycle', message: 'would make the body its own ancestor' });
    }
  }
  const members = input.members ?? [];
  const institutions = await repo.existingIds(db, 'institutions', [...new Set(members.map((m) => m.institutionId))]);
  const seen = new Set<string>();
  members.forEach((member, index) => {
    const path = `body/members/${index}`;
    if (!institutions.has(member.institutionId)) errors.push({ path: `${path}/institutionId`, code: 'unknown-institution', message: 'is not a known institution' });
    else if (seen.has(member.institutionId)) errors.push({ path: `${path}/institutionId`, code: 'duplicate', message: 'is a member already' });
    seen.add(member.institutionId);
    if (member.since && member.until && member.until < member.since) errors.push({ path: `${path}/until`, code: 'end-before-start', message: 'is before since' });
  });
  const meetings = input.meetings ?? [];
  const dialogues = await repo.existingIds(db, 'dialogues', meetings);
  meetings.forEach((dialogueId, index) => {
    if (!dialogues.has(dialogueId)) errors.push({ path: `body/meetings/${index}`, code: 'unknown-dialogue', message: 'is not a known dialogue' });
  });
  return errors;
}

async function writeLinks(db: QueryBuilder, bodyId: string, input: GovernanceBodyPatch) {
  if (input.members) await repo.replaceMembers(db, bodyId, input.members);
  if (input.meetings) await repo.replaceMeetings(db, bodyId, input.meetings);
}

export async function createBody(db: QueryBuilder, actor: AuthUser, input: GovernanceBodyCreate): Promise<GovernanceBody> {
  const id = await db.transaction().execute(async (trx) => {
    if (await repo.findBody(trx, input.slug)) throw problems.conflict('slug-taken', 'Another governance body already has this slug.');
    const errors = await linkErrors(trx, null, input);
    if (errors.length) throw problems.badRequest('The body names what does not exist or cannot be.', errors);
    const { members: _members, meetings: _meetings, ...fields } = input;
    const id = await repo.insertBody(trx, fields);
    await writeLinks(trx, id, input);
    await recordAudit(trx, { actorId: actor.id, action: 'governance-body.created', entityType: 'governance_body', entityId: id, details: { slug: input.slug } });
    return id;
  });
  return getBody(db, actor, id);
}

export async function updateBody(db: QueryBuilder, actor: AuthUser, idOrSlug: string, patch: GovernanceBodyPatch): Promise<GovernanceBody> {
  const id = await db.transaction().execute(async (trx) => {
    const before = await repo.findBody(trx, idOrSlug);
    if (!before) throw problems.notFound('governance body');
    const errors = await linkErrors(trx, before.id, patch);
    if (errors.length) throw problems.badRequest('The body names what does not exist or cannot be.', errors);
    const { members: _members, meetings: _meetings, ...fields } = patch;
    if (Object.keys(fields).length) await repo.updateBody(trx, before.id, fields);
    await writeLinks(trx, before.id, patch);
    await recordAudit(trx, { actorId: actor.id, action: 'governance-body.updated', entityType: 'governance_body', entityId: before.id, details: { changes: patch } });
    return before.id;
  });
  return getBody(db, actor, id);
}

export async function deleteBody(db: QueryBuilder, actor: AuthUser, idOrSlug: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findBody(trx, idOrSlug);
    if (!before) throw problems.notFound('governance body');
    if (await repo.hasChildren(trx, before.id)) throw problems.conflict('body-has-children', 'Other bodies report to this one: move or remove them first.');
    try {
      await repo.deleteBody(trx, before.id);
    } catch (error) {
      // Actions of the joint plan name their coordinating body (a foreign key that restricts).
      if ((error as { code?: string }).code === '23503') throw problems.conflict('body-in-use', 'Actions of the joint plan are coordinated by this body: give them another first.');
      throw error;
    }
    await recordAudit(trx, { actorId: actor.id, action: 'governance-body.deleted', entityType: 'governance_body', entityId: before.id, details: { slug: before.slug } });
  });
}
