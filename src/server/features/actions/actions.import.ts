import { randomUUID } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { RACI_ROLES, type ActionState, type RaciRole } from '../../../shared/actions.ts';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { ActionCreate, ActionPatch, DependenciesPut, RaciPut } from '../../../shared/schemas/actions.ts';
import {
  PLAN_COLUMNS,
  PLAN_IMPORT_MAX_MEGABYTES,
  PLAN_IMPORT_MAX_ROWS,
  PLAN_IMPORT_MAX_UNPACKED_MEGABYTES,
  type PlanColumn,
  type PlanImportReport,
} from '../../../shared/schemas/planExchange.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import { isUuid, nextRefs } from '../../lib/refs.ts';
import { readSheet, SpreadsheetError, type Sheet, type SheetCell } from '../../lib/spreadsheet.ts';
import { addSchemaFormats, unstorableFields } from '../../plugins/input.ts';
import { fieldErrors, HttpProblem, type FieldError } from '../../plugins/problems.ts';
import type { AuthUser } from '../accounts/accounts.service.ts';
import { recordAudits, type AuditEntry } from '../audit/audit.service.ts';
import { findBottlenecksByIdOrRef } from '../bottlenecks/bottlenecks.repository.ts';
import { fundingCell, readPlan, type PlanAction, type PlanSnapshot } from './actions.export.ts';
import * as repo from './actions.repository.ts';
import { dropReasonErrors, parentErrors, periodErrors, predecessorErrors, progressErrors, raciErrors, transitionAllowed, unknownBody, unknownRecommendation, type Period, type RaciInput } from './actions.rules.ts';
import { changeOf, newActionValues, patchValues, raciLabel, rollUpFrom, updatedAudit } from './actions.service.ts';

/**
 * The import of actions from CSV or XLSX (issue 17 §4): the export's table read back. Every row
 * is checked first, against the plan as it will be once the whole file is written (a row may name
 * a parent or a predecessor that comes later in the file), with the request's own schemas and the
 * service's rules (`actions.rules.ts`); every error is named by row and column; and the file is
 * written in one transaction only when no row has one, or not at all with `dryRun`.
 *
 * A row whose `ref` is an action of the plan updates it, and only what differs; a row without
 * one creates an action. Any other text in `ref` is a new action's key within the file.
 */

const MB = 1024 * 1024;
/** The widest row read: the plan's columns and a few more, so a stray column is named rather than refused whole. */
const MAX_COLUMNS = PLAN_COLUMNS.length + 10;
const LIMITS = { maxRows: PLAN_IMPORT_MAX_ROWS, maxUnpackedBytes: PLAN_IMPORT_MAX_UNPACKED_MEGABYTES * MB, maxColumns: MAX_COLUMNS, maxRecordChars: 1024 * 1024 };
export const PLAN_IMPORT_MAX_BYTES = PLAN_IMPORT_MAX_MEGABYTES * MB;
/** The most errors named for one row. */
const MAX_ERRORS_PER_ROW = 10;
/** The most errors named in all, past the first of every bad row (each bad row is always named). */
const MAX_ERRORS = 1000;
/** The most errors named for the header. */
const MAX_HEADER_ERRORS = 50;
/** The longest funding cell read: fifty sources with their texts in three languages fit well within it. */
const MAX_FUNDING_CHARS = 100_000;
/** A reference as the plan writes them: a text shaped like one that the plan lacks is a mistake, not a new action's key. */
const ACTION_REF = /^AC-\d{4}-\d{1,9}$/i;

// ---- reading the file ----

async function readFile(content: Uint8Array): Promise<Sheet> {
  try {
    return await readSheet(content, LIMITS);
  } catch (error) {
    if (!(error instanceof SpreadsheetError)) throw error;
    switch (error.reason) {
      case 'not-a-table':
        return Promise.reject(new HttpProblem(415, 'import-file-type', 'Not a CSV or XLSX file', `${error.message} Send the plan as CSV (UTF-8) or XLSX.`));
      case 'unpacks-too-large':
        return Promise.reject(new HttpProblem(413, 'workbook-too-large', 'Workbook too large', error.message, { params: { megabytes: PLAN_IMPORT_MAX_UNPACKED_MEGABYTES } }));
      case 'too-many-columns':
        return Promise.reject(
          new HttpProblem(400, 'import-columns', 'Too many columns', `${error.message} Nothing was read.`, {
            errors: [{ path: `columns/${error.column ?? MAX_COLUMNS + 1}`, code: 'unknown-column', message: `is past the last column read (${MAX_COLUMNS})` }],
          }),
        );
      case 'too-many-rows':
        return Promise.reject(new HttpProblem(400, 'import-too-many-rows', 'Too many rows', error.message, { params: { limit: PLAN_IMPORT_MAX_ROWS } }));
      default:
        return Promise.reject(new HttpProblem(400, 'import-unreadable', 'Unreadable file', error.message));
    }
  }
}

const isColumn = (name: string): name is PlanColumn => (PLAN_COLUMNS as readonly string[]).includes(name);

/** The header's columns by position; every name must be the plan's, each once. An unnamed column is allowed only while it is empty. */
function readHeader(sheet: Sheet): (PlanColumn | null)[] {
  if (!sheet.header.some(Boolean)) throw new HttpProblem(400, 'import-empty', 'Empty file', 'The file has no header row and no rows.');
  // The reader refuses wider rows already; this keeps the header's own check bounded whatever reads it.
  if (sheet.header.length > MAX_COLUMNS) {
    throw new HttpProblem(400, 'import-columns', 'Too many columns', `The header has ${sheet.header.length} columns; at most ${MAX_COLUMNS} are read. Nothing was read.`, {
      errors: [{ path: `columns/${MAX_COLUMNS + 1}`, code: 'unknown-column', message: `is past the last column read (${MAX_COLUMNS})` }],
    });
  }
  // Which columns hold a value anywhere, in one pass over the rows.
  const filled = new Set<number>();
  for (const r of sheet.rows) r.cells.forEach((c, i) => c !== null && c !== undefined && c !== '' && filled.add(i));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const columns = sheet.header.map((raw, i) => {
    const name = raw.toLowerCase();
    if (!name) {
      if (filled.has(i)) errors.push({ path: `columns/${i + 1}`, code: 'unknown-column', message: 'has no name but has values' });
      return null;
    }
    if (!isColumn(name)) errors.push({ path: `columns/${raw}`, code: 'unknown-column', message: `is not a column of the plan (${PLAN_COLUMNS.join(', ')})` });
    else if (seen.has(name)) errors.push({ path: `columns/${raw}`, code: 'duplicate', message: 'is named twice' });
    seen.add(name);
    return isColumn(name) ? name : null;
  });
  if (errors.length) {
    const more = errors.length - MAX_HEADER_ERRORS;
    throw new HttpProblem(400, 'import-columns', 'Unknown columns', `The header names columns the plan does not have${more > 0 ? ` (${errors.length} errors; the first ${MAX_HEADER_ERRORS} are named)` : ''}; nothing was read.`, {
      errors: errors.slice(0, MAX_HEADER_ERRORS),
    });
  }
  if (!sheet.rows.length) throw new HttpProblem(400, 'import-empty', 'Empty file', 'The file has a header but no rows.');
  return columns;
}

/** A cell as text: a date as its day (a workbook's date cell is midnight UTC), a number as JavaScript writes it. */
function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell);
}

/** A number cell: a workbook's number, or text with a point or a decimal comma. Text that is not a number is kept, for the schema to name. */
function cellNumber(cell: SheetCell | undefined): number | string | null {
  if (typeof cell === 'number') return cell;
  const text = cellText(cell).trim();
  if (!text) return null;
  const normal = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  const value = Number(normal);
  return /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(normal) && Number.isFinite(value) ? value : text;
}

/** `a;b; c` as its entries, trimmed, without empty ones. */
const cellList = (cell: SheetCell | undefined) =>
  cellText(cell)
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * A CSV cell the export protected against formulas (`'=…`, `'+…`, `'-…`, `'@…`: tabular.ts
 * neutraliseFormula) is read as it was written. A workbook's text was never changed.
 */
function unprotected(text: string, format: Sheet['format']): string {
  return format === 'csv' && /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** One row of the file as the plan's values; a column the file lacks is undefined, an empty cell null. */
interface RowInput {
  row: number;
  has: ReadonlySet<PlanColumn>;
  ref: string;
  text(column: PlanColumn): string | null;
  trimmed(column: PlanColumn): string | null;
  number(column: PlanColumn): number | string | null;
  list(column: PlanColumn): string[];
}

function rowInputs(sheet: Sheet, columns: (PlanColumn | null)[]): { inputs: RowInput[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const has = new Set(columns.filter((c): c is PlanColumn => c !== null));
  const index = new Map(columns.flatMap((c, i) => (c ? [[c, i] as const] : [])));
  const inputs = sheet.rows.map((r): RowInput => {
    const beyond = r.cells.findIndex((cell, i) => i >= columns.length && cell !== null && cell !== '');
    if (beyond >= 0) errors.push({ path: `rows/${r.row}/${beyond + 1}`, code: 'unknown-column', message: 'is a value beyond the header’s columns' });
    // Text the database cannot store (a NUL, half a surrogate pair: a workbook's _x0000_ or _xD800_) is named here, not by the write.
    r.cells.forEach((c, i) => {
      if (typeof c === 'string' && i < columns.length) errors.push(...unstorableFields(c, `rows/${r.row}/${columns[i] ?? i + 1}`));
    });
    const cell = (column: PlanColumn) => (index.has(column) ? r.cells[index.get(column)!] : undefined);
    const text = (column: PlanColumn) => {
      const value = unprotected(cellText(cell(column)), sheet.format);
      return value === '' ? null : value;
    };
    return {
      row: r.row,
      has,
      ref: (text('ref') ?? '').trim(),
      text,
      trimmed: (column) => text(column)?.trim() || null,
      number: (column) => cellNumber(cell(column)),
      list: (column) => cellList(cell(column)),
    };
  });
  return { inputs, errors };
}

// ---- checking ----

let ajv: Ajv | null = null;
const validators = new Map<object, ValidateFunction>();
/** The request schemas, compiled as the API compiles bodies (strict types, the storable formats). */
function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    ajv ??= addSchemaFormats(new Ajv({ allErrors: true, verbose: true, removeAdditional: false, useDefaults: false, strict: false, coerceTypes: false }));
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function schemaErrors(schema: object, value: unknown, context: string): FieldError[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : fieldErrors(validate.errors ?? [], context);
}

const SNAKE: Record<string, PlanColumn> = {
  parent: 'parent_ref',
  bodyId: 'body',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  dropReason: 'drop_reason',
  reviewCadence: 'review_cadence',
  budgetEur: 'budget_eur',
  dependsOn: 'depends_on',
  predecessors: 'depends_on',
  entries: 'raci',
};

/** The column an API path names (`body/raci/1/lead` → `lead`, `body/title/fi` → `title_fi`); `title` and `description` for the text as a whole. */
export function columnOf(path: string): string {
  const [, field = '', sub, leaf] = path.split('/');
  if (field === 'title' || field === 'description') return sub && (CONTENT_LANGUAGES as readonly string[]).includes(sub) ? `${field}_${sub}` : field;
  if ((field === 'raci' || field === 'entries') && leaf === 'lead') return 'lead';
  return SNAKE[field] ?? field;
}

/** An error of the API's, moved to a row and a column of the file. */
const atRow = (row: number, error: FieldError, column = columnOf(error.path)): FieldError => ({ ...error, path: `rows/${row}/${column}` });

/** A placeholder id for an institution the file names that the directory lacks: the RACI rule then names it as unknown, and still counts its role. */
const unknownInstitutionId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Outcome = 'created' | 'updated' | 'unchanged';

/** A row once read against the plan: what it creates or changes, in the API's own shapes. */
interface Planned {
  input: RowInput;
  id: string;
  current: PlanAction | null;
  key: string | null;
  create?: ActionCreate;
  patch: ActionPatch;
  /** Columns that change (an update), for the report. */
  columns: Set<string>;
  raci?: RaciInput[];
  predecessors?: string[];
  recommendations?: string[];
  bottlenecks?: string[];
  parentId: string | null;
  parentChanges: boolean;
  bodyId: string | null | undefined;
  descriptionCleared: boolean;
  errors: FieldError[];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sortedKeys = (value: LocalizedTextValue) => Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** The text of the row's language columns laid over `base`: a language the file has no column for keeps its text. */
function localized(input: RowInput, field: 'title' | 'description', base: LocalizedTextValue): LocalizedTextValue | undefined {
  const columns = CONTENT_LANGUAGES.filter((lang) => input.has.has(`${field}_${lang}`));
  if (!columns.length) return undefined;
  const out: LocalizedTextValue = { ...base };
  for (const lang of columns) {
    const value = input.text(`${field}_${lang}`);
    if (value === null) delete out[lang];
    else out[lang] = value;
  }
  return out;
}

/** Recommendations and bottlenecks the file names, looked up at once. */
async function linkLookups(db: QueryBuilder, inputs: RowInput[]) {
  const recommendationValues = [...new Set(inputs.flatMap((i) => i.list('recommendations')))];
  const bottleneckValues = [...new Set(inputs.flatMap((i) => i.list('bottlenecks')))];
  const findRecommendations = (values: string[]) => {
    const ids = values.filter(isUuid);
    const refs = values.filter((v) => !isUuid(v)).map((v) => v.toUpperCase());
    return db
      .selectFrom('recommendations')
      .select(['id', 'ref'])
      .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(refs.length ? [eb('ref', 'in', refs)] : [])]))
      .execute();
  };
  // A file may name more references than a statement takes parameters: looked up a thousand at a time.
  const inBatches = async <T>(values: string[], find: (batch: string[]) => Promise<T[]>) => {
    const found: T[] = [];
    for (let i = 0; i < values.length; i += 1000) found.push(...(await find(values.slice(i, i + 1000))));
    return found;
  };
  const [recommendations, bottlenecks] = await Promise.all([inBatches(recommendationValues, findRecommendations), inBatches(bottleneckValues, (batch) => findBottlenecksByIdOrRef(db, batch))]);
  const byKey = (rows: { id: string; ref: string }[]) => new Map(rows.flatMap((r) => [[r.id, r.id] as const, [r.ref, r.id] as const]));
  const recommendationMap = byKey(recommendations);
  const bottleneckMap = byKey(bottlenecks);
  return {
    recommendation: (value: string) => recommendationMap.get(value) ?? recommendationMap.get(value.toUpperCase()),
    bottleneck: (value: string) => bottleneckMap.get(value) ?? bottleneckMap.get(value.toUpperCase()),
  };
}

/** Which row each `ref` names: an action of the plan, a new one (with its key, if any), or nothing the plan has. */
function identify(inputs: RowInput[], plan: PlanSnapshot) {
  const errors: FieldError[] = [];
  const targets = new Map<RowInput, { id: string; current: PlanAction | null; key: string | null }>();
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const input of inputs) {
    const ref = input.ref;
    const current = ref ? (isUuid(ref) ? plan.byId.get(ref.toLowerCase()) : plan.byRef.get(ref.toUpperCase())) : undefined;
    if (ref && !current && (isUuid(ref) || ACTION_REF.test(ref))) {
      errors.push({ path: `rows/${input.row}/ref`, code: 'unknown-action', message: 'is not an action of the plan: leave the cell empty to add one' });
      continue;
    }
    const id = current?.id ?? randomUUID();
    const key = current ? null : ref || null;
    const identity = current?.id ?? (key ? `key:${key}` : null);
    if (identity && taken.has(identity)) {
      errors.push({ path: `rows/${input.row}/ref`, code: 'duplicate', message: 'names an action another row names already' });
      continue;
    }
    if (identity) taken.add(identity);
    if (key) keys.set(key, id);
    targets.set(input, { id, current: current ?? null, key });
  }
  /** An action named in a cell: a key of this file, then an action of the plan by reference or id. */
  const resolve = (value: string): string | undefined => keys.get(value) ?? (isUuid(value) ? plan.byId.get(value.toLowerCase())?.id : plan.byRef.get(value.toUpperCase())?.id);
  return { targets, resolve, errors };
}

/** What an action always has: an empty cell on an update is a mistake, not a change (on a new action it takes the default). */
const REQUIRED: ReadonlySet<PlanColumn> = new Set(['domain', 'state', 'starts_on', 'ends_on', 'weight', 'progress']);

/** The row's values against the action it names (or none), in the API's shapes; what does not parse is named. */
function planRow(
  input: RowInput,
  target: { id: string; current: PlanAction | null; key: string | null },
  plan: PlanSnapshot,
  resolve: (value: string) => string | undefined,
  links: Awaited<ReturnType<typeof linkLookups>>,
  unknownInstitutions: Map<string, string>,
): Planned {
  const { current } = target;
  const creating = current === null;
  const errors: FieldError[] = [];
  const columns = new Set<string>();
  const patch: Record<string, unknown> = {};
  const at = (column: PlanColumn) => (error: FieldError) => errors.push(atRow(input.row, error, column));
  const has = (column: PlanColumn) => input.has.has(column);

  // Texts.
  for (const field of ['title', 'description'] as const) {
    const value = localized(input, field, current?.[field] ?? {});
    if (value === undefined) continue;
    if (creating || !sameJson(sortedKeys(value), sortedKeys(current![field]))) {
      patch[field] = value;
      for (const lang of CONTENT_LANGUAGES) if (input.has.has(`${field}_${lang}`) && (value[lang] ?? null) !== (current?.[field][lang] ?? null)) columns.add(`${field}_${lang}`);
    }
  }
  const descriptionCleared = patch.description !== undefined && Object.keys(patch.description as object).length === 0;
  // An empty description is no description: the schema wants at least one language, the table writes {}.
  if (descriptionCleared) delete patch.description;

  // Plain values: an empty cell creates with the default, and clears on an update (the schema refuses clearing what is required).
  const plain: [PlanColumn, string, 'text' | 'number', keyof PlanAction][] = [
    ['domain', 'domain', 'text', 'domain'],
    ['state', 'state', 'text', 'state'],
    ['starts_on', 'startsOn', 'text', 'starts_on'],
    ['ends_on', 'endsOn', 'text', 'ends_on'],
    ['weight', 'weight', 'number', 'weight'],
    ['progress', 'progress', 'number', 'progress'],
    ['review_cadence', 'reviewCadence', 'text', 'review_cadence'],
    ['budget_eur', 'budgetEur', 'number', 'budget_eur'],
  ];
  for (const [column, field, kind, own] of plain) {
    if (!has(column)) continue;
    const value = kind === 'number' ? input.number(column) : input.trimmed(column);
    if (!creating && value === null && REQUIRED.has(column)) {
      at(column)({ path: `body/${field}`, code: 'required', message: 'is required: an action always has one' });
      continue;
    }
    if (creating) {
      if (value !== null) patch[field] = value;
    } else if (value !== current![own]) {
      patch[field] = value;
      columns.add(column);
    }
  }
  const state = (typeof patch.state === 'string' ? patch.state : (current?.state ?? 'planned')) as ActionState;
  // A reason is the dropped action's: on any other row the column is left alone.
  if (has('drop_reason') && state === 'dropped') {
    const value = input.text('drop_reason');
    if (creating ? value !== null : value !== current!.drop_reason) {
      patch.dropReason = value;
      if (!creating) columns.add('drop_reason');
    }
  }

  // The coordinating body by slug.
  let bodyId: string | null | undefined;
  if (has('body')) {
    const slug = input.trimmed('body');
    const id = slug === null ? null : (plan.bodyIds.get(slug) ?? (isUuid(slug) && plan.bodies.has(slug.toLowerCase()) ? slug.toLowerCase() : undefined));
    if (id === undefined) at('body')(unknownBody());
    else if (creating ? id !== null : id !== current!.body_id) {
      bodyId = id;
      patch.bodyId = id;
      if (!creating) columns.add('body');
    }
  }

  // Funding, as the export writes it (JSON).
  if (has('funding')) {
    const text = input.text('funding');
    let funding: unknown = [];
    if (text !== null) {
      try {
        // Too long a cell is not read; deep nesting may throw a RangeError, which is a bad cell too.
        funding = text.length > MAX_FUNDING_CHARS ? undefined : JSON.parse(text);
      } catch {
        funding = undefined;
      }
    }
    // The shape is checked before the list is compared (and so written out): what the schema refuses is never walked.
    if (funding !== undefined && !validatorFor(ActionPatch.properties.funding)(funding)) funding = undefined;
    if (!Array.isArray(funding)) at('funding')({ path: 'body/funding', code: 'funding-json', message: 'must be a JSON list of funding sources, as the export writes it' });
    else if (creating ? funding.length > 0 : fundingCell(funding as never) !== fundingCell(plan.funding.get(current!.id) ?? [])) {
      patch.funding = funding;
      if (!creating) columns.add('funding');
    }
  }

  // Links.
  const linkSet = (column: 'recommendations' | 'bottlenecks', find: (value: string) => string | undefined, currentIds: string[]) => {
    if (!has(column)) return undefined;
    const values = input.list(column);
    values.forEach((value, i) => {
      if (!find(value)) at(column)(column === 'recommendations' ? unknownRecommendation(`body/recommendations/${i}`) : { path: `body/bottlenecks/${i}`, code: 'unknown-bottleneck', message: 'is not a known bottleneck' });
    });
    const ids = [...new Set(values.flatMap((v) => find(v) ?? []))];
    if (creating ? ids.length === 0 : sameSet(ids, currentIds)) return undefined;
    if (!creating) columns.add(column);
    patch[column] = values;
    return ids;
  };
  const recommendations = linkSet('recommendations', links.recommendation, plan.recommendations.get(target.id) ?? []);
  const bottlenecks = linkSet('bottlenecks', links.bottleneck, plan.bottlenecks.get(target.id) ?? []);

  // RACI and lead: slug:ROLE pairs, the lead one of them.
  let raci: RaciInput[] | undefined;
  if (has('raci') || has('lead')) {
    const currentRaci = plan.raci.get(target.id) ?? [];
    let entries: RaciInput[] = currentRaci.map((r) => ({ institutionId: r.institution_id, role: r.role, lead: r.is_lead }));
    let broken = false;
    if (has('raci')) {
      entries = [];
      for (const pair of input.list('raci')) {
        const [slug = '', role = '', ...rest] = pair.split(':').map((p) => p.trim());
        if (!slug || rest.length || !(RACI_ROLES as readonly string[]).includes(role.toUpperCase())) {
          at('raci')({ path: 'body/raci', code: 'raci-pair', message: `has "${pair}", not institution:role (R, A, C or I)` });
          broken = true;
          continue;
        }
        const known = plan.institutionIds.get(slug) ?? (isUuid(slug) && plan.institutionSlugs.has(slug.toLowerCase()) ? slug.toLowerCase() : undefined);
        if (!known && !unknownInstitutions.has(slug)) unknownInstitutions.set(slug, unknownInstitutionId(unknownInstitutions.size + 1));
        entries.push({ institutionId: known ?? unknownInstitutions.get(slug)!, role: role.toUpperCase() as RaciRole, lead: false });
      }
    }
    const lead = has('lead') ? input.trimmed('lead') : (currentRaci.find((r) => r.is_lead) ? plan.institutionSlugs.get(currentRaci.find((r) => r.is_lead)!.institution_id)! : null);
    if (has('lead') || has('raci')) {
      const leadId = lead === null ? null : (plan.institutionIds.get(lead) ?? (isUuid(lead) ? lead.toLowerCase() : unknownInstitutions.get(lead)));
      entries = entries.map((e) => ({ ...e, lead: leadId !== null && e.institutionId === leadId }));
      if (lead !== null && !entries.some((e) => e.lead) && !broken) at('lead')({ path: 'body/raci', code: 'lead-without-role', message: 'is not one of the institutions in the raci column' });
    }
    const canonical = (list: RaciInput[]) => list.map((e) => `${e.institutionId}:${e.role}:${e.lead ? 1 : 0}`).sort().join();
    const changed = canonical(entries) !== canonical(currentRaci.map((r) => ({ institutionId: r.institution_id, role: r.role, lead: r.is_lead })));
    if (!broken && (creating || changed)) {
      raci = entries;
      if (!creating) {
        const before = new Map(currentRaci.map((r) => [r.institution_id, r]));
        if (entries.length !== currentRaci.length || entries.some((e) => before.get(e.institutionId)?.role !== e.role)) columns.add('raci');
        if ((currentRaci.find((r) => r.is_lead)?.institution_id ?? null) !== (entries.find((e) => e.lead)?.institutionId ?? null)) columns.add('lead');
      }
    }
  }

  // The parent and the predecessors: keys of this file or actions of the plan.
  let parentId = current?.parent_id ?? null;
  let parentChanges = false;
  if (has('parent_ref')) {
    const value = input.trimmed('parent_ref');
    const id = value === null ? null : resolve(value);
    if (id === undefined) errors.push(...parentErrors(false, false).map((e) => atRow(input.row, e)));
    else if (id !== parentId) {
      parentId = id;
      parentChanges = true;
      patch.parent = value;
      if (!creating) columns.add('parent_ref');
    }
  }
  let predecessors: string[] | undefined;
  if (has('depends_on')) {
    const values = input.list('depends_on');
    const ids = [...new Set(values.flatMap((v) => resolve(v) ?? []))];
    if (creating ? values.length > 0 : !sameSet(ids, plan.predecessors.get(target.id) ?? []) || ids.length !== values.length) {
      predecessors = values;
      if (!creating) columns.add('depends_on');
    }
  }

  return {
    input,
    id: target.id,
    current,
    key: target.key,
    patch: patch as ActionPatch,
    columns,
    raci,
    predecessors,
    recommendations,
    bottlenecks,
    parentId,
    parentChanges,
    bodyId,
    descriptionCleared,
    errors,
  };
}

/** The plan as it will be: every action's parent, period, state and progress, with the file's rows laid over the database's. */
interface Node {
  parent: string | null;
  period: Period | null;
  state: ActionState;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function futurePlan(plan: PlanSnapshot, rows: Planned[]) {
  const nodes = new Map<string, Node>();
  for (const a of plan.actions) nodes.set(a.id, { parent: a.parent_id, period: { startsOn: a.starts_on, endsOn: a.ends_on }, state: a.state });
  for (const r of rows) {
    const startsOn = (r.patch.startsOn ?? r.current?.starts_on ?? null) as string | null;
    const endsOn = (r.patch.endsOn ?? r.current?.ends_on ?? null) as string | null;
    const period = startsOn && endsOn && DAY.test(startsOn) && DAY.test(endsOn) ? { startsOn, endsOn } : null;
    nodes.set(r.id, { parent: r.parentId, period, state: (r.patch.state ?? r.current?.state ?? 'planned') as ActionState });
  }
  return nodes;
}

/** The ids above `id` in the tree, nearest first; a cycle ends the walk. */
function ancestorsOf(nodes: Map<string, Node>, id: string): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  for (let at = nodes.get(id)?.parent ?? null; at && !seen.has(at); at = nodes.get(at)?.parent ?? null) {
    out.push(at);
    seen.add(at);
  }
  return out;
}

/** Where each action sits in the tree, found in one walk: its depth, and its entry and exit in the walk's order. */
interface TreeOrder {
  depth: Map<string, number>;
  enter: Map<string, number>;
  exit: Map<string, number>;
}

/** One walk from the roots; an action on a parent cycle (or below one) is not reached and is left out. */
function treeOrder(nodes: Map<string, Node>): TreeOrder {
  const children = new Map<string | null, string[]>();
  for (const [id, node] of nodes) {
    const parent = node.parent && nodes.has(node.parent) ? node.parent : null;
    const list = children.get(parent);
    if (list) list.push(id);
    else children.set(parent, [id]);
  }
  const order: TreeOrder = { depth: new Map(), enter: new Map(), exit: new Map() };
  let clock = 0;
  const work: { id: string; depth: number; next: number }[] = (children.get(null) ?? []).map((id) => ({ id, depth: 0, next: -1 })).reverse();
  while (work.length) {
    const frame = work[work.length - 1]!;
    if (frame.next < 0) {
      order.enter.set(frame.id, clock++);
      order.depth.set(frame.id, frame.depth);
      frame.next = 0;
    }
    const kids = children.get(frame.id) ?? [];
    if (frame.next < kids.length) {
      work.push({ id: kids[frame.next++]!, depth: frame.depth + 1, next: -1 });
      continue;
    }
    order.exit.set(frame.id, clock++);
    work.pop();
  }
  return order;
}

/** Whether `above` is an ancestor of `id`: a constant-time test in the walk's order, a walk up for what the order left out. */
function isAbove(nodes: Map<string, Node>, order: TreeOrder, above: string, id: string): boolean {
  const [a, b] = [order.enter.get(above), order.enter.get(id)];
  if (a !== undefined && b !== undefined) return a < b && order.exit.get(id)! < order.exit.get(above)!;
  return ancestorsOf(nodes, id).includes(above);
}

/** Strongly connected components of the dependency graph (Tarjan's, iterative): an edge inside one lies on a cycle. */
function components(edges: Map<string, string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let found = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1]!.node, Math.min(low.get(work[work.length - 1]!.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, found);
        } while (member !== frame.node);
        found += 1;
      }
    }
  }
  return component;
}

/** The service's rules over the plan as it will be, for every row: what the schemas leave to them. */
function checkRules(plan: PlanSnapshot, rows: Planned[], resolve: (value: string) => string | undefined) {
  const nodes = futurePlan(plan, rows);
  const children = new Map<string, string[]>();
  for (const [id, node] of nodes) if (node.parent) children.set(node.parent, [...(children.get(node.parent) ?? []), id]);

  // Parents first: every row that would put an action below itself is named, then keeps its old place for the checks that follow.
  const future = treeOrder(nodes);
  const below = rows.filter((r) => r.parentChanges && r.parentId && (r.parentId === r.id || isAbove(nodes, future, r.id, r.parentId)));
  for (const r of below) {
    r.errors.push(...parentErrors(true, true).map((e) => atRow(r.input.row, e)));
    nodes.get(r.id)!.parent = r.current?.parent_id ?? null;
  }

  // Successor → predecessors, as they will be.
  const edges = new Map<string, string[]>();
  for (const [successor, list] of plan.predecessors) for (const p of list) edges.set(p, [...(edges.get(p) ?? []), successor]);
  const named = new Map<Planned, string[]>();
  for (const r of rows) {
    if (!r.predecessors) continue;
    for (const p of plan.predecessors.get(r.id) ?? []) edges.set(p, (edges.get(p) ?? []).filter((s) => s !== r.id));
    const ids = [...new Set(r.predecessors.flatMap((v) => resolve(v) ?? []))].filter((id) => id !== r.id);
    named.set(r, ids);
    for (const p of ids) edges.set(p, [...(edges.get(p) ?? []), r.id]);
  }
  const component = components(edges);
  // The tree once every row that would loop has kept its old place: walked once, asked in constant time.
  const order = treeOrder(nodes);

  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const failed = new Set(r.errors.map((e) => e.path.split('/')[2]));
    const fails = (...columns: string[]) => columns.some((c) => failed.has(c));
    // One at a time: a cell of a hundred thousand predecessors gives as many errors, too many to spread.
    const push = (errors: FieldError[]) => errors.forEach((e) => r.errors.push(atRow(r.input.row, e)));

    if (r.raci && !fails('raci', 'lead')) push(raciErrors(r.raci, (id) => plan.institutionSlugs.has(id), 'body/raci'));

    const periodMoved = !r.current || r.parentChanges || r.patch.startsOn !== undefined || r.patch.endsOn !== undefined;
    if (periodMoved && node.period && !fails('starts_on', 'ends_on', 'parent_ref')) {
      const parent = node.parent ? (nodes.get(node.parent)?.period ?? null) : null;
      const kids = (children.get(r.id) ?? []).filter((id) => nodes.get(id)!.parent === r.id).flatMap((id) => nodes.get(id)!.period ?? []);
      const milestones = r.current ? { first: r.current.milestone_first, last: r.current.milestone_last } : { first: null, last: null };
      push(periodErrors(node.period, { parent, children: kids, milestones }));
    }

    const childCount = (children.get(r.id) ?? []).filter((id) => nodes.get(id)!.parent === r.id).length;
    if (r.patch.progress !== undefined && r.patch.progress !== null && !fails('progress')) push(progressErrors(childCount));

    if (!fails('state', 'drop_reason')) {
      const from = r.current?.state ?? null;
      if (!transitionAllowed(from, node.state)) r.errors.push({ path: `rows/${r.input.row}/state`, code: 'invalid-transition', params: { from: from!, to: node.state }, message: `cannot change from ${from} to ${node.state}: done and dropped are final` });
      else push(dropReasonErrors(from, node.state, (r.patch.dropReason as string | undefined) ?? r.current?.drop_reason));
    }

    const ids = named.get(r);
    if (r.predecessors && ids && !fails('depends_on')) {
      const inTree = new Set(ids.filter((p) => isAbove(nodes, order, p, r.id) || isAbove(nodes, order, r.id, p)));
      const closing = new Set(ids.filter((p) => component.get(p) !== undefined && component.get(p) === component.get(r.id)));
      push(predecessorErrors(r.predecessors, { actionId: r.id, resolve, closing, inTree }, 'body/dependsOn'));
    }
  }
  return { nodes, order };
}

/** The request schemas over a row's values: those of a new action whole, those of a change as far as it goes. */
function checkSchemas(r: Planned) {
  const row = r.input.row;
  const push = (errors: FieldError[]) => errors.forEach((e) => r.errors.push(atRow(row, e)));
  const failed = new Set(r.errors.map((e) => e.path.split('/')[2]));
  const { parent: _parent, ...fields } = r.patch as ActionPatch & { parent?: unknown };
  // What was named already (an unknown body, link or parent) is not named again by its shape.
  const shape = Object.fromEntries(Object.entries(fields).filter(([field]) => !failed.has(columnOf(`body/${field}`))));
  if (!r.current) {
    const raci = r.raci && !failed.has('raci') ? r.raci : [{ institutionId: unknownInstitutionId(0), role: 'A', lead: false }];
    const errors = schemaErrors(ActionCreate, { ...shape, raci: raci.map(({ institutionId, role, lead }) => ({ institutionId, role, ...(lead ? { lead } : {}) })) }, 'body');
    push(errors.filter((e) => !(e.path === 'body/raci' && r.raci === undefined)));
    if (!r.raci && !failed.has('raci')) r.errors.push({ path: `rows/${row}/raci`, code: 'required', message: 'is required for a new action' });
  } else {
    if (Object.keys(shape).length) push(schemaErrors(ActionPatch, shape, 'body'));
    if (r.raci && !failed.has('raci')) push(schemaErrors(RaciPut, { entries: r.raci.map(({ institutionId, role, lead }) => ({ institutionId, role, ...(lead ? { lead } : {}) })) }, 'body'));
  }
  if (r.predecessors) push(schemaErrors(DependenciesPut, { predecessors: r.predecessors }, 'body'));
}

// ---- writing ----

async function inChunks<T>(items: readonly T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await write(items.slice(i, i + size));
}

/** Depth in the plan as it will be, for writing parents before children and rolling up from the deepest. */
const depthIn = (nodes: Map<string, Node>, order: TreeOrder, id: string) => order.depth.get(id) ?? ancestorsOf(nodes, id).length;

async function write(trx: QueryBuilder, editor: AuthUser, plan: PlanSnapshot, rows: Planned[], { nodes, order }: { nodes: Map<string, Node>; order: TreeOrder }, resolve: (value: string) => string | undefined) {
  const depthOf = (_: Map<string, Node>, id: string) => depthIn(nodes, order, id);
  const creating = rows.filter((r) => !r.current).sort((a, b) => depthOf(nodes, a.id) - depthOf(nodes, b.id));
  const updating = rows.filter((r) => r.current && outcomeOf(r) === 'updated');
  const refs = await nextRefs(trx, 'AC', creating.length);
  const nextPosition = new Map<string | null, number>();
  for (const a of plan.actions) nextPosition.set(a.parent_id, Math.max(nextPosition.get(a.parent_id) ?? 0, a.position + 1));
  const positionUnder = (parent: string | null) => {
    const position = nextPosition.get(parent) ?? 0;
    nextPosition.set(parent, position + 1);
    return position;
  };
  const created = new Map<Planned, string>();
  // Rows in the file's order, parents first: new actions get their places among their siblings in that order.
  const values = creating.map((r, i) => {
    created.set(r, refs[i]!);
    const body = r.bodyId ? { id: r.bodyId, cadence: plan.bodies.get(r.bodyId)!.cadence } : null;
    const input = { ...r.patch, raci: r.raci ?? [] } as unknown as ActionCreate;
    return { id: r.id, ...newActionValues(input, { ref: refs[i]!, parentId: r.parentId, position: 0, body, createdBy: editor.id }) };
  });
  const byRow = new Map(creating.map((r, i) => [r, values[i]!]));
  for (const r of [...rows].sort((a, b) => a.input.row - b.input.row)) if (byRow.has(r)) byRow.get(r)!.position = positionUnder(r.parentId);
  await inChunks(values, 1000, (chunk) => trx.insertInto('actions').values(chunk).execute());

  const events: repo.EventValues[] = creating.map((r, i) => ({ actionId: r.id, kind: 'created', to: values[i]!.state ?? 'planned', actorId: editor.id }));
  const audits: AuditEntry[] = creating.map((r) => ({ actorId: editor.id, action: 'action.created', entityType: 'action', entityId: r.id, details: { ref: created.get(r), import: true } }));
  const rollUps = new Set<string | null>(creating.map((r) => r.parentId));

  for (const r of updating) {
    const current = r.current!;
    const state = { id: current.id, state: current.state, progress: String(current.progress), ends_on: current.ends_on, child_count: plan.childCount.get(current.id) ?? 0 };
    const change = changeOf(state, r.patch, editor.id);
    const raciBefore = r.raci ? await raciLabel(trx, current.id) : null;
    await repo.updateAction(trx, current.id, {
      ...patchValues(r.patch, change, r.bodyId === undefined ? undefined : r.bodyId === null ? null : { id: r.bodyId }),
      ...(r.descriptionCleared ? { description: '{}' } : {}),
      ...(r.parentChanges ? { parent_id: r.parentId, position: positionUnder(r.parentId) } : {}),
    });
    if (r.raci) {
      await repo.replaceRaci(trx, current.id, r.raci.map((e) => ({ institutionId: e.institutionId, role: e.role, lead: Boolean(e.lead) })));
      const after = await raciLabel(trx, current.id);
      if (after !== raciBefore) events.push({ actionId: current.id, kind: 'raci', from: raciBefore, to: after, actorId: editor.id });
    }
    events.push(...change.events);
    audits.push(updatedAudit(current, [...r.columns], change, editor.id, { import: true }));
    if (change.progress !== undefined || change.moving || r.patch.weight !== undefined || r.parentChanges) rollUps.add(r.parentId);
    if (r.parentChanges) rollUps.add(current.parent_id);
  }

  // What a new action starts with, and what a change replaces, written in bulk.
  const written = [...creating, ...updating];
  const raciRows = written.filter((r) => r.raci && !r.current).flatMap((r) => r.raci!.map((e) => ({ action_id: r.id, institution_id: e.institutionId, role: e.role, is_lead: Boolean(e.lead) })));
  await inChunks(raciRows, 5000, (chunk) => trx.insertInto('action_raci').values(chunk).execute());
  const withPredecessors = written.filter((r) => r.predecessors);
  if (withPredecessors.some((r) => r.current)) await trx.deleteFrom('action_dependencies').where('successor_id', 'in', withPredecessors.filter((r) => r.current).map((r) => r.id)).execute();
  const dependencyRows = withPredecessors.flatMap((r) => [...new Set(r.predecessors!.map((v) => resolve(v)!))].map((p) => ({ predecessor_id: p, successor_id: r.id })));
  await inChunks(dependencyRows, 10000, (chunk) => trx.insertInto('action_dependencies').values(chunk).execute());
  for (const [column, table, key] of [
    ['recommendations', 'action_recommendations', 'recommendation_id'],
    ['bottlenecks', 'action_bottlenecks', 'bottleneck_id'],
  ] as const) {
    const changed = written.filter((r) => r[column]);
    const existing = changed.filter((r) => r.current).map((r) => r.id);
    if (existing.length) await trx.deleteFrom(table).where('action_id', 'in', existing).execute();
    const linkRows = changed.flatMap((r) => r[column]!.map((id) => ({ action_id: r.id, [key]: id }) as { action_id: string; recommendation_id: string } & { bottleneck_id: string }));
    await inChunks(linkRows, 10000, (chunk) => trx.insertInto(table).values(chunk as never).execute());
  }
  const funded = written.filter((r) => r.patch.funding);
  const fundedExisting = funded.filter((r) => r.current).map((r) => r.id);
  if (fundedExisting.length) await trx.deleteFrom('action_funding').where('action_id', 'in', fundedExisting).execute();
  const fundingRows = funded.flatMap((r) => r.patch.funding!.map((f, position) => ({ action_id: r.id, position, source: JSON.stringify(f.source), amount_eur: f.amountEur, year: f.year ?? null })));
  await inChunks(fundingRows, 5000, (chunk) => trx.insertInto('action_funding').values(chunk).execute());

  await inChunks(events, 5000, (chunk) => repo.insertEvents(trx, chunk));
  await recordAudits(trx, audits);
  // The roll-up, from the deepest parent up: each walk sees the values below it already rolled up.
  const parents = [...rollUps].filter((id): id is string => Boolean(id)).sort((a, b) => depthOf(nodes, b) - depthOf(nodes, a));
  for (const id of parents) await rollUpFrom(trx, id);
  return created;
}

function outcomeOf(r: Planned): Outcome {
  if (!r.current) return 'created';
  return r.columns.size || r.descriptionCleared ? 'updated' : 'unchanged';
}

// ---- the import ----

/**
 * Imports a CSV or XLSX file of actions: every row checked against the plan as the whole file
 * leaves it, all or nothing, under the plan's lock. A refusal (400 `import-refused`) names every
 * error as `rows/<row>/<column>`; a dry run reports what would be done and writes nothing.
 */
export async function importPlan(db: QueryBuilder, editor: AuthUser, content: Uint8Array, { dryRun }: { dryRun: boolean }): Promise<PlanImportReport> {
  const sheet = await readFile(content);
  const columns = readHeader(sheet);
  const { inputs, errors: layoutErrors } = rowInputs(sheet, columns);
  return db.transaction().execute(async (trx) => {
    await repo.lockPlan(trx);
    const plan = await readPlan(trx);
    const links = await linkLookups(trx, inputs);
    const { targets, resolve, errors } = identify(inputs, plan);
    const unknownInstitutions = new Map<string, string>();
    const rows = inputs.flatMap((input) => (targets.has(input) ? [planRow(input, targets.get(input)!, plan, resolve, links, unknownInstitutions)] : []));
    for (const r of rows) checkSchemas(r);
    const nodes = checkRules(plan, rows, resolve);
    // Appended one at a time (a spread of every error overflows the stack) and at most a row's share each.
    for (const e of layoutErrors) errors.push(e);
    for (const r of rows) for (const e of r.errors.slice(0, 10 * MAX_ERRORS_PER_ROW)) errors.push(e);
    if (errors.length) {
      const order = (path: string) => {
        const [, row, column] = path.split('/');
        return [Number(row) || 0, (PLAN_COLUMNS as readonly string[]).indexOf(column ?? '')];
      };
      errors.sort((a, b) => {
        const [ra, ca] = order(a.path);
        const [rb, cb] = order(b.path);
        return ra - rb || ca - cb;
      });
      // Every bad row is named; a row's errors past the tenth are left out, so the answer stays readable whatever the file.
      const perRow = new Map<string, number>();
      const named = errors.filter((e) => {
        const row = e.path.split('/').slice(0, 2).join('/');
        perRow.set(row, (perRow.get(row) ?? 0) + 1);
        return perRow.get(row)! <= MAX_ERRORS_PER_ROW;
      });
      const badRows = [...perRow.keys()].filter((row) => row.startsWith('rows/')).length;
      // Past the first thousand, only each further bad row's first error: every bad row is still named.
      const shown = new Set<string>();
      const listed = named.filter((e, i) => {
        const row = e.path.split('/').slice(0, 2).join('/');
        const keep = i < MAX_ERRORS || !shown.has(row);
        shown.add(row);
        return keep;
      });
      const left = named.length - listed.length;
      throw new HttpProblem(
        400,
        'import-refused',
        'Import refused',
        `${badRows} of ${inputs.length} rows have errors; nothing was imported.${left ? ` ${named.length} errors were found; ${left} more of rows already named are left out.` : ''}`,
        { params: { rows: badRows }, errors: listed },
      );
    }
    const created = dryRun ? new Map<Planned, string>() : await write(trx, editor, plan, rows, nodes, resolve);
    const results = rows.map((r) => ({
      row: r.input.row,
      ref: r.current?.ref ?? created.get(r) ?? null,
      key: r.key,
      outcome: outcomeOf(r),
      columns: r.current ? [...r.columns].sort((a, b) => (PLAN_COLUMNS as readonly string[]).indexOf(a) - (PLAN_COLUMNS as readonly string[]).indexOf(b)) : [],
    }));
    const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
    return { dryRun, format: sheet.format, rows: rows.length, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), results };
  });
}
