import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { Language } from '../../../shared/languages.ts';
import type { Indicator, IndicatorListItem } from '../../../shared/schemas/indicators.ts';
import { cache } from '../../lib/cache.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import * as indicators from './indicators.service.ts';
import {
  CallWindows,
  isLevel,
  levelOf,
  PXWEB_DATABASE,
  PXWEB_LANGUAGES,
  QueryRefusal,
  readV1Query,
  readV2Selection,
  selectCube,
  selectionOfQuery,
  slugOfV1Table,
  tableCube,
  v1Answer,
  v1Config,
  v1Databases,
  v1Levels,
  v1Metadata,
  v1Tables,
  v2Answer,
  v2Config,
  v2DefaultSelection,
  v2Table,
  V2_FORMATS,
  V2_NAMED_FORMATS,
  type PxwebLimits,
  type V2Format,
  pxwebJsonStat2,
} from './pxweb.ts';

/**
 * The PxWeb read API (issue 18 §5, research §10.3): every published indicator served as a PxWeb
 * table, so tools written for PxWeb read Talsinki as they read a statistics office. API v1 at
 * `/api/pxweb/v1/{lang}/talsinki/{level}/{id}.px` (the `pxweb` R package, our own importer) with
 * its errors in PxWeb's shape (`{"error": …}`) on purpose, as Open311 answers in GeoReport's;
 * PxWebApi 2.0 at `/api/pxweb/v2` (PxWeb 2's web client) with its problem+json. Both count calls
 * per client address against the limits they publish (`?config`, `/config`). All public: a draft
 * indicator is neither listed nor served, whoever asks.
 */

const tags = ['pxweb'];
const V1_TOO_MANY_CALLS = '429 - Too many requests in too short timeframe. Please try again later.';
/** A PxWeb query arrives as whatever its client says: the pxweb R package's httr sends JSON as a form (libcurl's default type). */
const QUERY_MEDIA_TYPES = ['application/x-www-form-urlencoded', 'text/plain'];

// ---- schemas (the OpenAPI document's, and what each answer is checked against in tests) ----

const Lang = Type.Enum([...PXWEB_LANGUAGES], { type: 'string' });
const PathPart = (description: string) => Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$', description });
const V1Query = Type.Object({ config: Type.Optional(Type.String({ maxLength: 100, description: 'Present (`?config`): the API\'s limits instead of the resource' })) });
const V1Config = Type.Object({ maxValues: Type.Integer(), maxCells: Type.Integer(), maxCalls: Type.Integer(), timeWindow: Type.Integer({ description: 'Seconds' }), CORS: Type.Boolean() });
const V1Databases = Type.Array(Type.Object({ dbid: Type.String(), text: Type.String() }));
const V1Items = Type.Array(
  Type.Object({
    id: Type.String(),
    type: Type.Enum(['l', 't', 'h'], { type: 'string', description: 'l a level (folder), t a table' }),
    text: Type.String(),
    updated: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  }),
);
const V1Metadata = Type.Object({
  title: Type.String(),
  variables: Type.Array(
    Type.Object({
      code: Type.String(),
      text: Type.String(),
      values: Type.Union([Type.Array(Type.String()), Type.Null()]),
      valueTexts: Type.Union([Type.Array(Type.String()), Type.Null()]),
      elimination: Type.Boolean(),
      time: Type.Boolean(),
    }),
  ),
});
const V1Error = Type.Object({ error: Type.String({ description: 'PxWeb\'s words: Parameter error, Too many values selected, 429 - Too many requests…' }), detail: Type.Optional(Type.String({ description: 'What was wrong, naming the variable or value' })) });
const V1QueryBody = Type.Object(
  {
    query: Type.Array(
      Type.Object({
        code: Type.String({ maxLength: 200 }),
        selection: Type.Object({
          filter: Type.String({ maxLength: 200, description: 'item (codes), all (one pattern with *), top (the last n)' }),
          values: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100_000 }),
        }),
      }),
      { maxItems: 100 },
    ),
    response: Type.Optional(Type.Object({ format: Type.Optional(Type.String({ maxLength: 40, description: 'json, json-stat (JSON-stat 1.x under "dataset"), json-stat2, csv or px (the default)' })) })),
  },
  { description: 'A PxWeb API v1 query. Sent as JSON whatever the Content-Type says, as PxWeb reads it.' },
);
const v1Errors = { '4xx': V1Error };
const DATA_TYPES = ['application/json', 'text/csv', 'application/octet-stream'];

const V2Link = Type.Object({ rel: Type.String(), hreflang: Type.String(), href: Type.String() });
const V2Table = Type.Object({
  id: Type.String(),
  label: Type.String(),
  description: Type.String(),
  sortCode: Type.String(),
  updated: Type.Union([Type.String(), Type.Null()]),
  firstPeriod: Type.Union([Type.String(), Type.Null()]),
  lastPeriod: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  discontinued: Type.Boolean(),
  variableNames: Type.Array(Type.String()),
  source: Type.String(),
  subjectCode: Type.String(),
  timeUnit: Type.String(),
  paths: Type.Array(Type.Array(Type.Object({ id: Type.String(), label: Type.String(), sortCode: Type.String() }))),
  links: Type.Array(V2Link),
});
const V2TableAnswer = Type.Object({ language: Type.String(), ...V2Table.properties });
const V2Tables = Type.Object({
  language: Type.String(),
  tables: Type.Array(V2Table),
  page: Type.Object({ pageNumber: Type.Integer(), pageSize: Type.Integer(), totalElements: Type.Integer(), totalPages: Type.Integer(), links: Type.Array(V2Link) }),
  links: Type.Array(V2Link),
});
const V2Config = Type.Object({
  apiVersion: Type.String(),
  appVersion: Type.String(),
  languages: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
  defaultLanguage: Type.String(),
  maxDataCells: Type.Integer(),
  maxCallsPerTimeWindow: Type.Integer(),
  timeWindow: Type.Integer(),
  license: Type.String(),
  sourceReferences: Type.Array(Type.Object({ language: Type.String(), text: Type.String() })),
  defaultDataFormat: Type.String(),
  dataFormats: Type.Array(Type.String()),
  features: Type.Array(Type.Object({ id: Type.String(), params: Type.Array(Type.Object({ key: Type.String(), value: Type.String() })) })),
});
const V2SelectionPart = Type.Object({
  variableCode: Type.String({ minLength: 1, maxLength: 200 }),
  codelist: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  valueCodes: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100_000, description: 'Codes or expressions: *, ?, top(n[,offset]), bottom(n[,offset]), from(code), to(code), range(a,b)' }),
});
const V2Placement = Type.Object({ heading: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })), stub: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })) });
const V2Selection = Type.Object({ selection: Type.Optional(Type.Array(V2SelectionPart, { maxItems: 100 })), placement: Type.Optional(V2Placement) }, { description: 'No selection: the default one (every value, the measure as published)' });
const V2SelectionAnswer = Type.Object({ language: Type.String(), selection: Type.Array(Type.Object({ variableCode: Type.String(), codelist: Type.Union([Type.String(), Type.Null()]), valueCodes: Type.Array(Type.String()) })), placement: V2Placement, links: Type.Array(V2Link) });
/** Any text: a language Talsinki has not is refused as PxWebApi refuses it ("Unsupported language", which PxWeb 2 answers by asking in its fallback). */
const V2Lang = Type.String({ maxLength: 20, description: `${PXWEB_LANGUAGES.join(', ')}; en when not given` });
const V2LangQuery = Type.Object({ lang: Type.Optional(V2Lang) });
const V2Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9-]+$', description: 'The indicator\'s id' }) });
const OutputFormat = Type.Enum([...V2_NAMED_FORMATS], { type: 'string', description: `Written: ${V2_FORMATS.join(', ')}; the others PxWebApi names are refused as unsupported` });
const Names = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100, description }));
const V2DataQuery = Type.Object({
  lang: Type.Optional(V2Lang),
  outputFormat: Type.Optional(OutputFormat),
  outputFormatParams: Names('Accepted and not used'),
  heading: Names('Accepted: the cells keep the table\'s order'),
  stub: Names('Accepted: the cells keep the table\'s order'),
});

const documented = (schema: TSchema) => ({ '4xx': Type.Ref('Problem'), 200: schema });

type V1Params = { lang: Language; db?: string; level?: string; table?: string };

export const pxwebRoutes: FastifyPluginAsync = async (app) => {
  const limits: PxwebLimits = { maxCells: app.config.pxwebMaxCells, maxCalls: app.config.pxwebMaxCalls, timeWindow: app.config.pxwebTimeWindow };
  // Per server instance, as PxWeb's own limiter: calls are counted in this process's memory.
  const windows = new CallWindows(limits.maxCalls, limits.timeWindow * 1000);
  const tables = new Tables(app);

  app.addHook('onRequest', async (request) => {
    const wait = windows.take(request.ip);
    if (wait > 0) throw problems.tooMany(`At most ${limits.maxCalls} calls per ${limits.timeWindow} s to the PxWeb API from one address.`, wait);
  });

  await app.register(async (v1) => registerV1(v1, limits, tables), { prefix: '/api/pxweb/v1' });
  await app.register(async (v2) => registerV2(v2, limits, tables), { prefix: '/api/pxweb/v2' });
};

// ---- reading the indicators, kept per figures version ----

const listingCache = cache.section<IndicatorListItem[]>('pxweb-tables');
const viewsCache = cache.section<Indicator[]>('pxweb-table');

/** The published indicators and each one in every measure it offers, for the public (never a draft). */
class Tables {
  constructor(private readonly app: FastifyInstance) {}

  private get db() {
    return this.app.db.kysely;
  }

  async published(): Promise<IndicatorListItem[]> {
    const version = await indicators.answerVersion(this.db);
    return listingCache.fetch(this.db, version, 'all', async () => {
      const items: IndicatorListItem[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await indicators.listIndicators(this.db, null, { limit: 100, offset });
        items.push(...page.items);
        if (page.items.length === 0 || items.length >= page.total) return items;
      }
    });
  }

  /** The indicator in each measure it offers, absolute first; HttpProblem 404 when it is not published. */
  async views(slug: string): Promise<Indicator[]> {
    await indicators.visibleIndicator(this.db, null, slug);
    const version = await indicators.answerVersion(this.db);
    return viewsCache.fetch(this.db, version, slug, async () => {
      const absolute = await indicators.getIndicator(this.db, null, slug, { measure: 'absolute' });
      const views = [absolute];
      for (const measure of absolute.measures.filter((one) => one !== 'absolute')) {
        try {
          views.push(await indicators.getIndicator(this.db, null, slug, { measure }));
        } catch (error) {
          // An indicator without a period that has figures has no index: it is left out, not an error.
          if (error instanceof HttpProblem && error.status === 400) continue;
          throw error;
        }
      }
      return views;
    });
  }
}

// ---- PxWeb API v1 ----

/** PxWeb's error body: its words, and ours naming what was wrong. */
function v1Error(reply: FastifyReply, status: number, error: string, detail?: string) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(detail ? { error, detail } : { error }));
}

async function registerV1(v1: FastifyInstance, limits: PxwebLimits, tables: Tables) {
  // A query is JSON whatever its Content-Type says, as SSDHandler reads the body.
  v1.removeContentTypeParser(['text/plain']);
  v1.addContentTypeParser([...QUERY_MEDIA_TYPES, '*'], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(new QueryRefusal('body', 'The body is not JSON'), undefined);
    }
  });

  v1.setErrorHandler((error: FastifyError | HttpProblem | QueryRefusal, request, reply) => {
    if (error instanceof QueryRefusal) {
      return error.kind === 'too-many-cells' ? v1Error(reply, 403, 'Too many values selected', error.message) : v1Error(reply, 400, 'Parameter error', error.message);
    }
    if (error instanceof HttpProblem) {
      if (error.extra.headers) reply.headers(error.extra.headers);
      if (error.status === 429) return v1Error(reply, 429, V1_TOO_MANY_CALLS, error.detail);
      const fields = error.extra.errors?.map((field) => `${field.path} ${field.message}`).join('; ');
      return v1Error(reply, error.status, 'Parameter error', [error.detail, fields].filter(Boolean).join(': '));
    }
    if (error.validation) {
      const fields = error.validation.map((issue) => `${[error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('/')} ${issue.message ?? 'is invalid'}`);
      return v1Error(reply, 400, 'Parameter error', fields.join('; '));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return v1Error(reply, status, 'Parameter error', error.message);
    request.log.error({ err: error }, 'PxWeb API request failed');
    return v1Error(reply, 500, 'Internal error');
  });
  v1.setNotFoundHandler((request, reply) => v1Error(reply, 404, 'Parameter error', `No such resource in the PxWeb API: ${request.url.split('?', 1)[0]}`));

  // `?config` on any path from {lang} down, whatever the method, before anything else is read
  // (SSDHandler answers it before it looks at the language, the database or the body).
  v1.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined && Object.hasOwn(request.query as object, 'config')) return reply.type('application/json; charset=utf-8').send(JSON.stringify(v1Config(limits)));
  });
  const checkDatabase = (db: string) => {
    if (db !== PXWEB_DATABASE) throw new HttpProblem(404, 'not-found', 'Not found', `The database ${db} does not exist; it is ${PXWEB_DATABASE}.`);
  };
  const notFound = (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail);

  /** The table a path names (`{level}/{id}.px`, or `{id}.px` right under the database), or 404. */
  async function tableAt(level: string | undefined, table: string) {
    const slug = slugOfV1Table(table);
    if (!slug || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw notFound(`No table ${table}.`);
    let views: Indicator[];
    try {
      views = await tables.views(slug);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 404) throw notFound(`No table ${table}.`);
      throw error;
    }
    if (level !== undefined && levelOf(views[0].domain) !== level) throw notFound(`No table ${table} in ${level}.`);
    return { slug, views };
  }

  const config = { access: 'public' as const, anyOrigin: true };
  const response = (ok: TSchema) => ({ 200: Type.Union([V1Config, ok]), ...v1Errors });

  v1.get<{ Params: V1Params }>(
    '/:lang',
    { config, schema: { tags, summary: 'PxWeb API v1: the databases (one: talsinki); ?config: the limits', params: Type.Object({ lang: Lang }), querystring: V1Query, response: response(V1Databases) } },
    async (request) => v1Databases(request.params.lang),
  );

  v1.get<{ Params: V1Params }>(
    '/:lang/:db',
    { config, schema: { tags, summary: 'PxWeb API v1: the levels of the database, one per domain with published indicators', params: Type.Object({ lang: Lang, db: PathPart('talsinki') }), querystring: V1Query, response: response(V1Items) } },
    async (request) => {
      checkDatabase(request.params.db!);
      return v1Levels(await tables.published(), request.params.lang);
    },
  );

  v1.get<{ Params: V1Params }>(
    '/:lang/:db/:level',
    {
      config,
      schema: {
        tags,
        summary: 'PxWeb API v1: the tables of a level ({id}.px, type t); or, given a table id, its metadata',
        params: Type.Object({ lang: Lang, db: PathPart('talsinki'), level: PathPart('A domain, general, or a table id ({indicator}.px)') }),
        querystring: V1Query,
        response: { 200: Type.Union([V1Config, V1Items, V1Metadata]), ...v1Errors },
      },
    },
    async (request) => {
      const { lang, db, level } = request.params;
      checkDatabase(db!);
      if (isLevel(level!)) {
        const listed = v1Tables(await tables.published(), level!, lang);
        if (listed.length === 0) throw notFound(`No published table in ${level}.`);
        return listed;
      }
      const { views } = await tableAt(undefined, level!);
      return v1Metadata(tableCube(views, lang), lang);
    },
  );

  v1.get<{ Params: V1Params }>(
    '/:lang/:db/:level/:table',
    {
      config,
      schema: {
        tags,
        summary: 'PxWeb API v1: a table\'s metadata: region, kept dimensions, time and measure, with their values',
        params: Type.Object({ lang: Lang, db: PathPart('talsinki'), level: PathPart('The indicator\'s domain, or general'), table: PathPart('{indicator}.px') }),
        querystring: V1Query,
        response: response(V1Metadata),
      },
    },
    async (request) => {
      const { lang, db, level, table } = request.params;
      checkDatabase(db!);
      const { views } = await tableAt(level, table!);
      return v1Metadata(tableCube(views, lang), lang);
    },
  );

  const postSchema = (params: TSchema, summary: string) => ({
    tags,
    summary,
    params,
    querystring: V1Query,
    body: V1QueryBody,
    produces: DATA_TYPES,
    response: { 200: Type.Unknown({ description: 'The data in the format asked for (json, json-stat, json-stat2: JSON; csv; px)' }), ...v1Errors },
  });

  async function query(request: FastifyRequest<{ Params: V1Params; Body: Static<typeof V1QueryBody> }>, reply: FastifyReply) {
    const { lang, db, level, table } = request.params;
    checkDatabase(db!);
    if (table === undefined && isLevel(level!)) throw notFound(`${level} is a level, not a table: a query goes to one of its tables.`);
    const { slug, views } = await tableAt(table === undefined ? undefined : level, table ?? level!);
    const cube = tableCube(views, lang);
    const { selection, format } = readV1Query(request.body, cube, limits.maxCells);
    const answer = v1Answer(selectCube(cube, selection), format, lang, slug);
    if (answer.file) reply.header('content-disposition', `attachment; filename="${answer.file}"`);
    return reply.type(answer.type).send(answer.body);
  }

  const postConfig = { ...config, queryPost: true };
  v1.post<{ Params: V1Params; Body: Static<typeof V1QueryBody> }>(
    '/:lang/:db/:level',
    { config: postConfig, schema: postSchema(Type.Object({ lang: Lang, db: PathPart('talsinki'), level: PathPart('A table id ({indicator}.px)') }), 'PxWeb API v1: a query on a table named by its id alone') },
    query,
  );
  v1.post<{ Params: V1Params; Body: Static<typeof V1QueryBody> }>(
    '/:lang/:db/:level/:table',
    {
      config: postConfig,
      schema: postSchema(
        Type.Object({ lang: Lang, db: PathPart('talsinki'), level: PathPart('The indicator\'s domain, or general'), table: PathPart('{indicator}.px') }),
        'PxWeb API v1: a query on a table ({"query":[…],"response":{"format":…}}); 403 over maxCells',
      ),
    },
    query,
  );
}

// ---- PxWebApi 2.0 ----

/** A refusal of a v2 selection as PxWebApi's problem+json (ProblemUtility.cs's titles; 403 for too many cells, as the spec says). */
function v2Problem(refusal: QueryRefusal, allowed: string[]): HttpProblem {
  const { variable, value, cells, limit } = refusal.details;
  if (refusal.kind === 'too-many-cells') return new HttpProblem(403, 'too-many-cells', 'Too many cells selected', refusal.message, { params: { cells: cells!, limit: limit! } });
  const titles: Record<QueryRefusal['kind'], string> = {
    body: 'Bad request',
    variable: 'Non-existent variable',
    value: 'Non-existent value',
    missing: 'Missing selection for mandantory variable',
    duplicate: 'Illegal selection',
    format: 'Unsupported output format',
    codelist: 'Non-existent codelist',
    'too-many-cells': 'Too many cells selected',
  };
  const path = variable ? `selection/${variable}` : 'selection';
  const field =
    refusal.kind === 'missing'
      ? ({ path, message: 'is required', code: 'required' } as const)
      : refusal.kind === 'variable'
        ? ({ path, message: `is not one of ${allowed.join(', ')}`, code: 'one-of', params: { allowedValues: allowed.join(', ') } } as const)
        : ({ path: value === undefined ? path : `${path}/${value}`, message: refusal.message, code: 'invalid' } as const);
  return new HttpProblem(400, 'invalid-request', titles[refusal.kind], refusal.message, { errors: [field] });
}

async function registerV2(v2: FastifyInstance, limits: PxwebLimits, tables: Tables) {
  const config = { access: 'public' as const, anyOrigin: true };
  const base = `${v2.config.publicUrl}/api/pxweb/v2`;
  const langOf = (request: FastifyRequest): Language => {
    const lang = (request.query as { lang?: string }).lang ?? 'en';
    if ((PXWEB_LANGUAGES as readonly string[]).includes(lang)) return lang as Language;
    throw new HttpProblem(400, 'invalid-request', 'Unsupported language', `The language ${lang} is not one of ${PXWEB_LANGUAGES.join(', ')}.`, {
      errors: [{ path: 'querystring/lang', message: `is not one of ${PXWEB_LANGUAGES.join(', ')}`, code: 'one-of', params: { allowedValues: PXWEB_LANGUAGES.join(', ') } }],
    });
  };

  async function tableViews(id: string) {
    try {
      return await tables.views(id.toLowerCase());
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 404) throw new HttpProblem(404, 'not-found', 'Non-existent table', `No published table ${id}.`);
      throw error;
    }
  }

  v2.get('/config', { config, schema: { tags, summary: 'PxWebApi 2.0: the API\'s languages, formats and limits', response: documented(V2Config) } }, async () => v2Config(limits, v2.appVersion));

  v2.get<{ Querystring: { lang?: string; query?: string; pastDays?: number; includeDiscontinued?: boolean; pageNumber?: number; pageSize?: number } }>(
    '/tables',
    {
      config,
      schema: {
        tags,
        summary: 'PxWebApi 2.0: the published indicators as tables, paged',
        querystring: Type.Object({
          lang: Type.Optional(V2Lang),
          query: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the name (in any language) or the id' })),
          pastDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Only tables updated in the last so many days' })),
          includeDiscontinued: Type.Optional(Type.Boolean({ description: 'Accepted: no table is discontinued' })),
          pageNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 20 })),
        }),
        response: documented(V2Tables),
      },
    },
    async (request) => {
      const lang = langOf(request);
      const { query, pastDays, pageNumber = 1, pageSize = 20 } = request.query;
      let items = await tables.published();
      if (query?.trim()) {
        const words = query.trim().toLowerCase();
        items = items.filter((item) => item.id.includes(words) || Object.values(item.name).some((name) => name?.toLowerCase().includes(words)));
      }
      if (pastDays !== undefined) {
        const since = Date.now() - pastDays * 86_400_000;
        items = items.filter((item) => item.updated !== null && Date.parse(item.updated) >= since);
      }
      const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
      if (pageNumber > totalPages) throw new HttpProblem(404, 'not-found', 'Non-existent page', `There are ${totalPages} pages of ${pageSize}.`);
      const page = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      const listed = [];
      for (const item of page) listed.push(v2Table((await tableViews(item.id))[0], lang, base, false));
      const pageLink = (rel: string, number: number) => ({ rel, hreflang: lang, href: `${base}/tables?lang=${lang}&pageSize=${pageSize}&pageNumber=${number}` });
      return {
        language: lang,
        tables: listed,
        page: {
          pageNumber,
          pageSize,
          totalElements: items.length,
          totalPages,
          links: [...(pageNumber > 1 ? [pageLink('previous', pageNumber - 1)] : []), ...(pageNumber < totalPages ? [pageLink('next', pageNumber + 1)] : [])],
        },
        links: [pageLink('self', pageNumber)],
      };
    },
  );

  v2.get<{ Params: { id: string }; Querystring: { lang?: string } }>(
    '/tables/:id',
    { config, schema: { tags, summary: 'PxWebApi 2.0: one table: its label, periods, variables, paths and links', params: V2Id, querystring: V2LangQuery, response: documented(V2TableAnswer) } },
    async (request) => v2Table((await tableViews(request.params.id))[0], langOf(request), base, true),
  );

  v2.get<{ Params: { id: string }; Querystring: { lang?: string } }>(
    '/tables/:id/metadata',
    {
      config,
      schema: {
        tags,
        summary: 'PxWebApi 2.0: a table\'s metadata as JSON-stat 2.0 without values (roles, elimination, units, extension.px)',
        params: V2Id,
        querystring: Type.Object({
          lang: Type.Optional(V2Lang),
          defaultSelection: Type.Optional(Type.Boolean({ description: 'Accepted: the metadata is the same' })),
          savedQuery: Type.Optional(Type.String({ maxLength: 200, description: 'Not supported: no saved queries' })),
        }),
        response: documented(Type.Unknown({ description: 'JSON-stat 2.0 dataset without value' })),
      },
    },
    async (request, reply) => {
      const lang = langOf(request);
      const views = await tableViews(request.params.id);
      if ((request.query as { savedQuery?: string }).savedQuery) throw new HttpProblem(404, 'not-found', 'Saved query not found', 'Talsinki keeps no saved queries.');
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(pxwebJsonStat2(tableCube(views, lang), lang, { values: false, tableId: views[0].id })));
    },
  );

  v2.get<{ Params: { id: string }; Querystring: { lang?: string } }>(
    '/tables/:id/defaultselection',
    { config, schema: { tags, summary: 'PxWebApi 2.0: the selection /data uses when given none', params: V2Id, querystring: V2LangQuery, response: documented(V2SelectionAnswer) } },
    async (request) => {
      const lang = langOf(request);
      const views = await tableViews(request.params.id);
      const cube = tableCube(views, lang);
      const selection = v2DefaultSelection(cube, limits.maxCells);
      return {
        language: lang,
        selection: selection.map((part) => ({ variableCode: part.code, codelist: null, valueCodes: [...part.values] })),
        placement: { heading: cube.dimensions.filter((dimension) => dimension.role === 'time').map((dimension) => dimension.code), stub: cube.dimensions.filter((dimension) => dimension.role !== 'time').map((dimension) => dimension.code) },
        links: [{ rel: 'self', hreflang: lang, href: `${base}/tables/${views[0].id}/defaultselection?lang=${lang}` }],
      };
    },
  );

  async function data(request: FastifyRequest<{ Params: { id: string }; Querystring: Static<typeof V2DataQuery> }>, reply: FastifyReply, parts: Parameters<typeof readV2Selection>[0]) {
    const lang = langOf(request);
    const format = request.query.outputFormat ?? 'json-stat2';
    const views = await tableViews(request.params.id);
    const cube = tableCube(views, lang);
    try {
      if (!(V2_FORMATS as readonly string[]).includes(format)) throw new QueryRefusal('format', `Unsupported output format: ${format} (Talsinki writes ${V2_FORMATS.join(', ')})`, { format });
      const selection = readV2Selection(parts, cube, limits.maxCells);
      const answer = v2Answer(selectCube(cube, selection), format as V2Format, lang, views[0].id);
      if (answer.file) reply.header('content-disposition', `attachment; filename="${answer.file}"`);
      return reply.type(answer.type).send(answer.body);
    } catch (error) {
      if (error instanceof QueryRefusal) throw v2Problem(error, cube.dimensions.map((dimension) => dimension.code));
      throw error;
    }
  }

  const dataSummary = 'PxWebApi 2.0: a table\'s data in the selection given (else the default one), as json-stat2, csv or px; 403 over maxDataCells';
  v2.get<{ Params: { id: string }; Querystring: Static<typeof V2DataQuery> }>(
    '/tables/:id/data',
    {
      config,
      schema: {
        tags,
        summary: dataSummary,
        description: 'Selection as `valuecodes[VARIABLE]=a,b` (codes or expressions), one per variable.',
        params: V2Id,
        querystring: V2DataQuery,
        produces: DATA_TYPES,
        response: documented(Type.Unknown({ description: 'The data in the format asked for' })),
      },
    },
    async (request, reply) => data(request, reply, selectionOfQuery(request.query as Record<string, unknown>)),
  );
  v2.post<{ Params: { id: string }; Querystring: Static<typeof V2DataQuery>; Body: Static<typeof V2Selection> }>(
    '/tables/:id/data',
    {
      config: { ...config, queryPost: true },
      schema: { tags, summary: dataSummary, params: V2Id, querystring: V2DataQuery, body: V2Selection, produces: DATA_TYPES, response: documented(Type.Unknown({ description: 'The data in the format asked for' })) },
    },
    async (request, reply) => data(request, reply, request.body?.selection ?? []),
  );
}
