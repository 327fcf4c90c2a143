import { Type, type Static } from 'typebox';
import { LocalizedText, LocalizedTextOut } from '../localized.ts';
import { Nullable } from './nullable.ts';
import { DIFF_TEXT_FIELDS, DIFF_VALUE_FIELDS, FRAMEWORK_NODE_KINDS, FRAMEWORK_STATES } from './framework.ts';

/**
 * "You said, we did" (issue 19 points 4 and 5; research §4.3): what became of a comment on a
 * framework version. Editors link it to the nodes of a later version that answer it (a whole node,
 * or one field a diff compares) and record its outcome with a reply in fi/et/en. An outcome of
 * `changed` needs a link (422 `outcome-needs-change`).
 */

export const OUTCOME_KINDS = ['changed', 'already_covered', 'not_taken', 'out_of_scope'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
/** The fields of a node a link may name (those a diff compares); none is the whole node. */
export const CHANGE_FIELDS = [...DIFF_TEXT_FIELDS, ...DIFF_VALUE_FIELDS] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

const Enum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Enum([...values], { type: 'string', ...(description ? { description } : {}) }));
/** Text written by editors, in any of the five languages, at least one. */
const EditorText = (max: number) => LocalizedText(max);
const TextOut = LocalizedTextOut;

/** A node of a later version that answers the comment, as the comment shows it: "→ O2.3 in version 2". */
export const OutcomeChange = Type.Object({
  version: Type.Integer(),
  versionState: Enum(FRAMEWORK_STATES),
  nodeKey: Type.String({ format: 'uuid' }),
  ref: Type.String(),
  kind: Enum(FRAMEWORK_NODE_KINDS),
  title: Type.Record(Type.String({ maxLength: 2 }), Type.String()),
  /** The one field changed; null for the whole node. */
  field: Nullable(Enum(CHANGE_FIELDS)),
  note: Type.Union([TextOut, Type.Null()]),
});
export type OutcomeChange = Static<typeof OutcomeChange>;

/** What became of a comment; null on a comment no editor has answered or linked yet. */
export const CommentOutcome = Type.Object({
  /** Null while the comment is only linked, not yet answered. */
  outcome: Nullable(Enum(OUTCOME_KINDS)),
  reply: Type.Union([TextOut, Type.Null()]),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  changes: Type.Array(OutcomeChange),
});
export type CommentOutcome = Static<typeof CommentOutcome>;

export const OutcomeInput = Type.Object(
  {
    outcome: Enum(OUTCOME_KINDS, 'changed (needs a link to the change), already_covered, not_taken, out_of_scope'),
    reply: Type.Optional(Type.Union([EditorText(4000), Type.Null()])),
  },
  { additionalProperties: false },
);
export type OutcomeInput = Static<typeof OutcomeInput>;

export const ChangeLinkInput = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'A framework version later than the one consulted on' }),
    nodeKey: Type.String({ format: 'uuid', description: 'The node of that version that answers the comment' }),
    field: Type.Optional(Enum(CHANGE_FIELDS, 'One field of the node; none for the whole node')),
    note: Type.Optional(EditorText(1000)),
  },
  { additionalProperties: false },
);
export type ChangeLinkInput = Static<typeof ChangeLinkInput>;
/** A link to remove, named as it was made. */
export const ChangeLinkQuery = Type.Object(
  { version: ChangeLinkInput.properties.version, nodeKey: ChangeLinkInput.properties.nodeKey, field: ChangeLinkInput.properties.field },
  { additionalProperties: false },
);
export type ChangeLinkQuery = Static<typeof ChangeLinkQuery>;

/** What a comment on the consulted version can be linked to: the later versions, each with its nodes in tree order. */
export const AnswerTargets = Type.Object({
  consulted: Type.Integer({ description: 'The version the consultation is about' }),
  versions: Type.Array(
    Type.Object({
      number: Type.Integer(),
      state: Enum(FRAMEWORK_STATES),
      nodes: Type.Array(Type.Object({ key: Type.String({ format: 'uuid' }), ref: Type.String(), kind: Enum(FRAMEWORK_NODE_KINDS), title: Type.Record(Type.String({ maxLength: 2 }), Type.String()) })),
    }),
  ),
});
export type AnswerTargets = Static<typeof AnswerTargets>;
