/**
 * Every problem the server can answer with, and every reason a field can be refused, each with
 * the names of its parameters. A problem document (RFC 9457) keeps its English `type`, `title`
 * and `detail` for API clients and adds `code` (the last segment of `type`) and `params`; each of
 * its `errors[]` has `code` and `params` beside its English `message`. The web app words them from
 * code and params in the user's language (`src/web/locales/<lang>/problems.json`, keys
 * `problem.<code>` and `field.<code>`, with a `{{param}}` for each parameter); a unit test fails
 * on a code without a text in each language. The server's types accept only these codes, so a
 * problem cannot be thrown without being registered here first.
 */

export const PROBLEM_CODES = {
  // requests as such
  'validation-error': [],
  'invalid-request': [],
  'invalid-value': [],
  'unstorable-text': [],
  'malformed-json': [],
  'payload-too-large': [],
  'unsupported-media-type': [],
  'multipart-without-boundary': [],
  'not-multipart': [],
  'file-too-large': ['megabytes'],
  'unsupported-file-type': [],
  'too-many-attachments': ['limit'],
  'bad-range': [],
  'unknown-service': ['serviceCode'],
  'not-found': [],
  'not-acceptable': [],
  'too-many-requests': ['minutes'],
  'too-many-cells': ['cells', 'limit'],
  'http-error': ['status'],
  'internal-error': [],
  'database-unavailable': [],
  // who is asking
  unauthorized: [],
  'session-expired': [],
  'session-required': [],
  'invalid-credentials': [],
  'invalid-token': [],
  'invalid-api-key': [],
  'insufficient-scope': [],
  'cross-site-request': [],
  'csrf-token-invalid': [],
  forbidden: [],
  'change-not-permitted': [],
  'wrong-password': [],
  'email-taken': [],
  'last-admin': [],
  'invalid-email-token': [],
  'account-disabled': [],
  'invitation-used': [],
  'invitation-expired': [],
  'reset-link-unknown': [],
  'reset-link-used': [],
  'reset-link-replaced': [],
  'reset-link-expired': [],
  'unsubscribe-link-invalid': [],
  // the register, dialogues and recommendations
  'invalid-transition': ['from', 'to'],
  'bulk-item-refused': ['ref', 'from', 'to'],
  'suggestion-gone': [],
  changed: [],
  merged: [],
  'bad-target': [],
  closed: [],
  'not-published': [],
  'already-supported': [],
  'already-following': [],
  'already-answered': [],
  'already-responded': [],
  'not-your-institution': [],
  'not-assigned': [],
  'not-an-interview': [],
  'not-planned': [],
  'not-started': [],
  // the cooperation model
  'body-has-children': [],
  'body-in-use': [],
  'no-action-yet': [],
  'lesson-cited': [],
  // the joint action plan
  'has-children': [],
  'has-dependants': [],
  'import-refused': ['rows'],
  'import-file-type': [],
  'import-unreadable': [],
  'import-columns': [],
  'import-empty': [],
  'import-too-many-rows': ['limit'],
  'workbook-too-large': ['megabytes'],
  // directory, catalogue and harvest
  'slug-taken': [],
  'name-taken': [],
  'source-exists': [],
  'run-active': [],
  'run-not-active': [],
  'source-address-refused': [],
  'source-unreachable': [],
  'source-not-recognised': ['kind'],
  // statistics
  'source-in-use': [],
  'source-nothing-to-read': [],
  'statistics-file-type': [],
  // indicators as editors define them
  'indicator-exists': [],
  'indicator-in-use': ['links', 'dependants'],
  // planning systems and plans
  'seeded-fact': [],
  // map comments (422: the place lies outside the twin region)
  'outside-region': [],
  // the joint strategic framework
  'draft-exists': [],
  'version-frozen': [],
  'already-adopted': [],
  'no-adopted-framework': [],
  'body-not-of-region': [],
  'serves-framework-target': [],
  // consultations
  'commenting-off': [],
  'support-off': [],
  'reply-depth': [],
  'already-flagged': [],
  // consultation surveys
  'questions-locked': [],
  'not-closed': [],
  // "you said, we did": comments answered by the changes of a later framework version
  'outcome-needs-change': [],
  'change-not-in-later-version': [],
  'not-about-framework': [],
  'comment-not-published': [],
  // SensorThings API: query options
  'filter-syntax': ['option', 'position'],
  'expand-syntax': ['option', 'position'],
  'query-option-invalid': ['option'],
  'unknown-property': ['entityType', 'name'],
  'filter-type-mismatch': [],
  'filter-unsupported': ['function'],
  'filter-out-of-range': [],
  // SensorThings API: writes
  'missing-relation': ['relation'],
  'related-not-found': ['entityType'],
  'missing-feature-of-interest': [],
  'result-type-mismatch': ['observationType'],
  'multidatastream-arity': [],
  'conflicting-relation': ['relation'],
  'read-only-property': ['name'],
  'not-your-pilot': [],
  'method-not-allowed': [],
  'batch-malformed': [],
  'geometry-literal-invalid': ['position'],
  'filter-too-costly': ['limit'],
  'upgrade-required': [],
  'json-patch-invalid': [],
  'json-patch-test-failed': [],
  'older-than-retention': ['from'],
  'hours-before-raw': [],
  // made by the web app's client, never sent by the server
  network: [],
  'unreadable-answer': [],
} as const satisfies Record<string, readonly string[]>;

export const FIELD_CODES = {
  // from the route schemas (Ajv's keyword and its params)
  required: [],
  'not-allowed': [],
  'too-short': ['limit'],
  'too-long': ['limit'],
  'too-few': ['limit'],
  'too-many': ['limit'],
  'too-small': ['limit'],
  'too-large': ['limit'],
  blank: [],
  pattern: [],
  email: [],
  url: [],
  date: [],
  'date-time': [],
  uuid: [],
  format: [],
  integer: [],
  number: [],
  type: [],
  'one-of': ['allowedValues'],
  duplicate: [],
  invalid: [],
  // what PostgreSQL cannot store
  'nul-character': [],
  'broken-unicode': [],
  // the features' own rules
  'unknown-institution': [],
  'unknown-bottleneck': [],
  'unknown-dialogue': [],
  'unknown-guide': [],
  'end-before-start': [],
  // a SensorThings series or download (features/sta/sta.series.ts)
  'range-too-long': ['years'],
  'too-many-rows': ['limit'],
  'hours-before-raw': [],
  'dialogue-too-short': ['minutes'],
  'dialogue-too-long': ['days'],
  'dialogue-too-early': ['year'],
  'dialogue-too-far-ahead': ['years'],
  'unsafe-markup': [],
  credentials: [],
  'not-current-password': [],
  'same-as-email': [],
  'ancestor-cycle': [],
  'outcome-required': [],
  'outcome-written-off': [],
  'country-twice': [],
  'country-not-involved': [],
  'institution-wrong-country': ['country', 'expected'],
  'same-bottleneck': [],
  'participant-unnamed': [],
  'not-guide-question': [],
  'answered-twice': [],
  'not-addressee': [],
  'invalid-cursor': [],
  // the joint action plan
  'unknown-action': [],
  'unknown-body': [],
  'unknown-recommendation': [],
  'unknown-lesson': [],
  'accountable-missing': [],
  'accountable-twice': [],
  'responsible-missing': [],
  'lead-twice': [],
  'outside-parent-period': ['from', 'to'],
  'outside-action-period': ['from', 'to'],
  'excludes-children': [],
  'excludes-milestones': [],
  'parent-cycle': [],
  'self-dependency': [],
  'dependency-cycle': [],
  'dependency-in-tree': [],
  'progress-on-parent': [],
  // the progress report
  'period-too-long': ['years'],
  'year-out-of-range': ['min', 'max'],
  'invalid-transition': ['from', 'to'],
  'unknown-column': [],
  'raci-pair': [],
  'lead-without-role': [],
  'funding-json': [],
  // indicators as KPIs and evidence
  'unknown-indicator': [],
  'unknown-datastream': [],
  'kpi-without-source': [],
  'unpublished-indicator': [],
  'wrong-period': ['example'],
  'target-before-baseline': [],
  // indicators as editors define them
  'unknown-table': [],
  'table-without-figures': [],
  'wrong-frequency': ['table', 'example'],
  'unknown-dimension': [],
  'time-dimension': [],
  'dimension-unmapped': [],
  'dimension-twice': [],
  'region-missing': [],
  'region-twice': [],
  'unknown-code': [],
  'unknown-region': [],
  'region-wrong-country': ['country', 'expected'],
  'self-reference': [],
  'slug-reserved': [],
  // planning systems and plans
  'unknown-source': [],
  uncited: [],
  'source-address-refused': [],
  'source-unreachable': [],
  'source-not-recognised': ['kind'],
  // map comments (src/shared/commentGeometry.ts)
  'geometry-invalid': ['reason'],
  'outside-region': [],
  // the joint strategic framework
  'target-without-indicator': [],
  'body-not-of-region': [],
  'parent-kind': ['expected'],
  // consultations
  'unknown-section': [],
  'unknown-framework-version': [],
  // a comment's place on the map (map_tools) and a viewport
  'no-map-places': [],
  'points-only': [],
  'bbox-invalid': [],
  'unknown-plan': [],
  // a plan's framework objectives
  'unknown-objective': [],
  // consultation surveys: an answer that does not fit its question
  'answer-does-not-fit': ['kind'],
  'unknown-option': [],
  'out-of-scale': ['min', 'max'],
  'unknown-question': [],
  // "you said, we did"
  'outcome-needs-change': [],
  'change-not-in-later-version': [],
} as const satisfies Record<string, readonly string[]>;

/**
 * Why a map comment's place is not a valid geometry: the `reason` of the field code
 * `geometry-invalid`, worded by the web app from `geometryReason.<reason>` of `problems.json`.
 */
export const GEOMETRY_INVALID_REASONS = ['not-a-geometry', 'out-of-range', 'too-few-points', 'too-many-points', 'not-closed', 'hole', 'self-intersection', 'no-area'] as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type FieldCode = keyof typeof FIELD_CODES;

type ParamValue = string | number;
export type ProblemParamName<C extends ProblemCode> = (typeof PROBLEM_CODES)[C][number];
export type FieldParamName<C extends FieldCode> = (typeof FIELD_CODES)[C][number];
export type ProblemParams<C extends ProblemCode> = { [K in ProblemParamName<C>]: ParamValue };
export type FieldParams<C extends FieldCode> = { [K in FieldParamName<C>]: ParamValue };

/** One refused field: where, why (a registered code with its parameters) and the reason in English. */
export type FieldError = {
  [C in FieldCode]: { path: string; code: C; message: string } & ([FieldParamName<C>] extends [never] ? { params?: Record<string, never> } : { params: FieldParams<C> });
}[FieldCode];

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.hasOwn(PROBLEM_CODES, code);
}

export function isFieldCode(code: unknown): code is FieldCode {
  return typeof code === 'string' && Object.hasOwn(FIELD_CODES, code);
}

/**
 * What went wrong in a harvest run: each error a run keeps (a record, a page, the source as a
 * whole) and the run's own message have one of these codes and its parameters beside their
 * English message, which the API and the command line keep. Where a request or a page failed,
 * the parameter `reason` is not a value but why, as a code of `HARVEST_REASON_CODES` with its own
 * parameters. Pages are counted from 1, a record's position on its page from 1; `page` is a DCAT
 * page's address. The web app words them from the texts `harvest.<code>` and `harvestReason.<code>`
 * of `problems.json`; the server words its English from the English texts (`englishOf`).
 */
export const HARVEST_ERROR_CODES = {
  // one record
  'record-not-object': ['page', 'position'],
  'record-without-id': ['page', 'position'],
  'named-record-without-id': ['page', 'position', 'name'],
  'dataset-without-identifier': ['page'],
  'named-dataset-without-identifier': ['page', 'name'],
  'record-without-title': [],
  'record-unmappable': ['reason'],
  'record-invalid': ['problems'],
  'record-not-stored': ['reason'],
  'details-unreadable': ['address', 'reason'],
  'details-without-dataset': [],
  // a page, or the listing as a whole
  'page-unreadable': ['page', 'reason'],
  'pages-unreadable': ['count'],
  'page-repeated': ['page'],
  'pages-without-identifiers': ['count'],
  'page-loop': ['page'],
  'too-many-pages': ['limit'],
  'next-page-elsewhere': ['page', 'site'],
  'listing-changed': ['totals'],
  'listing-shifted': ['count'],
  'listing-short': ['announced', 'listed'],
  // the run as a whole (its message, and the error that names it)
  'source-unreadable': ['address', 'reason'],
  'harvest-stopped': ['reason'],
  'listing-empty': ['count'],
  'listing-incomplete': [],
  'run-cancelled': [],
  'given-up': ['starts'],
} as const satisfies Record<string, readonly string[]>;

/** Why a request or a page of a harvest failed: the `reason` of a harvest error. */
export const HARVEST_REASON_CODES = {
  // the request (`lib/http.ts`)
  'http-status': ['status'],
  'http-status-said': ['status', 'detail'],
  timeout: ['ms'],
  network: ['detail'],
  'address-refused': ['host'],
  'invalid-address': [],
  'too-many-redirects': ['limit'],
  'redirect-not-web': ['address'],
  'too-large': ['megabytes'],
  'empty-body': [],
  'not-json': ['detail'],
  cancelled: [],
  // what the answer says
  'not-ckan': [],
  'ckan-failure': [],
  'ckan-failure-said': ['detail'],
  'ckan-without-results': [],
  'estonia-without-list': [],
  'not-turtle': ['detail'],
  'not-rdf-xml': ['detail'],
  'rdf-xml-cut-short': [],
  'not-json-ld': ['detail'],
  'json-ld-too-deep': ['limit'],
  'json-ld-unusable': ['detail'],
  // anything else (a program error, quoted)
  unexpected: ['detail'],
} as const satisfies Record<string, readonly string[]>;

/**
 * What a statistics import could not read or store (issue 18): a run's errors and messages, worded
 * in `problems.json` under `statistics`. A `reason` is a `HarvestReason` (the HTTP client's).
 */
export const STAT_ERROR_CODES = {
  // PC-Axis files
  'px-truncated': ['line'],
  'px-syntax': ['line', 'detail'],
  'px-keyword-missing': ['keyword'],
  'px-keyword-ignored': ['keyword'],
  'px-data-count': ['expected', 'found'],
  'px-data-token': ['line', 'token'],
  'px-encoding-unknown': ['codepage'],
  'px-encoding-guessed': ['declared', 'used'],
  'px-too-large': ['cells', 'limit'],
  // JSON-stat documents
  'jsonstat-invalid': ['path', 'detail'],
  'jsonstat-size-mismatch': ['expected', 'found'],
  'jsonstat-class-unsupported': ['class'],
  'jsonstat-link-elsewhere': ['address'],
  'jsonstat-error': ['detail'],
  'jsonstat-too-large': ['cells', 'limit'],
  // PxWeb (v1 and 2.0) and Eurostat servers
  'pxweb-html-answer': ['address'],
  'pxweb-too-many-cells': ['cells', 'limit'],
  'pxweb-dimension-unknown': ['dimension'],
  'pxweb-value-unknown': ['dimension', 'value'],
  'pxweb-refused': ['address', 'status', 'detail'],
  'pxweb-answer-invalid': ['address', 'detail'],
  'eurostat-refused': ['dataset', 'status', 'detail'],
  'eurostat-too-big': ['dataset'],
  'eurostat-no-data': ['dataset'],
  'eurostat-not-ready': ['dataset'],
  // a table, or the run as a whole
  'table-unreadable': ['table', 'reason'],
  'table-not-stored': ['table', 'detail'],
  'table-empty': ['table'],
  'source-unreadable': ['address', 'reason'],
  'run-cancelled': [],
  'given-up': ['starts'],
} as const satisfies Record<string, readonly string[]>;

export type StatErrorCode = keyof typeof STAT_ERROR_CODES;

/** A statistics import's error or message as a registered code with exactly its parameters. */
export type StatProblem = {
  [C in StatErrorCode]: { code: C; params: { [K in (typeof STAT_ERROR_CODES)[C][number]]: K extends 'reason' ? HarvestReason : ParamValue } };
}[StatErrorCode];

export function isStatErrorCode(code: unknown): code is StatErrorCode {
  return typeof code === 'string' && Object.hasOwn(STAT_ERROR_CODES, code);
}

export type HarvestErrorCode = keyof typeof HARVEST_ERROR_CODES;
export type HarvestReasonCode = keyof typeof HARVEST_REASON_CODES;

/** Why a request or page failed: a registered code with exactly its parameters. */
export type HarvestReason = {
  [C in HarvestReasonCode]: { code: C; params: { [K in (typeof HARVEST_REASON_CODES)[C][number]]: ParamValue } };
}[HarvestReasonCode];

/** A harvest error or run message as a registered code with exactly its parameters (`reason` a `HarvestReason`). */
export type HarvestProblem = {
  [C in HarvestErrorCode]: { code: C; params: { [K in (typeof HARVEST_ERROR_CODES)[C][number]]: K extends 'reason' ? HarvestReason : ParamValue } };
}[HarvestErrorCode];

export function isHarvestErrorCode(code: unknown): code is HarvestErrorCode {
  return typeof code === 'string' && Object.hasOwn(HARVEST_ERROR_CODES, code);
}

export function isHarvestReasonCode(code: unknown): code is HarvestReasonCode {
  return typeof code === 'string' && Object.hasOwn(HARVEST_REASON_CODES, code);
}
