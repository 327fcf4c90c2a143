/**
 * The catalogue as RDF quads, after DCAT-AP 3.0.1. Pure functions: a dataset in, its quads out,
 * so the writers can stream a catalogue batch by batch. Every node the output describes gets an
 * IRI (contact points, periods and identifiers are fragments of their dataset's IRI): blank nodes
 * would make two serialisations of one catalogue impossible to compare triple by triple.
 *
 * The official shapes check `sh:class` against the data graph alone, so every vocabulary term the
 * output points at must carry its type there too (`<…/frequency/DAILY> a dct:Frequency`).
 * `TermTypes` adds those triples once per output.
 */
import { DataFactory, type NamedNode, type Quad } from 'n3';
import { CONTENT_LANGUAGES } from '../../../../shared/languages.ts';
import type { LocalizedTextValue } from '../../../../shared/localized.ts';
import type { RegionEntry } from '../../../../shared/catalog.ts';
import type { InstitutionType } from '../../../../shared/register.ts';
import type { Dataset, Distribution } from '../../../../shared/schemas/catalog.ts';
import {
  LICENCE_TYPE_SCHEME, licenceTypes, serviceStandard, THEME_LABELS, THEME_SCHEME_IRI, THEME_SCHEME_TITLE, accessRightIri, adms, dcat, dct, euAuthorityScheme, fileTypeIri, foaf, frequencyIri, hydra,
  PUBLISHER_TYPE_SCHEME, iriSegment, languageIri, publisherType, licenseIri, mailtoIri, mediaTypeIri, rdf, regionsByIri, skos, spatialIri, themeIri, themeOfIri,
  trimBase, vcard, webIri, wellFormed, xsd, type CatalogLanguage,
} from './vocab.ts';

const { namedNode, literal, quad } = DataFactory;

export interface CatalogInfo {
  /** Where the platform is served, e.g. `https://talsinki.eu`; every IRI it mints starts with it. */
  base: string;
  title: LocalizedTextValue;
  description: LocalizedTextValue;
  publisher: { iri: string; name: LocalizedTextValue; homepage?: string; type?: InstitutionType };
  homepage: string;
  /** The licence of the catalogue's own description, as an IRI; left out when none is given. */
  license?: string | null;
  issued?: string | null;
  modified?: string | null;
  languages: CatalogLanguage[];
  /** Interfaces of the platform itself over the whole catalogue (its CKAN Action API). */
  services?: readonly PlatformService[];
  /** What the institution directory says of the datasets' publishers, by institution id. */
  agents?: ReadonlyMap<string, AgentDetails>;
}

/** An interface the platform serves every dataset of the catalogue through. */
export interface PlatformService {
  /** The fragment of the catalogue's IRI that names it (`ckan-api` → `…/catalog#ckan-api`). */
  key: string;
  title: LocalizedTextValue;
  endpointUrl: string;
  endpointDescription?: string;
  /** The standard it implements. */
  conformsTo?: string;
  keywords?: Partial<Record<'fi' | 'et' | 'en' | 'sv', string[]>>;
}

/** An institution's type and website in the directory, which a dataset only names by id. */
export interface AgentDetails {
  type?: InstitutionType | null;
  homepage?: string | null;
}

/**
 * One page of a paged catalogue, in Hydra: a `hydra:PartialCollectionView` of the collection with
 * `hydra:next`/`previous`/`first`/`last` as IRIs, which is what current readers look for; and the
 * same page as the deprecated `hydra:PagedCollection` with `nextPage`… as literals, as
 * ckanext-dcat writes it, because its reader falls back to `nextPage` and older ones know only it.
 */
export interface Paging {
  /** The IRI of this page. */
  page: string;
  /** The IRI of the whole collection the page is a view of (the unpaged file). */
  collection?: string;
  totalItems: number;
  itemsPerPage: number;
  firstPage: string;
  lastPage: string;
  nextPage?: string | null;
  previousPage?: string | null;
}

// ---- IRIs the platform mints ----

export const catalogIri = (base: string) => `${trimBase(base)}/catalog`;
export const platformServiceIri = (base: string, key: string) => `${catalogIri(base)}#${iriSegment(key)}`;
export const datasetIri = (base: string, datasetId: string) => `${trimBase(base)}/datasets/${iriSegment(datasetId)}`;
export const institutionIri = (base: string, institutionId: string) => `${trimBase(base)}/institutions/${iriSegment(institutionId)}`;
const distributionIri = (ofDataset: string, distribution: Distribution) => `${ofDataset}/distributions/${iriSegment(distribution.id)}`;

/** The data service a distribution is reached through, or null when it has no usable endpoint. */
function dataServiceIri(ofDataset: string, distribution: Distribution): string | null {
  return webIri(distribution.accessService?.endpointUrl) ? `${ofDataset}/services/${iriSegment(distribution.id)}` : null;
}

// ---- literals ----

/**
 * Characters XML 1.0 cannot carry at all, not even escaped. They are dropped from every literal,
 * so the four syntaxes say the same thing; unpaired surrogates become U+FFFD for the same reason.
 */
const CONTROLS_XML_CANNOT_CARRY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function cleanLiteral(value: string, language?: string) {
  return literal(wellFormed(value).replace(CONTROLS_XML_CANNOT_CARRY, ''), language);
}

const XSD_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const XSD_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;

/** A timestamp as `xsd:dateTime`, a bare day as `xsd:date`; anything else is left out rather than mistyped. */
function moment(value: string | null | undefined): { lexical: string; datatype: string } | null {
  if (!value) return null;
  if (XSD_DATE_TIME.test(value)) return { lexical: value, datatype: xsd('dateTime') };
  if (XSD_DATE.test(value)) return { lexical: value, datatype: xsd('date') };
  return null;
}

// ---- describing one node ----

/** Adds the statements about one node to `quads`; values that are null are skipped. */
class NodeDescription {
  readonly node: NamedNode;

  constructor(private readonly quads: Quad[], iri: string) {
    this.node = namedNode(iri);
  }

  a(...classes: string[]): this {
    for (const type of classes) this.quads.push(quad(this.node, namedNode(rdf('type')), namedNode(type)));
    return this;
  }

  link(predicate: string, iri: string | null | undefined): this {
    if (iri) this.quads.push(quad(this.node, namedNode(predicate), namedNode(iri)));
    return this;
  }

  text(predicate: string, value: string | null | undefined, language?: string): this {
    if (value != null) this.quads.push(quad(this.node, namedNode(predicate), cleanLiteral(value, language)));
    return this;
  }

  /** One literal per language, tagged with it. */
  localized(predicate: string, value: LocalizedTextValue | null | undefined): this {
    for (const language of CONTENT_LANGUAGES) this.text(predicate, value?.[language], language);
    return this;
  }

  typed(predicate: string, lexical: string | null | undefined, datatype: string): this {
    if (lexical != null) this.quads.push(quad(this.node, namedNode(predicate), literal(lexical, namedNode(datatype))));
    return this;
  }

  moment(predicate: string, value: string | null | undefined): this {
    const typed = moment(value);
    return typed ? this.typed(predicate, typed.lexical, typed.datatype) : this;
  }

  /** A web page: `foaf:Document` is the class the shapes require of homepages and landing pages. */
  page(predicate: string, iri: string | null): this {
    if (iri) this.link(predicate, iri).quads.push(quad(namedNode(iri), namedNode(rdf('type')), namedNode(foaf('Document'))));
    return this;
  }
}

const describe = (quads: Quad[], iri: string) => new NodeDescription(quads, iri);

// ---- vocabulary terms, typed once per output ----

/**
 * How many IRIs one output remembers as already described. The vocabularies and the institution
 * directory stay far below it; licence addresses, file types and media types come from sources,
 * so past the cap their triples are simply repeated (harmless in RDF) and memory stays bounded.
 */
const MAX_REMEMBERED_TERMS = 10_000;

/**
 * Writes the description of shared nodes (vocabulary terms, publishers) the first time an output
 * mentions them: the typing triples the shapes' `sh:class` checks need, labels, and the EU
 * authority table a term is from.
 */
export class TermTypes {
  private readonly described = new Set<string>();
  private readonly regions: ReadonlyMap<string, RegionEntry>;
  /** What a term is, by the property that points at it. */
  private readonly describers: Readonly<Record<string, (iri: string) => Quad[]>>;

  /** `agents`: the directory's details of the publishers this output names (see `CatalogInfo.agents`). */
  constructor(base: string, readonly agents: ReadonlyMap<string, AgentDetails> = new Map()) {
    this.regions = regionsByIri(base);
    const typedAs = (...classes: string[]) => (iri: string) => {
      const quads: Quad[] = [];
      describe(quads, iri).a(...classes).link(skos('inScheme'), euAuthorityScheme(iri));
      return quads;
    };
    this.describers = {
      [dcat('theme')]: (iri) => this.themeConcept(iri),
      [dcat('themeTaxonomy')]: () => themeScheme(),
      [dct('spatial')]: (iri) => this.location(iri),
      [dct('accrualPeriodicity')]: typedAs(dct('Frequency')),
      [dct('accessRights')]: typedAs(dct('RightsStatement')),
      [dct('license')]: (iri) => this.licence(iri),
      [dct('format')]: typedAs(dct('MediaTypeOrExtent')),
      [dcat('mediaType')]: typedAs(dct('MediaType')),
      [dct('language')]: typedAs(dct('LinguisticSystem')),
      [dct('conformsTo')]: typedAs(dct('Standard')),
    };
  }

  /** `describeNode()` the first time `key` is seen in this output, nothing afterwards. */
  describeOnce(key: string, describeNode: () => Quad[]): Quad[] {
    if (this.described.has(key)) return [];
    if (this.described.size < MAX_REMEMBERED_TERMS) this.described.add(key);
    return describeNode();
  }

  /** The descriptions of the vocabulary terms `quads` point at that this output has not described yet. */
  typingFor(quads: readonly Quad[]): Quad[] {
    const typing: Quad[] = [];
    for (const { predicate, object } of quads) {
      const describeTerm = this.describers[predicate.value];
      if (describeTerm && object.termType === 'NamedNode') {
        typing.push(...this.describeOnce(`${predicate.value} ${object.value}`, () => describeTerm(object.value)));
      }
    }
    return typing;
  }

  private themeConcept(iri: string): Quad[] {
    const quads: Quad[] = [];
    const theme = themeOfIri(iri);
    describe(quads, iri).a(skos('Concept')).localized(skos('prefLabel'), theme ? THEME_LABELS[theme] : { en: iri }).link(skos('inScheme'), THEME_SCHEME_IRI);
    return [...quads, ...this.describeOnce(`${dcat('themeTaxonomy')} ${THEME_SCHEME_IRI}`, themeScheme)];
  }

  /** A licence document, with its ADMS licence types where the licence is one of the EU list. */
  private licence(iri: string): Quad[] {
    const quads: Quad[] = [];
    const node = describe(quads, iri).a(dct('LicenseDocument')).link(skos('inScheme'), euAuthorityScheme(iri));
    for (const type of licenceTypes(iri)) {
      node.link(dct('type'), type.iri);
      quads.push(...this.describeOnce(type.iri, () => concept(type.iri, type.label, LICENCE_TYPE_SCHEME)));
    }
    return quads;
  }

  private location(iri: string): Quad[] {
    const quads: Quad[] = [];
    describe(quads, iri).a(dct('Location')).localized(skos('prefLabel'), this.regions.get(iri)?.name).link(skos('inScheme'), euAuthorityScheme(iri));
    return quads;
  }
}

/** A concept of a vocabulary the EU does not publish as linked data with its labels (ADMS): typed and labelled here. */
function concept(iri: string, label: string, scheme: string): Quad[] {
  const quads: Quad[] = [];
  describe(quads, iri).a(skos('Concept')).text(skos('prefLabel'), label, 'en').link(skos('inScheme'), scheme);
  return quads;
}

function themeScheme(): Quad[] {
  const quads: Quad[] = [];
  describe(quads, THEME_SCHEME_IRI).a(skos('ConceptScheme')).localized(dct('title'), THEME_SCHEME_TITLE);
  return quads;
}

/** What the platform knows of an agent: an institution of its directory, or the platform itself. */
export interface AgentInfo {
  iri: string;
  name: LocalizedTextValue;
  homepage?: string | null;
  type?: InstitutionType | null;
}

/** An agent; its type's concept is described once per output (`terms`), as several agents share it. */
function agent({ iri, name, homepage, type }: AgentInfo, terms?: TermTypes): Quad[] {
  const quads: Quad[] = [];
  const kind = publisherType(type);
  // foaf:Agent for the shapes' sh:class (they do not infer it from foaf:Organization).
  describe(quads, iri).a(foaf('Agent'), foaf('Organization')).localized(foaf('name'), name).page(foaf('homepage'), webIri(homepage)).link(dct('type'), kind?.iri);
  if (kind) {
    const describeKind = () => concept(kind.iri, kind.label, PUBLISHER_TYPE_SCHEME);
    quads.push(...(terms ? terms.describeOnce(kind.iri, describeKind) : describeKind()));
  }
  return quads;
}

/** An agent's own document: what its IRI answers to a machine. */
export function agentQuads(info: AgentInfo): Quad[] {
  return agent({ ...info, iri: requireWebIri(info.iri, 'AgentInfo.iri') });
}

/** A region the platform names under its own base (see `spatialIri`): what its IRI answers to a machine. */
export function regionQuads(base: string, iri: string): Quad[] {
  return new TermTypes(normaliseBase(base)).typingFor([quad(namedNode(iri), namedNode(dct('spatial')), namedNode(iri))]);
}

// ---- the catalogue ----

function requireWebIri(value: string, what: string): string {
  const iri = webIri(value);
  if (!iri) throw new Error(`${what} must be an absolute http(s) IRI, not ${JSON.stringify(value)}`);
  return iri;
}

/** The base as every IRI of one output starts with it: checked, normalised, without a trailing slash. */
export function normaliseBase(base: string): string {
  return trimBase(requireWebIri(base, 'CatalogInfo.base'));
}

/** The catalogue's own description, without its datasets (see `catalogMembershipQuads`). */
export function catalogQuads(info: CatalogInfo, terms = new TermTypes(info.base)): Quad[] {
  const base = normaliseBase(info.base);
  const publisher = requireWebIri(info.publisher.iri, 'CatalogInfo.publisher.iri');
  const quads: Quad[] = [];
  const catalog = describe(quads, catalogIri(base))
    .a(dcat('Catalog'))
    .localized(dct('title'), info.title)
    .localized(dct('description'), info.description)
    .link(dct('publisher'), publisher)
    .page(foaf('homepage'), requireWebIri(info.homepage, 'CatalogInfo.homepage'))
    .link(dct('license'), webIri(info.license))
    .moment(dct('issued'), info.issued)
    .moment(dct('modified'), info.modified)
    .link(dcat('themeTaxonomy'), THEME_SCHEME_IRI)
    .link(dct('spatial'), spatialIri('FI', base))
    .link(dct('spatial'), spatialIri('EE', base));
  for (const language of new Set<CatalogLanguage>(info.languages)) catalog.link(dct('language'), languageIri(language));
  for (const service of info.services ?? []) {
    const iri = platformServiceIri(base, service.key);
    catalog.link(dcat('service'), iri);
    const node = describe(quads, iri)
      .a(dcat('DataService'))
      .localized(dct('title'), service.title)
      .link(dcat('endpointURL'), requireWebIri(service.endpointUrl, 'PlatformService.endpointUrl'))
      .link(dcat('endpointDescription'), webIri(service.endpointDescription))
      .link(dct('conformsTo'), webIri(service.conformsTo))
      .link(dct('publisher'), publisher);
    addKeywords(node, service.keywords ?? {});
  }
  quads.push(...terms.describeOnce(publisher, () => agent({ iri: publisher, name: info.publisher.name, homepage: info.publisher.homepage, type: info.publisher.type }, terms)));
  quads.push(...terms.typingFor(quads));
  return quads;
}

/**
 * The catalogue's `dcat:dataset` link to one dataset, `dcat:service` to the services it is reached
 * through, and the platform's own services' `dcat:servesDataset` to it.
 */
export function catalogMembershipQuads(base: string, dataset: Dataset, services: readonly PlatformService[] = []): Quad[] {
  const quads: Quad[] = [];
  const ofDataset = datasetIri(base, dataset.id);
  const catalog = describe(quads, catalogIri(base)).link(dcat('dataset'), ofDataset);
  for (const distribution of dataset.distributions) catalog.link(dcat('service'), dataServiceIri(ofDataset, distribution));
  for (const service of services) describe(quads, platformServiceIri(base, service.key)).link(dcat('servesDataset'), ofDataset);
  return quads;
}

/** A page of a paged catalogue: the Hydra view and the deprecated paged collection, on the page's IRI. */
export function pagingQuads(paging: Paging): Quad[] {
  const quads: Quad[] = [];
  const page = requireWebIri(paging.page, 'Paging.page');
  const totalItems = String(Math.max(0, Math.trunc(paging.totalItems)));
  const link = (iri: string | null | undefined, what: string) => (iri ? requireWebIri(iri, what) : null);
  describe(quads, page)
    .a(hydra('PartialCollectionView'), hydra('PagedCollection'))
    .link(hydra('first'), link(paging.firstPage, 'Paging.firstPage'))
    .link(hydra('last'), link(paging.lastPage, 'Paging.lastPage'))
    .link(hydra('next'), link(paging.nextPage, 'Paging.nextPage'))
    .link(hydra('previous'), link(paging.previousPage, 'Paging.previousPage'))
    .typed(hydra('totalItems'), totalItems, xsd('integer'))
    .typed(hydra('itemsPerPage'), String(Math.max(0, Math.trunc(paging.itemsPerPage))), xsd('integer'))
    .text(hydra('firstPage'), paging.firstPage)
    .text(hydra('lastPage'), paging.lastPage)
    .text(hydra('nextPage'), paging.nextPage)
    .text(hydra('previousPage'), paging.previousPage);
  if (paging.collection) {
    describe(quads, requireWebIri(paging.collection, 'Paging.collection'))
      .a(hydra('Collection'))
      .typed(hydra('totalItems'), totalItems, xsd('integer'))
      .link(hydra('view'), page);
  }
  return quads;
}

// ---- one dataset ----

/**
 * A dataset with its distributions, data services, publisher and contact point. With the `terms`
 * of a whole output, shared nodes already written are left out; alone, it is self-contained.
 * `base` is expected normalised (`normaliseBase`), as the writers pass it.
 */
export function datasetQuads(dataset: Dataset, base: string, terms = new TermTypes(base)): Quad[] {
  const quads: Quad[] = [];
  const iri = datasetIri(base, dataset.id);
  const node = describe(quads, iri)
    .a(dcat('Dataset'))
    .text(dct('identifier'), dataset.id)
    .localized(dct('title'), dataset.title)
    .localized(dct('description'), dataset.description)
    // DCAT-AP puts licences on distributions; the dataset keeps its own for reusers that look there.
    .link(dct('license'), licenseIri(dataset.license, dataset.licenseUrl))
    .link(dct('accessRights'), accessRightIri(dataset.accessRights))
    .link(dct('accrualPeriodicity'), frequencyIri(dataset.frequency))
    .page(dcat('landingPage'), webIri(dataset.landingPage))
    .moment(dct('issued'), dataset.issued)
    .moment(dct('modified'), dataset.modified);
  addKeywords(node, dataset.keywords);
  for (const theme of new Set(dataset.themes)) node.link(dcat('theme'), themeIri(theme));
  for (const region of new Set(dataset.spatial)) node.link(dct('spatial'), spatialIri(region, base));
  addTemporal(quads, node, dataset);
  addSourceIdentifier(quads, node, dataset);
  const contact = addContactPoint(quads, node, dataset.contactPoint);
  let publisher: string | null = null;
  if (dataset.publisher) {
    const { id, name } = dataset.publisher;
    publisher = institutionIri(base, id);
    node.link(dct('publisher'), publisher);
    const details = terms.agents.get(id);
    quads.push(...terms.describeOnce(publisher, () => agent({ iri: publisher!, name, homepage: details?.homepage, type: details?.type }, terms)));
  }
  for (const distribution of dataset.distributions) addDistribution(quads, node, dataset, distribution, { contact, publisher });
  quads.push(...terms.typingFor(quads));
  return quads;
}

function addKeywords(node: NodeDescription, keywords: Dataset['keywords']) {
  for (const language of CONTENT_LANGUAGES) {
    const distinct = new Set((keywords[language] ?? []).map((keyword) => keyword.trim()).filter(Boolean));
    for (const keyword of distinct) node.text(dcat('keyword'), keyword, language);
  }
}

function addTemporal(quads: Quad[], node: NodeDescription, dataset: Dataset) {
  const start = XSD_DATE.test(dataset.temporalStart ?? '') ? dataset.temporalStart : null;
  const end = XSD_DATE.test(dataset.temporalEnd ?? '') ? dataset.temporalEnd : null;
  if (!start && !end) return;
  const period = `${node.node.value}#temporal`;
  node.link(dct('temporal'), period);
  describe(quads, period).a(dct('PeriodOfTime')).typed(dcat('startDate'), start, xsd('date')).typed(dcat('endDate'), end, xsd('date'));
}

/** Where a harvested dataset came from: its identifier at the source, as an `adms:Identifier`. */
function addSourceIdentifier(quads: Quad[], node: NodeDescription, dataset: Dataset) {
  if (!dataset.source || !dataset.sourceIdentifier) return;
  const identifier = `${node.node.value}#identifier`;
  node.link(adms('identifier'), identifier);
  describe(quads, identifier).a(adms('Identifier')).text(skos('notation'), dataset.sourceIdentifier);
}

/** The dataset's contact point, and its IRI (null when the dataset names none). */
function addContactPoint(quads: Quad[], node: NodeDescription, contact: Dataset['contactPoint']): string | null {
  const name = contact?.name?.trim() || null;
  const email = mailtoIri(contact?.email);
  const url = webIri(contact?.url);
  if (!name && !email && !url) return null;
  const contactIri = `${node.node.value}#contact`;
  node.link(dcat('contactPoint'), contactIri);
  // vcard:Kind for the shapes' sh:class; vcard:Organization says what kind.
  describe(quads, contactIri).a(vcard('Kind'), vcard('Organization')).text(vcard('fn'), name).link(vcard('hasEmail'), email).link(vcard('hasURL'), url);
  return contactIri;
}

/** Who answers for a dataset: its data services answer for the same data, so they name the same. */
interface Responsible { contact: string | null; publisher: string | null }

function addDistribution(quads: Quad[], datasetNode: NodeDescription, dataset: Dataset, distribution: Distribution, responsible: Responsible) {
  const ofDataset = datasetNode.node.value;
  const iri = distributionIri(ofDataset, distribution);
  datasetNode.link(dcat('distribution'), iri);
  const node = describe(quads, iri)
    .a(dcat('Distribution'))
    .localized(dct('title'), distribution.title)
    .localized(dct('description'), distribution.description)
    .link(dcat('accessURL'), accessUrl(distribution, dataset, ofDataset))
    .link(dcat('downloadURL'), webIri(distribution.downloadUrl))
    .link(dct('format'), fileTypeIri(distribution.format))
    .link(dcat('mediaType'), mediaTypeIri(distribution.mediaType))
    .typed(dcat('byteSize'), byteSize(distribution.byteSize), xsd('nonNegativeInteger'))
    .link(dct('conformsTo'), webIri(distribution.conformsTo))
    .link(dct('license'), distribution.license
      ? licenseIri(distribution.license, dataset.licenseUrl)
      : licenseIri(dataset.license, dataset.licenseUrl));
  const service = dataServiceIri(ofDataset, distribution);
  if (service && distribution.accessService) {
    node.link(dcat('accessService'), service);
    const { title, endpointUrl, endpointDescription } = distribution.accessService;
    // A service of one dataset is that dataset's interface: its contact, publisher, themes and
    // keywords are the dataset's (the recommended properties the European Data Portal scores).
    const serviceNode = describe(quads, service)
      .a(dcat('DataService'))
      .localized(dct('title'), Object.keys(title).length ? title : dataset.title)
      .link(dcat('endpointURL'), webIri(endpointUrl))
      .link(dcat('endpointDescription'), webIri(endpointDescription))
      .link(dct('conformsTo'), serviceStandard(distribution.format, endpointUrl))
      .link(dcat('servesDataset'), ofDataset)
      .link(dcat('contactPoint'), responsible.contact)
      .link(dct('publisher'), responsible.publisher);
    for (const theme of new Set(dataset.themes)) serviceNode.link(dcat('theme'), themeIri(theme));
    addKeywords(serviceNode, dataset.keywords);
  }
}

/**
 * `dcat:accessURL` is mandatory: a source's address that is not a usable IRI falls back to the
 * download address, the landing page, and last to the dataset's own page here, which links on.
 */
function accessUrl(distribution: Distribution, dataset: Dataset, ofDataset: string): string {
  return webIri(distribution.accessUrl) ?? webIri(distribution.downloadUrl) ?? webIri(dataset.landingPage) ?? ofDataset;
}

function byteSize(size: number | null): string | null {
  return size != null && Number.isSafeInteger(size) && size >= 0 ? String(size) : null;
}
