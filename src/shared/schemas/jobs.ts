import { Type, type Static, type TObject, type TInteger } from 'typebox';
import { HARVEST_SCHEDULES, RUN_STATES, RUN_TRIGGERS } from '../catalog.ts';
import { Nullable } from './nullable.ts';

/**
 * What every kind of job's runs look like in the API (harvests, statistics imports: the job
 * machinery of src/server/lib/jobs): state, trigger, times, progress, the kind's own counts, a
 * coded message and coded errors. A kind names its counts; the rest is the same everywhere.
 */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const ProblemValue = Type.Union([Type.String(), Type.Number()]);

export const JobScheduleSchema = Type.Enum([...HARVEST_SCHEDULES], { type: 'string' });
export const RunStateSchema = Type.Enum([...RUN_STATES], { type: 'string' });
export const RunTriggerSchema = Type.Enum([...RUN_TRIGGERS], { type: 'string' });

/** Why a request or a page failed: a code of `HARVEST_REASON_CODES` and its parameters. */
export const JobReason = Type.Object({ code: Type.String(), params: Type.Record(Type.String(), ProblemValue) });

/** A run's problem's parameters (its kind's registered codes): values, and `reason` a `JobReason`. */
export const JobProblemParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), JobReason]));

export const JobError = Type.Object({
  /** What the error concerns at the source (a record's or table's identifier), or null for a page or the source as a whole. */
  identifier: Nullable(Type.String()),
  /** The error's registered code (its kind's, in src/shared/problems.ts); null for errors from before codes. */
  code: Nullable(Type.String()),
  params: JobProblemParams,
  /** The error in English. */
  message: Type.String(),
  at: DateTime,
});
export type JobError = Static<typeof JobError>;

/** Counts of a kind of run, each a whole number from zero, as one object schema. */
export function JobCounts<K extends string>(names: readonly K[]): TObject<Record<K, TInteger>> {
  return Type.Object(Object.fromEntries(names.map((name) => [name, Type.Integer({ minimum: 0 })])) as Record<K, TInteger>);
}

/** A run of a kind whose counts are `counts`: as listed (summary) and as shown alone (with its errors). */
export function jobRunSchemas<C extends TObject>(counts: C) {
  const Summary = Type.Object({
    id: Uuid,
    sourceId: Uuid,
    state: RunStateSchema,
    trigger: RunTriggerSchema,
    queuedAt: DateTime,
    startedAt: Nullable(DateTime),
    finishedAt: Nullable(DateTime),
    /** Items handled so far, and how many the source announced (null until it says). */
    done: Type.Integer({ minimum: 0 }),
    total: Nullable(Type.Integer({ minimum: 0 })),
    counts,
    /** Why a run failed or ended partly: the source-level problem in one sentence, in English. */
    message: Nullable(Type.String()),
    /** The message's registered code and parameters; null without a message, or for runs from before codes. */
    messageCode: Nullable(Type.String()),
    messageParams: JobProblemParams,
    errorCount: Type.Integer({ minimum: 0 }),
  });
  const Run = Type.Object({ ...Summary.properties, errors: Type.Array(JobError) });
  return { Summary, Run };
}
