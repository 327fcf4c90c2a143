import jsonld from 'jsonld';
import { DataFactory, Parser, Store, type Quad, type Term } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { ACCESS_RIGHTS, REGION_CODES, REGIONS, type AccessRight } from '../../../../shared/catalog.ts';
import type { ContentLanguage } from '../../../../shared/languages.ts';
import { DATASET_DESCRIPTION_MAX, DATASET_TITLE_MAX, MAX_DISTRIBUTIONS } from '../../../../shared/schemas/catalog.ts';
import { SourceUnreadable, type HarvestedDataset, type SourceContext, type SourceItem, type SourceReader } from '../harvest.types.ts';
import {
  byteSize, contactOrUndefined, contentLanguage, definedOnly, email, failure, mappedItem, unidentified, fileFormat, identifier, isoDateTime, isoDay,
  keywordsByLanguage, languageOfHost, licence, mediaType, regions, text, throwIfAborted, unique, webUrl, type Texts,
} from './fields.ts';
import { euCode, frequencyFromText, themesFromNames } from './vocabulary.ts';
import { errorMessage, FetchFault, reasonOf } from '../../../lib/fetchFault.ts';

/**
 * DCAT-AP catalogues in Turtle, RDF/XML or JSON-LD (ckanext-dcat endpoints, data.europa.eu-style
 * catalogues). Each page is parsed into a quad store and every `dcat:Dataset` in it becomes a
 * record; pages are chained by Hydra (`hydra:nextPage` of ckanext-dcat's `hydra:PagedCollection`,
 * `hydra:next` of a `hydra:PartialCollectionView`).
 */
const ACCEPT = 'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8';
const MAX_PAGES = 10_000;

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  schema: 'http://schema.org/',
  schemaHttps: 'https://schema.org/',
} as const;

interface Page {
  graph: Graph;
  /** The address the page came from (after redirects), against which its links resolve. */
  url: string;
  next: string | undefined;
  total: number | null;
}

export const readDcat: SourceReader = async function* (context) {
  const pagesRead = new Set<string>();
  const datasetsSeen = new Set<string>();
  let url: string | undefined = context.url;
  let announced = false;
  let complete = true;
  let total: number | null = null;
  let listed = 0;

  let home: string | undefined;
  while (url) {
    if (pagesRead.has(url)) {
      // A page linking back to one already read: the listing is read as far as it goes.
      if (total === null || listed < total) {
        yield failure(null, { code: 'page-loop', params: { page: url } });
        complete = false;
      }
      break;
    }
    if (pagesRead.size >= MAX_PAGES) {
      yield failure(null, { code: 'too-many-pages', params: { limit: MAX_PAGES } });
      complete = false;
      break;
    }
    pagesRead.add(url);
    let page: Page;
    try {
      page = await readPage(context, url);
    } catch (error) {
      throwIfAborted(context.signal);
      if (pagesRead.size === 1) {
        throw new SourceUnreadable({ code: 'source-unreadable', params: { address: url, reason: reasonOf(error) } }, { cause: error });
      }
      yield failure(null, { code: 'page-unreadable', params: { page: url, reason: reasonOf(error) } });
      complete = false;
      break;
    }
    pagesRead.add(page.url);
    if (!announced && page.total !== null) {
      context.announce(page.total);
      announced = true;
      total = page.total;
    }
    const datasets = page.graph.subjectsOfType(`${NS.dcat}Dataset`);
    for (const dataset of datasets) {
      throwIfAborted(context.signal);
      const item = datasetItem(context, page, dataset, datasetsSeen);
      if (item) {
        listed += 1;
        yield item;
      }
    }
    // A page without datasets ends the listing, whatever it links to.
    url = datasets.length > 0 ? page.next : undefined;
    // A catalogue's pages stay on its own site (where its first page was, after redirects): a
    // next-page link elsewhere is not followed.
    home ??= new URL(page.url).origin;
    if (url && new URL(url).origin !== home) {
      const site = new URL(url).origin;
      yield failure(null, { code: 'next-page-elsewhere', params: { page: page.url, site } });
      complete = false;
      break;
    }
  }
  // A Turtle page cut after a whole statement parses well and loses only its tail, links included.
  if (complete && total !== null && listed < total) {
    yield failure(null, { code: 'listing-short', params: { announced: total, listed } });
    complete = false;
  }
  return { complete };
};

// ---- reading and parsing a page ----

/**
 * A page that does not parse is fetched once more before it counts as broken: a body cut short
 * by a proxy arrives whole the next time, and only parsing can tell it was cut.
 */
async function readPage(context: SourceContext, url: string): Promise<Page> {
  let fetched = await context.http.getText(url, ACCEPT);
  let quads: Quad[];
  try {
    quads = await parseRdf(fetched.body, fetched.contentType, fetched.url);
  } catch {
    throwIfAborted(context.signal);
    fetched = await context.http.getText(url, ACCEPT);
    quads = await parseRdf(fetched.body, fetched.contentType, fetched.url);
  }
  const graph = new Graph(new Store(quads), fetched.url);
  return { graph, url: fetched.url, next: graph.nextPage(), total: graph.totalItems() };
}

type Syntax = 'turtle' | 'rdfxml' | 'jsonld';

/** The syntax the content type names; without a telling one, the body's first characters. */
function syntaxOf(contentType: string, body: string): Syntax {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'application/rdf+xml' || type === 'application/xml' || type === 'text/xml') return 'rdfxml';
  if (type === 'application/ld+json' || type === 'application/json') return 'jsonld';
  if (['text/turtle', 'application/x-turtle', 'application/n-triples', 'application/n-quads', 'application/trig', 'text/n3'].includes(type)) return 'turtle';
  const start = body.trimStart().slice(0, 200);
  if (start.startsWith('<?xml') || afterComments(start).startsWith('<rdf:RDF')) return 'rdfxml';
  if (start.startsWith('{') || start.startsWith('[')) return 'jsonld';
  return 'turtle';
}

async function parseRdf(body: string, contentType: string, baseIRI: string): Promise<Quad[]> {
  switch (syntaxOf(contentType, body)) {
    case 'rdfxml':
      return parseRdfXml(body, baseIRI);
    case 'jsonld':
      return parseJsonLd(body, baseIRI);
    default:
      return parseTurtle(body, baseIRI);
  }
}

/** Turtle, and its relatives N-Triples, N-Quads and TriG, which n3 reads alike. */
function parseTurtle(body: string, baseIRI: string): Quad[] {
  try {
    return new Parser({ baseIRI }).parse(body);
  } catch (error) {
    throw new FetchFault({ code: 'not-turtle', params: { detail: errorMessage(error) } });
  }
}

function parseRdfXml(body: string, baseIRI: string): Promise<Quad[]> {
  if (endsBeforeRootCloses(body)) {
    return Promise.reject(new FetchFault({ code: 'rdf-xml-cut-short', params: {} }));
  }
  const notRdfXml = (detail: string) => new FetchFault({ code: 'not-rdf-xml', params: { detail } });
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser({ baseIRI, dataFactory: DataFactory as never });
    parser.on('data', (quad: Quad) => quads.push(quad));
    parser.on('error', (error: Error) => reject(notRdfXml(error.message)));
    parser.on('end', () => resolve(quads));
    try {
      parser.end(body);
    } catch (error) {
      reject(notRdfXml(errorMessage(error)));
    }
  });
}

/**
 * The streaming RDF/XML parser reports what it has read but not a document that stops half way
 * (it never closes its XML parser), so a page cut short would pass as a shorter page. A
 * well-formed document ends with its root element's end tag.
 */
function endsBeforeRootCloses(body: string): boolean {
  const root = rootElement(body.slice(0, 65_536));
  if (!root) return true;
  const tail = withoutTrailingComments(body.slice(-4096));
  if (tail.endsWith('>') && tail.slice(0, -1).trimEnd().endsWith(`</${root.name}`)) return false;
  // A root element that is empty (`<rdf:RDF/>`) and nothing after it but comments.
  const tagEnd = body.indexOf('>', root.start);
  return !(tagEnd > 0 && body[tagEnd - 1] === '/' && withoutTrailingComments(body.slice(tagEnd + 1)) === '');
}

const XML_NAME = /[A-Za-z_][\w.:-]*/y;

/** The document's first element, after its declaration, processing instructions, comments and DOCTYPE. */
function rootElement(text: string): { name: string; start: number } | null {
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at)) {
    const closing = text.startsWith('<?', at) ? '?>' : text.startsWith('<!--', at) ? '-->' : text.startsWith('<!', at) ? '>' : null;
    if (closing) {
      const end = text.indexOf(closing, at + 2);
      if (end < 0) return null;
      at = end + closing.length;
      continue;
    }
    XML_NAME.lastIndex = at + 1;
    const name = XML_NAME.exec(text)?.[0];
    const next = name ? text[at + 1 + name.length] : undefined;
    return name && next !== undefined && (next === '/' || next === '>' || /\s/.test(next)) ? { name, start: at } : null;
  }
  return null;
}

/** The text without leading whitespace and comments. */
function afterComments(text: string): string {
  let rest = text.trimStart();
  while (rest.startsWith('<!--')) {
    const end = rest.indexOf('-->', 4);
    if (end < 0) return rest;
    rest = rest.slice(end + 3).trimStart();
  }
  return rest;
}

/** The text without trailing whitespace and comments. */
function withoutTrailingComments(text: string): string {
  let rest = text.trimEnd();
  while (rest.endsWith('-->')) {
    const start = rest.lastIndexOf('<!--', rest.length - 3);
    if (start < 0) return rest;
    rest = rest.slice(0, start).trimEnd();
  }
  return rest;
}

/**
 * JSON-LD through N-Quads. Remote contexts are refused: a harvest must not fetch addresses a
 * portal's document names, and a context the harvester cannot see cannot be interpreted.
 */
async function parseJsonLd(body: string, baseIRI: string): Promise<Quad[]> {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw new FetchFault({ code: 'not-json-ld', params: { detail: errorMessage(error) } });
  }
  // jsonld expands recursively: a document nested thousands deep would exhaust the stack.
  if (nestedDeeperThan(document, MAX_JSONLD_DEPTH)) {
    throw new FetchFault({ code: 'json-ld-too-deep', params: { limit: MAX_JSONLD_DEPTH } });
  }
  let nquads: unknown;
  try {
    nquads = await jsonld.toRDF(document as jsonld.JsonLdDocument, {
      base: baseIRI,
      format: 'application/n-quads',
      documentLoader: async (url: string) => {
        throw new Error(`remote context ${url} refused`);
      },
    });
  } catch (error) {
    throw new FetchFault({ code: 'json-ld-unusable', params: { detail: jsonLdReason(error) } });
  }
  return new Parser({ format: 'N-Quads' }).parse(String(nquads));
}

/** DCAT-AP documents are a dozen levels deep at most. */
const MAX_JSONLD_DEPTH = 100;

/** Walks the document without recursion, so the check itself cannot overflow. */
function nestedDeeperThan(document: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[document, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}

/** jsonld wraps the loader's refusal in a long generic message; the refusal says more. */
function jsonLdReason(error: unknown): string {
  const cause = (error as { details?: { cause?: { message?: string } } })?.details?.cause?.message;
  return cause ?? errorMessage(error);
}

// ---- the graph ----

class Graph {
  readonly defaultLanguage: ContentLanguage;

  constructor(
    private readonly store: Store,
    pageUrl: string,
  ) {
    this.defaultLanguage = languageOfHost(pageUrl);
  }

  subjectsOfType(type: string): Term[] {
    return this.store.getSubjects(`${NS.rdf}type`, type, null);
  }

  objects(subject: Term, predicate: string): Term[] {
    return this.store.getObjects(subject, predicate, null);
  }

  objectsOfAny(subject: Term, predicates: string[]): Term[] {
    return predicates.flatMap((predicate) => this.objects(subject, predicate));
  }

  /** Literals by language tag; untagged ones in `untagged`. Tags of other languages are left out, unless nothing else is there. */
  texts(subject: Term, predicates: string[], max: number, untagged: ContentLanguage, multiline = false): Texts | undefined {
    const result: Texts = {};
    const literals = this.objectsOfAny(subject, predicates).filter((term) => term.termType === 'Literal');
    for (const literal of literals) {
      const tag = 'language' in literal && literal.language ? literal.language : '';
      const lang = tag ? contentLanguage(tag) : untagged;
      const value = lang && !result[lang] ? text(literal.value, max, multiline) : undefined;
      if (lang && value) result[lang] = value;
    }
    if (Object.keys(result).length > 0) return result;
    const fallback = literals.map((literal) => text(literal.value, max, multiline)).find(Boolean);
    return fallback ? { [untagged]: fallback } : undefined;
  }

  /** The values (IRIs and literal text) of a property, in document order. */
  values(subject: Term, predicates: string[]): string[] {
    return this.objectsOfAny(subject, predicates)
      .filter((term) => term.termType === 'NamedNode' || term.termType === 'Literal')
      .map((term) => term.value);
  }

  first(subject: Term, predicates: string[]): string | undefined {
    return this.values(subject, predicates)[0];
  }

  /** What a resource is called: its labels, any language. */
  labels(subject: Term): string[] {
    return this.values(subject, [`${NS.skos}prefLabel`, `${NS.rdfs}label`, `${NS.dct}title`, `${NS.foaf}name`]);
  }

  nextPage(): string | undefined {
    for (const predicate of [`${NS.hydra}nextPage`, `${NS.hydra}next`]) {
      for (const quad of this.store.getQuads(null, predicate, null, null)) {
        const next = webUrl(quad.object.value);
        if (next) return next;
      }
    }
    return undefined;
  }

  totalItems(): number | null {
    const value = this.store.getQuads(null, `${NS.hydra}totalItems`, null, null)[0]?.object.value;
    return value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : null;
  }
}

// ---- datasets ----

function datasetItem(context: SourceContext, page: Page, dataset: Term, seen: Set<string>): SourceItem | null {
  const { graph } = page;
  const sourceIdentifier = identifierOf(graph, dataset);
  if (!sourceIdentifier) {
    const title = graph.texts(dataset, [`${NS.dct}title`], 100, graph.defaultLanguage);
    const name = title ? Object.values(title)[0] : undefined;
    if (name) return unidentified({ code: 'named-dataset-without-identifier', params: { page: page.url, name } });
    return unidentified({ code: 'dataset-without-identifier', params: { page: page.url } });
  }
  if (seen.has(sourceIdentifier)) return null;
  seen.add(sourceIdentifier);
  const stamp = text(graph.first(dataset, [`${NS.dct}modified`]), 100) ?? null;
  if (stamp !== null && context.known.get(sourceIdentifier) === stamp) return { type: 'unchanged', sourceIdentifier };
  return mappedItem(sourceIdentifier, () => mapDataset(graph, dataset, sourceIdentifier, stamp));
}

/** The dataset's IRI; for a blank node, its `dct:identifier`. */
function identifierOf(graph: Graph, dataset: Term): string | undefined {
  if (dataset.termType === 'NamedNode' && dataset.value.length <= 500) return dataset.value;
  return identifier(graph.first(dataset, [`${NS.dct}identifier`]));
}

/** Untagged text is in the dataset's one `dct:language`, else in the language of the portal's country. */
function untaggedLanguage(graph: Graph, dataset: Term): ContentLanguage {
  const declared = unique(graph.values(dataset, [`${NS.dct}language`]).map(contentLanguage).filter((lang) => lang !== null));
  return declared.length === 1 ? declared[0]! : graph.defaultLanguage;
}

function mapDataset(graph: Graph, dataset: Term, sourceIdentifier: string, stamp: string | null): HarvestedDataset | null {
  const lang = untaggedLanguage(graph, dataset);
  const title = graph.texts(dataset, [`${NS.dct}title`], DATASET_TITLE_MAX, lang);
  if (!title) return null;
  const landingPage = graph.values(dataset, [`${NS.dcat}landingPage`]).map((value) => webUrl(value)).find(Boolean);
  const distributionNodes = graph.objects(dataset, `${NS.dcat}distribution`);
  const { license, licenseUrl } = licence(
    ...licenceNames(graph, graph.objects(dataset, `${NS.dct}license`)),
    ...distributionNodes.flatMap((node) => licenceNames(graph, graph.objects(node, `${NS.dct}license`))),
  );
  // RDF has no order, and each syntax lists values differently: lists are sorted, so one
  // catalogue gives one record whether it comes as Turtle, RDF/XML or JSON-LD.
  const themes = themesFromNames(graph.objects(dataset, `${NS.dcat}theme`).flatMap((theme) => namesOf(graph, theme))).sort();
  const spatial = unique(graph.objects(dataset, `${NS.dct}spatial`).flatMap((place) => spatialCodes(graph, place))).sort(byRegionOrder);
  const temporal = temporalOf(graph, dataset);
  const distributions = distributionNodes
    .map((node) => mapDistribution(graph, node, landingPage, lang))
    .filter((distribution) => distribution !== undefined)
    .sort(byContent)
    .slice(0, MAX_DISTRIBUTIONS);

  return definedOnly<HarvestedDataset>({
    sourceIdentifier,
    sourceModified: stamp,
    title,
    // The catalogue requires a description; a dataset without one is described by its title.
    description: graph.texts(dataset, [`${NS.dct}description`], DATASET_DESCRIPTION_MAX, lang, true) ?? title,
    publisher: publisherOf(graph, graph.objects(dataset, `${NS.dct}publisher`)[0], lang),
    contactPoint: contactOf(graph, graph.objects(dataset, `${NS.dcat}contactPoint`)[0]),
    themes: themes.length > 0 ? themes : undefined,
    keywords: keywordsByLanguage(keywordLists(graph, dataset, lang)),
    spatial: spatial.length > 0 ? spatial : undefined,
    temporalStart: temporal.start,
    temporalEnd: temporal.end,
    license,
    licenseUrl: licenseUrl ?? undefined,
    accessRights: accessRightOf(graph.first(dataset, [`${NS.dct}accessRights`])),
    frequency: frequencyOf(graph, graph.objects(dataset, `${NS.dct}accrualPeriodicity`)),
    landingPage,
    issued: isoDateTime(graph.first(dataset, [`${NS.dct}issued`])),
    modified: isoDateTime(stamp),
    distributions,
  });
}

function byRegionOrder(a: string, b: string): number {
  return REGION_CODES.indexOf(a) - REGION_CODES.indexOf(b);
}

function byContent(a: Distribution, b: Distribution): number {
  const key = (d: Distribution) => [d.accessUrl, d.downloadUrl ?? '', d.format ?? '', d.mediaType ?? '', d.license ?? '', JSON.stringify(d.title ?? '')].join('\u0001');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * What names a term: a literal's text; an IRI's last segment ("TRAN", "monthly", "liikenne") or
 * the whole IRI when it is one of the EU's authority lists; and its labels in the graph.
 */
function namesOf(graph: Graph, term: Term): string[] {
  if (term.termType === 'Literal') return [term.value];
  if (term.termType !== 'NamedNode') return graph.labels(term);
  const own = /\/authority\//.test(term.value) ? term.value : decodeTail(term.value);
  return [...(own ? [own] : []), ...graph.labels(term)];
}

function decodeTail(iri: string): string | undefined {
  const tail = /[/#]([^/#]+)\/?$/.exec(iri)?.[1];
  if (!tail) return undefined;
  try {
    return decodeURIComponent(tail);
  } catch {
    return tail;
  }
}

function licenceNames(graph: Graph, terms: Term[]): string[] {
  return terms.flatMap((term) => (term.termType === 'BlankNode' ? [...graph.values(term, [`${NS.dct}identifier`]), ...graph.labels(term)] : [term.value]));
}

function keywordLists(graph: Graph, dataset: Term, untagged: ContentLanguage): Partial<Record<ContentLanguage, string[]>> {
  const lists: Partial<Record<ContentLanguage, string[]>> = {};
  for (const term of graph.objects(dataset, `${NS.dcat}keyword`)) {
    if (term.termType !== 'Literal') continue;
    const lang = term.language ? contentLanguage(term.language) : untagged;
    if (lang) (lists[lang] ??= []).push(term.value);
  }
  for (const list of Object.values(lists)) list.sort((a, b) => a.localeCompare(b, 'fi'));
  return lists;
}

/** The EU's place, country and NUTS IRIs, Finland's municipality codes (uri.suomi.fi), and place names. */
const EU_PLACES: Readonly<Record<string, string>> = { FIN_HEL: 'fi-091', EST_TLL: 'ee-0784' };
const EU_COUNTRIES: Readonly<Record<string, string>> = { FIN: 'FI', EST: 'EE' };

function spatialCodes(graph: Graph, place: Term): string[] {
  if (place.termType === 'Literal') return regions([place.value]);
  const iri = place.termType === 'NamedNode' ? place.value : '';
  const fromIri =
    EU_COUNTRIES[/\/authority\/country\/([A-Z]{3})$/.exec(iri)?.[1] ?? ''] ??
    EU_PLACES[/\/authority\/place\/([A-Z]{3}_[A-Z0-9]+)$/.exec(iri)?.[1] ?? ''] ??
    nutsRegion(iri) ??
    finnishCodeRegion(iri);
  return fromIri ? [fromIri] : regions(graph.labels(place));
}

function nutsRegion(iri: string): string | undefined {
  const code = /\/nuts\/(?:code\/)?([A-Z]{2}[0-9A-Z]{1,3})$/.exec(iri)?.[1];
  return code && REGIONS.some((region) => region.code === code) ? code : undefined;
}

function finnishCodeRegion(iri: string): string | undefined {
  const match = /uri\.suomi\.fi\/codelist\/jhs\/(kunta|maakunta)_[^/]+\/code\/(\d{2,3})$/.exec(iri);
  if (!match) return undefined;
  const level = match[1] === 'kunta' ? 'municipality' : 'region';
  return REGIONS.find((region) => region.country === 'FI' && region.level === level && region.nationalCode === match[2])?.code;
}

function temporalOf(graph: Graph, dataset: Term): { start?: string; end?: string } {
  for (const period of graph.objects(dataset, `${NS.dct}temporal`)) {
    const start = isoDay(graph.first(period, [`${NS.dcat}startDate`, `${NS.schema}startDate`, `${NS.schemaHttps}startDate`]));
    const end = isoDay(graph.first(period, [`${NS.dcat}endDate`, `${NS.schema}endDate`, `${NS.schemaHttps}endDate`]), true);
    if (start || end) return { start, end };
  }
  return {};
}

function accessRightOf(value: string | undefined): AccessRight | undefined {
  if (!value) return undefined;
  const code = euCode(value, 'access-right', ACCESS_RIGHTS) ?? euCode(value.trim().toUpperCase().replace(/[- ]/g, '_'), 'access-right', ACCESS_RIGHTS);
  return code ?? undefined;
}

function frequencyOf(graph: Graph, terms: Term[]) {
  return frequencyFromText(terms.flatMap((term) => namesOf(graph, term))) ?? undefined;
}

function publisherOf(graph: Graph, publisher: Term | undefined, lang: ContentLanguage): HarvestedDataset['publisher'] {
  if (!publisher) return undefined;
  const name = graph.texts(publisher, [`${NS.foaf}name`, `${NS.skos}prefLabel`, `${NS.vcard}fn`, `${NS.dct}title`], 300, lang);
  const key = publisher.termType === 'NamedNode' ? identifier(publisher.value, 300) : identifier(graph.first(publisher, [`${NS.dct}identifier`]), 300) ?? (name && Object.values(name)[0]);
  if (!key) return undefined;
  return definedOnly({ key, name: name ?? { [lang]: key }, homepage: webUrl(graph.first(publisher, [`${NS.foaf}homepage`])) });
}

function contactOf(graph: Graph, contact: Term | undefined): HarvestedDataset['contactPoint'] {
  if (!contact) return undefined;
  return contactOrUndefined({
    name: text(graph.first(contact, [`${NS.vcard}fn`, `${NS.vcard}organization-name`]), 200),
    email: email(graph.values(contact, [`${NS.vcard}hasEmail`])),
    url: webUrl(graph.first(contact, [`${NS.vcard}hasURL`])),
  });
}

type Distribution = NonNullable<HarvestedDataset['distributions']>[number];

function mapDistribution(graph: Graph, node: Term, landingPage: string | undefined, lang: ContentLanguage): Distribution | undefined {
  const accessUrl = firstUrl(graph, node, `${NS.dcat}accessURL`);
  const downloadUrl = firstUrl(graph, node, `${NS.dcat}downloadURL`);
  const url = accessUrl ?? downloadUrl ?? landingPage;
  if (!url) return undefined;
  const formatNames = graph.objects(node, `${NS.dct}format`).flatMap((term) => (term.termType === 'BlankNode' ? [...graph.values(term, [`${NS.rdf}value`]), ...graph.labels(term)] : [term.value]));
  const media = graph.values(node, [`${NS.dcat}mediaType`]).map(mediaType).find(Boolean) ?? formatNames.map(mediaType).find(Boolean);
  return definedOnly<Distribution>({
    title: graph.texts(node, [`${NS.dct}title`], 300, lang),
    description: graph.texts(node, [`${NS.dct}description`], 4000, lang, true),
    accessUrl: url,
    downloadUrl,
    format: formatNames.map((name) => fileFormat(name.replace(/^https?:\/\/www\.iana\.org\/assignments\/media-types\//i, ''))).find(Boolean),
    mediaType: media,
    byteSize: byteSize(graph.first(node, [`${NS.dcat}byteSize`])),
    license: licence(...licenceNames(graph, graph.objects(node, `${NS.dct}license`))).license ?? undefined,
    accessService: serviceOf(graph, graph.objects(node, `${NS.dcat}accessService`)[0], lang),
  });
}

function firstUrl(graph: Graph, subject: Term, predicate: string): string | undefined {
  return graph.values(subject, [predicate]).map((value) => webUrl(value)).find(Boolean);
}

function serviceOf(graph: Graph, service: Term | undefined, lang: ContentLanguage): Distribution['accessService'] {
  if (!service) return undefined;
  const endpointUrl = firstUrl(graph, service, `${NS.dcat}endpointURL`);
  if (!endpointUrl) return undefined;
  return definedOnly({
    title: graph.texts(service, [`${NS.dct}title`], 300, lang) ?? { [lang]: new URL(endpointUrl).host },
    endpointUrl,
    endpointDescription: firstUrl(graph, service, `${NS.dcat}endpointDescription`),
  });
}
