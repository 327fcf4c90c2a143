import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  Dataset, DatasetCreate, DatasetDetail, DatasetList, DatasetPatch, DatasetQuery, EvidenceLink,
} from '../../../shared/schemas/catalog.ts';
import { signedIn } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { problems } from '../../plugins/problems.ts';
import { matchesIfNoneMatch } from '../../lib/etag.ts';
import { cache } from '../../lib/cache.ts';
import * as catalog from './catalog.service.ts';
import { RDF_MEDIA_TYPES, writeCatalog, writeDataset, writeQuads, type RdfFormat } from './dcat/writers.ts';
import { agentQuads, institutionIri, regionQuads } from './dcat/quads.ts';
import { CKAN_ACTION_API, licenseIri, spatialIri } from './dcat/vocab.ts';
import { LICENSES } from '../../../shared/catalog.ts';
import { CONTENT_LANGUAGES } from '../../../shared/languages.ts';
import { getInstitution } from '../institutions/institutions.service.ts';
import type { CatalogInfo } from './dcat/quads.ts';

const tags = ['catalog'];
/** Pages of the catalogue's DCAT, by database, catalogue version, address, format and page. */
const dcatPages = cache.section<Buffer>('catalog.dcat-page');
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'Id or short name' }) });

/** An RDF document's body in the OpenAPI document: JSON-LD is JSON (an object, or a list of nodes); the other syntaxes are text. */
const rdfSchema = (mediaType: string) => (mediaType === RDF_MEDIA_TYPES.jsonld ? Type.Union([Type.Object({}), Type.Array(Type.Object({}))], { description: 'JSON-LD' }) : Type.String());

const EXTENSIONS: Record<string, RdfFormat> = { ttl: 'turtle', jsonld: 'jsonld', rdf: 'rdfxml', nt: 'ntriples' };
const EXTENSION_OF = Object.fromEntries(Object.entries(EXTENSIONS).map(([extension, format]) => [format, extension])) as Record<RdfFormat, string>;
/** Largest page of the paged DCAT catalogue. */
const MAX_PAGE_SIZE = 1000;
const CatalogQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Page of the catalogue (hydra:PagedCollection); without it the whole catalogue is streamed' })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 })),
  },
  { additionalProperties: false },
);

/** The catalogue's settings (TALSINKI_CATALOG_LICENSE, TALSINKI_CATALOG_ISSUED; see config.ts). */
export interface CatalogSettings {
  license?: string | null;
  issued?: string | null;
}

/**
 * The catalogue's description without what the database says (its dates, the publishers' details):
 * `describedCatalog` adds those per document.
 */
export function catalogInfo(base: string, settings: CatalogSettings = {}): CatalogInfo {
  const license = settings.license ? ((LICENSES as readonly string[]).includes(settings.license) ? licenseIri(settings.license, null) : licenseIri('OTHER', settings.license)) : null;
  return {
    base,
    title: {
      fi: 'Talsinki: Helsingin ja Tallinnan kaksoisalueen avoimen datan luettelo',
      et: 'Talsinki: Helsingi ja Tallinna kaksikregiooni avaandmete kataloog',
      en: 'Talsinki: open data catalogue of the Helsinki–Tallinn twin region',
      sv: 'Talsinki: katalog över öppna data i tvillingregionen Helsingfors–Tallinn',
      ru: 'Talsinki: каталог открытых данных двойного региона Хельсинки–Таллинн',
    },
    description: {
      fi: 'Helsinki-Uudenmaan sekä Harjumaan ja Tallinnan avoimet tietoaineistot yhdessä luettelossa, koottuna alueen avoimen datan portaaleista.',
      et: 'Helsingi-Uusimaa ning Harjumaa ja Tallinna avaandmed ühes kataloogis, kogutud piirkonna avaandmete portaalidest.',
      en: 'The open datasets of Helsinki-Uusimaa and of Harju County with Tallinn in one catalogue, harvested from the region\'s open data portals.',
      sv: 'Öppna datamängder från Helsingfors-Nyland samt Harju län och Tallinn i en katalog, insamlade från regionens portaler för öppna data.',
      ru: 'Открытые наборы данных Хельсинки-Уусимаа, Харьюмаа и Таллинна в одном каталоге, собранные с порталов открытых данных региона.',
    },
    publisher: { iri: `${base}/#talsinki`, name: { fi: 'Talsinki', et: 'Talsinki', en: 'Talsinki', sv: 'Talsinki', ru: 'Talsinki' }, homepage: `${base}/` },
    homepage: `${base}/datasets`,
    license,
    issued: settings.issued ?? null,
    languages: [...CONTENT_LANGUAGES],
    services: [
      {
        key: 'ckan-api',
        title: { fi: 'Talsingin CKAN-rajapinta', et: 'Talsinki CKAN-liides', en: 'Talsinki CKAN API', sv: 'Talsinkis CKAN-gränssnitt', ru: 'CKAN API платформы Talsinki' },
        endpointUrl: `${base}/api/3/action/`,
        endpointDescription: `${base}/api/openapi.json`,
        conformsTo: CKAN_ACTION_API,
        keywords: { en: ['CKAN', 'API', 'open data'], fi: ['CKAN', 'rajapinta', 'avoin data'], et: ['CKAN', 'liides', 'avaandmed'] },
      },
    ],
  };
}

/** Which RDF serialisation the client asked for in its Accept header, if any. */
function negotiatedFormat(request: FastifyRequest): RdfFormat | null {
  const accept = request.headers.accept ?? '';
  for (const [format, type] of Object.entries(RDF_MEDIA_TYPES) as [RdfFormat, string][]) {
    if (accept.includes(type)) return format;
  }
  return null;
}

/** A document written whole into memory: for pages of the catalogue, which are bounded in size. */
async function rdfBuffer(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
  const ended = new Promise<void>((resolve, reject) => out.on('end', resolve).on('error', reject));
  try {
    await write(out);
  } catch (error) {
    out.destroy();
    throw error;
  }
  out.end();
  await ended;
  return Buffer.concat(chunks);
}

function sendRdf(reply: FastifyReply, format: RdfFormat, body: Buffer | PassThrough) {
  return reply.type(`${RDF_MEDIA_TYPES[format]}; charset=utf-8`).header('cache-control', 'public, max-age=300').send(body);
}

/** Streams RDF into the reply; a failure midway cuts the stream rather than sending half a document as whole. */
function streamRdf(reply: FastifyReply, format: RdfFormat, write: (out: PassThrough) => Promise<void>) {
  const out = new PassThrough();
  write(out).then(
    () => out.end(),
    (error: Error) => {
      reply.log.error({ err: error }, 'DCAT export failed midway');
      out.destroy(error);
    },
  );
  return sendRdf(reply, format, out);
}

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const base = app.config.publicUrl;
  const info = catalogInfo(base, { license: app.config.catalogLicense, issued: app.config.catalogIssued });
  /**
   * The catalogue's description for one document: its release date (the setting, else the day its
   * first dataset was added), its last change, and what the directory says of the publishers
   * `publisherIds` names (all of them when null).
   */
  async function describedCatalog(version: number, publisherIds: readonly string[] | null): Promise<CatalogInfo> {
    const [dates, agents] = await Promise.all([catalog.catalogDates(app.db.kysely, version), catalog.publisherDetails(app.db.kysely, publisherIds)]);
    return { ...info, issued: info.issued ?? dates.first, modified: dates.last, agents };
  }
  const publishersOf = (datasets: readonly Dataset[]) => [...new Set(datasets.flatMap((dataset) => (dataset.publisher ? [dataset.publisher.id] : [])))];
  /** One dataset's document (its own IRI, a distribution's or a service's), with what the directory says of its publisher. */
  async function streamDataset(reply: FastifyReply, format: RdfFormat, dataset: Dataset) {
    const described = { ...info, agents: await catalog.publisherDetails(app.db.kysely, publishersOf([dataset])) };
    return streamRdf(negotiated(reply), format, (out) => writeDataset(out, format, described, dataset));
  }
  // The search index is read once the server listens, so the first visitor's search does not wait for it.
  app.addHook('onListen', async () => {
    catalog.loadSearchIndex(app.db.genericPlans).then(
      (loaded) => app.log.info(loaded, 'the catalogue search index is loaded'),
      (error: unknown) => app.log.warn({ err: error }, 'the search index was not loaded at start'),
    );
  });

  app.get(
    '/api/datasets',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Search the catalogue: words in any language (compound parts, inflection, typos, any script), filters, facets with counts; with q, where each item matched and perhaps a corrected query',
        querystring: DatasetQuery,
        response: { 200: DatasetList, ...errorResponses },
      },
    },
    async (request, reply) => {
      const filter = catalog.toFilter(request.auth.user, request.query);
      return reply.type('application/json; charset=utf-8').send(await catalog.searchDatasetsJson(app.db.genericPlans, filter));
    },
  );

  app.get(
    '/api/datasets/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One dataset with its distributions, provenance and the bottlenecks it is evidence for', params: IdParams, response: { 200: DatasetDetail, ...errorResponses } } },
    async (request) => catalog.getDatasetDetail(app.db.kysely, request.auth.user, request.params.id),
  );

  app.post(
    '/api/datasets',
    { config: { access: 'editor' }, schema: { tags, summary: 'Add a dataset by hand (editors)', body: DatasetCreate, response: { 201: Dataset, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await catalog.createDataset(app.db.kysely, signedIn(request), request.body)),
  );

  app.patch(
    '/api/datasets/:id',
    { config: { access: 'editor' }, schema: { tags, summary: 'Change a dataset, or withdraw it (editors)', params: IdParams, body: DatasetPatch, response: { 200: Dataset, ...errorResponses } } },
    async (request) => catalog.updateDataset(app.db.kysely, signedIn(request), request.params.id, request.body),
  );

  app.post(
    '/api/datasets/:id/evidence',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Link the dataset as evidence for a bottleneck (staff)',
        params: IdParams,
        body: EvidenceLink,
        response: { 201: Type.Object({ datasetId: Type.String(), added: Type.Boolean() }), 200: Type.Object({ datasetId: Type.String(), added: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = signedIn(request);
      const result = await catalog.linkEvidence(app.db.kysely, user, request.params.id, request.body.bottleneck);
      return reply.code(result.added ? 201 : 200).send(result);
    },
  );

  app.delete(
    '/api/datasets/:id/evidence/:bottleneck',
    { config: { access: 'staff' }, schema: { tags, summary: 'Remove an evidence link (staff)', params: Type.Object({ id: IdParams.properties.id, bottleneck: Type.String({ minLength: 1, maxLength: 40 }) }), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const user = signedIn(request);
      await catalog.unlinkEvidence(app.db.kysely, user, request.params.id, request.params.bottleneck);
      return reply.code(204).send(null);
    },
  );

  // ---- DCAT-AP 3 ----

  /**
   * The catalogue's DCAT files change only when `catalog_version` moves, so their ETag is that
   * version (with the format, the page and this release): a reader who has the current one gets
   * 304 without a dataset being read. Pages are kept whole per database and version (in the
   * process's cache, least recently used out); the whole catalogue, hundreds of MB, is streamed
   * afresh when it changed.
   */
  const catalogTag = (format: RdfFormat, version: number, paging: [number, number] | null) =>
    `W/"${createHash('sha256').update(JSON.stringify([app.appVersion, base, format, version, paging])).digest('base64url').slice(0, 27)}"`;

  async function answerCatalog(request: FastifyRequest, reply: FastifyReply, format: RdfFormat, query: Static<typeof CatalogQuery>) {
  const extension = EXTENSION_OF[format];
      const { page, pageSize = 100 } = query;
      const version = await catalog.catalogVersion(app.db.kysely);
      const etag = catalogTag(format, version, page ? [page, pageSize] : null);
      const notModified = () => matchesIfNoneMatch(request.headers['if-none-match'], etag);
      // A page past the end is a 404 without a tag; everything else carries it.
      const tagged = () => reply.header('etag', etag);
      if (!page) {
        tagged();
        // The whole catalogue is streamed, never held: a reader who has this version gets 304.
        if (notModified()) return reply.code(304).send(null);
        const described = await describedCatalog(version, null);
        return streamRdf(reply, format, (out) => writeCatalog(out, format, described, catalog.activeDatasetBatches(app.db.kysely)));
      }
      // What else the page is written from: the address it names and the release.
      const key = JSON.stringify([base, app.appVersion, format, page, pageSize]);
      let body = dcatPages.get(app.db.kysely, version, key);
      if (!body) {
        const { datasets, total } = await catalog.activeDatasetPage(app.db.kysely, page, pageSize);
        const lastPage = Math.max(1, Math.ceil(total / pageSize));
        if (page > lastPage) throw problems.notFound('catalogue page');
        tagged();
        if (notModified()) return reply.code(304).send(null);
        const pageUrl = (n: number) => `${base}/catalog.${extension}?page=${n}&pageSize=${pageSize}`;
        async function* one() {
          yield datasets;
        }
        const described = await describedCatalog(version, publishersOf(datasets));
        body = await rdfBuffer((out) =>
          writeCatalog(out, format, described, one(), {
            page: pageUrl(page),
            collection: `${base}/catalog.${extension}`,
            totalItems: total,
            itemsPerPage: pageSize,
            firstPage: pageUrl(1),
            lastPage: pageUrl(lastPage),
            nextPage: page < lastPage ? pageUrl(page + 1) : undefined,
            previousPage: page > 1 ? pageUrl(page - 1) : undefined,
          }),
        );
        // Kept under the version read before the page was: if the catalogue moved meanwhile, it is never served.
        dcatPages.set(app.db.kysely, version, key, body);
      } else {
        tagged();
        if (notModified()) return reply.code(304).send(null);
      }
      return sendRdf(reply, format, body);
    }

  for (const [extension, format] of Object.entries(EXTENSIONS)) {
    app.get(
      `/catalog.${extension}`,
      {
        config: { access: 'public', anyOrigin: true },
        schema: {
          tags,
          summary: `The whole catalogue as DCAT-AP 3 (${RDF_MEDIA_TYPES[format]}), streamed; or one page of it with ?page (with an ETag of the catalogue's version; 304 to If-None-Match)`,
          querystring: CatalogQuery,
          produces: [RDF_MEDIA_TYPES[format]],
          response: { 200: rdfSchema(RDF_MEDIA_TYPES[format]), 304: Type.Null() },
        },
      },
      async (request, reply) => answerCatalog(request, reply, format, request.query),
    );
  }

  /**
   * Every IRI the catalogue mints answers machines with RDF (by Accept, or a file extension) and
   * people with the web app: the catalogue, its publisher, datasets, their distributions and data
   * services (described in their dataset's document), institutions as agents, and the regions
   * named under this base.
   */
  /**
   * The OpenAPI document describes these addresses by what they answer: RDF in the four syntaxes,
   * the web app's page for a browser. Their names ({file}) may end in an RDF extension.
   */
  const linkedDataDocumentation = (summary: string, extra: Record<string, unknown> = {}) => ({
    tags,
    summary,
    description: 'Linked data: RDF (DCAT-AP 3) by the extension of the last segment (.ttl, .jsonld, .rdf, .nt) or by Accept; the web app for a browser.',
    response: {
      200: {
        description: 'The resource in the RDF syntax asked for, or the web page',
        content: Object.fromEntries([...Object.values(RDF_MEDIA_TYPES), 'text/html'].map((type) => [type, { schema: rdfSchema(type) }])),
      },
      '4xx': Type.Ref('Problem', { description: 'Problem details (RFC 9457): no such resource' }),
      ...extra,
    },
  });
  const linkedData = (summary: string, extra?: Record<string, unknown>) => ({ config: { access: 'public', anyOrigin: true, documentation: linkedDataDocumentation(summary, extra) } }) as const;
  const fileParams = (...names: string[]) => Type.Object(Object.fromEntries(names.map((name) => [name, Type.String({ minLength: 1, maxLength: 120 })])));
  /** The name and format of `/…/name.ttl`, or of `/…/name` with an RDF type in Accept; null for a browser. */
  function requested(request: FastifyRequest, file: string): { name: string; format: RdfFormat } | null {
    const match = /^(.+)\.(ttl|jsonld|rdf|nt)$/.exec(file);
    if (match) return { name: match[1], format: EXTENSIONS[match[2]] };
    const format = negotiatedFormat(request);
    return format && { name: file, format };
  }
  const negotiated = (reply: FastifyReply) => reply.header('vary', 'accept');
  async function activeDataset(idOrName: string) {
    const dataset = await catalog.getDataset(app.db.kysely, idOrName);
    if (dataset.state !== 'active') throw problems.notFound('dataset');
    return dataset;
  }

  app.get('/catalog', { ...linkedData('The catalogue (dcat:Catalog)'), schema: { querystring: CatalogQuery } }, async (request, reply) => {
    const format = negotiatedFormat(request);
    if (!format) return reply.callNotFound();
    return answerCatalog(request, negotiated(reply).header('content-location', `${base}/catalog.${EXTENSION_OF[format]}`), format, request.query);
  });

  /** The platform's own address names it as the catalogue's publisher (`/#talsinki`). */
  app.get('/', linkedData('The platform as the catalogue\'s publisher (foaf:Agent)'), async (request, reply) => {
    const format = negotiatedFormat(request);
    if (!format) return reply.callNotFound();
    const { publisher } = info;
    return streamRdf(negotiated(reply), format, (out) => writeQuads(out, format, agentQuads(publisher)));
  });

  app.get('/datasets/:file', { ...linkedData('A dataset (dcat:Dataset)'), schema: { params: fileParams('file') } }, async (request, reply) => {
    const wanted = requested(request, request.params.file);
    if (!wanted) return reply.callNotFound();
    const dataset = await activeDataset(wanted.name);
    return streamDataset(reply, wanted.format, dataset);
  });

  for (const part of ['distributions', 'services'] as const) {
    app.get(`/datasets/:dataset/${part}/:file`, { ...linkedData(part === 'services' ? 'A data service (dcat:DataService), described in its dataset\'s document' : 'A distribution (dcat:Distribution), described in its dataset\'s document', { 303: Type.Null({ description: 'A browser: see the dataset\'s page' }) }), schema: { params: fileParams('dataset', 'file') } }, async (request, reply) => {
      const { dataset: datasetId, file } = request.params as { dataset: string; file: string };
      const wanted = requested(request, file);
      // People see the dataset's page, where its distributions are listed.
      if (!wanted) return reply.redirect(`/datasets/${encodeURIComponent(datasetId)}`, 303);
      const dataset = await activeDataset(datasetId);
      const distribution = dataset.distributions.find((d) => d.id === wanted.name);
      if (!distribution || (part === 'services' && !distribution.accessService)) throw problems.notFound(part === 'services' ? 'data service' : 'distribution');
      return streamDataset(reply, wanted.format, dataset);
    });
  }

  app.get('/institutions/:file', { ...linkedData('An institution as an agent (foaf:Agent)'), schema: { params: fileParams('file') } }, async (request, reply) => {
    const wanted = requested(request, request.params.file);
    if (!wanted) return reply.callNotFound();
    const institution = await getInstitution(app.db.kysely, wanted.name);
    const quads = agentQuads({ iri: institutionIri(base, institution.id), name: institution.name, homepage: institution.website, type: institution.type });
    return streamRdf(negotiated(reply), wanted.format, (out) => writeQuads(out, wanted.format, quads));
  });

  app.get('/regions/:file', { ...linkedData('A region (dct:Location)'), schema: { params: fileParams('file') } }, async (request, reply) => {
    const wanted = requested(request, request.params.file);
    if (!wanted) return reply.callNotFound();
    const iri = spatialIri(wanted.name, base);
    if (!iri?.startsWith(`${base}/regions/`)) throw problems.notFound('region');
    return streamRdf(negotiated(reply), wanted.format, (out) => writeQuads(out, wanted.format, regionQuads(base, iri)));
  });
};
