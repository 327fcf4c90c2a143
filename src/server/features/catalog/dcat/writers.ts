/**
 * Streaming serialisers of the catalogue: Turtle, N-Triples (n3's Writer), JSON-LD and RDF/XML
 * (written here, one subject at a time). Memory stays constant whatever the catalogue's size: the
 * datasets arrive in batches, each batch is serialised and handed to the output before the next
 * is read, and when the output says it is full (`write()` answers false) the writer waits for
 * 'drain', so a slow client slows the database reads instead of filling the server's memory.
 */
import type { Writable } from 'node:stream';
import { Writer, type Quad, type Term } from 'n3';
import type { Dataset } from '../../../../shared/schemas/catalog.ts';
import {
  TermTypes, catalogMembershipQuads, catalogQuads, datasetQuads, normaliseBase, pagingQuads, type CatalogInfo, type Paging,
} from './quads.ts';
import { NAMESPACES, rdf, xsd } from './vocab.ts';

export type { CatalogInfo, Paging } from './quads.ts';

export type RdfFormat = 'turtle' | 'jsonld' | 'rdfxml' | 'ntriples';

export const RDF_MEDIA_TYPES: Record<RdfFormat, string> = {
  turtle: 'text/turtle',
  jsonld: 'application/ld+json',
  rdfxml: 'application/rdf+xml',
  ntriples: 'application/n-triples',
};

/**
 * Writes the catalogue: its own description, the Hydra paging triples when `paging` is given,
 * then each batch of datasets as it arrives. Ends `out` when done; on an error it throws and
 * leaves `out` open for the caller to destroy.
 */
export async function writeCatalog(
  out: Writable, format: RdfFormat, info: CatalogInfo, batches: AsyncIterable<Dataset[]>, paging?: Paging,
): Promise<void> {
  const base = normaliseBase(info.base);
  const terms = new TermTypes(base, info.agents);
  const document = new RdfDocument(out, format);
  await document.write([...catalogQuads(info, terms), ...(paging ? pagingQuads(paging) : [])]);
  for await (const batch of batches) {
    await document.write(batch.flatMap((dataset) => [...catalogMembershipQuads(base, dataset, info.services), ...datasetQuads(dataset, base, terms)]));
  }
  await document.end();
}

/** Writes one dataset on its own, with the typing of its vocabulary terms, so it validates alone. Ends `out`. */
export async function writeDataset(out: Writable, format: RdfFormat, info: CatalogInfo, dataset: Dataset): Promise<void> {
  const document = new RdfDocument(out, format);
  const base = normaliseBase(info.base);
  await document.write(datasetQuads(dataset, base, new TermTypes(base, info.agents)));
  await document.end();
}

/** Writes a small document of given quads (an agent, a region). Ends `out`. */
export async function writeQuads(out: Writable, format: RdfFormat, quads: readonly Quad[]): Promise<void> {
  const document = new RdfDocument(out, format);
  await document.write(quads);
  await document.end();
}

// ---- the document: serialiser, buffer, backpressure ----

/** Text gathered before it is handed to the output: fewer, larger writes, and still bounded. */
const CHUNK_CHARACTERS = 64 * 1024;

class RdfDocument {
  private readonly output: BufferedOutput;
  private readonly serializer: Serializer;

  constructor(out: Writable, format: RdfFormat) {
    this.output = new BufferedOutput(out);
    this.serializer = SERIALIZERS[format]((text) => this.output.push(text));
  }

  /** Serialises the quads subject by subject and hands them all to the output before returning. */
  async write(quads: readonly Quad[]): Promise<void> {
    for (const statements of groupBySubject(quads)) {
      this.serializer.subject(statements);
      await this.output.flushWhenFull();
    }
    await this.output.flush();
  }

  async end(): Promise<void> {
    this.serializer.end();
    await this.output.end();
  }
}

class BufferedOutput {
  private parts: string[] = [];
  private characters = 0;

  constructor(private readonly out: Writable) {}

  push(text: string) {
    this.parts.push(text);
    this.characters += text.length;
  }

  async flushWhenFull() {
    if (this.characters >= CHUNK_CHARACTERS) await this.flush();
  }

  async flush() {
    if (this.characters === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.characters = 0;
    if (this.out.destroyed || this.out.writableEnded) throw new Error('The output closed before the catalogue was written');
    if (!this.out.write(chunk)) await drained(this.out);
  }

  async end() {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

/** Resolves on 'drain'; rejects if the output fails or closes first, so a vanished client does not leave the writer waiting. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(new Error('The output closed before the catalogue was written'));
    out.on('drain', onDrain).on('error', onError).on('close', onClose);
  });
}

/**
 * The quads of a batch, grouped by subject in the order subjects first appear, without repeated
 * statements (two datasets of a batch may share a landing page, for instance).
 */
function groupBySubject(quads: readonly Quad[]): Quad[][] {
  const groups = new Map<string, { statements: Quad[]; seen: Set<string> }>();
  for (const statement of quads) {
    let group = groups.get(statement.subject.id);
    if (!group) groups.set(statement.subject.id, (group = { statements: [], seen: new Set() }));
    const key = `${statement.predicate.id} ${statement.object.id}`;
    if (group.seen.has(key)) continue;
    group.seen.add(key);
    group.statements.push(statement);
  }
  return [...groups.values()].map((group) => group.statements);
}

// ---- serialisers ----

interface Serializer {
  /** Writes all the statements about one subject. */
  subject(statements: readonly Quad[]): void;
  /** Closes the document. */
  end(): void;
}
type SerializerFactory = (emit: (text: string) => void) => Serializer;

const SERIALIZERS: Record<RdfFormat, SerializerFactory> = {
  turtle: (emit) => n3Serializer(emit, 'Turtle'),
  ntriples: (emit) => n3Serializer(emit, 'N-Triples'),
  jsonld: jsonLdSerializer,
  rdfxml: rdfXmlSerializer,
};

function n3Serializer(emit: (text: string) => void, format: 'Turtle' | 'N-Triples'): Serializer {
  // n3's Writer writes into any object with write() and end(); given this one, its text lands in
  // our buffer, where backpressure is handled, while the Writer keeps its state across batches
  // (prefixes declared once, a subject's statements joined with ';').
  const sink = {
    write(text: string, _encoding?: string, done?: () => void) { emit(text); done?.(); },
    end(done?: () => void) { done?.(); },
  };
  const writer = new Writer(sink, format === 'Turtle' ? { format, prefixes: NAMESPACES } : { format });
  return { subject: (statements) => writer.addQuads([...statements]), end: () => writer.end() };
}

/** Namespaces that can name an IRI in a compact IRI or an XML qualified name (local part an NCName). */
function splitIri(iri: string): { prefix: string; local: string } | null {
  for (const [prefix, namespace] of Object.entries(NAMESPACES)) {
    if (iri.startsWith(namespace) && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(iri.slice(namespace.length))) {
      return { prefix, local: iri.slice(namespace.length) };
    }
  }
  return null;
}

// JSON-LD: `{"@context": {prefixes}, "@graph": [node, node, …]}`, one node object per subject.

function jsonLdSerializer(emit: (text: string) => void): Serializer {
  emit(`{\n"@context": ${JSON.stringify(NAMESPACES)},\n"@graph": [\n`);
  let first = true;
  return {
    subject(statements) {
      emit(`${first ? '' : ',\n'}${JSON.stringify(jsonLdNode(statements))}`);
      first = false;
    },
    end: () => emit('\n]\n}\n'),
  };
}

function jsonLdNode(statements: readonly Quad[]): Record<string, unknown> {
  const types: string[] = [];
  const properties = new Map<string, unknown[]>();
  for (const { predicate, object } of statements) {
    if (predicate.value === rdf('type') && object.termType === 'NamedNode') {
      types.push(compactIri(object.value));
      continue;
    }
    const key = compactIri(predicate.value);
    const values = properties.get(key) ?? [];
    values.push(jsonLdValue(object));
    properties.set(key, values);
  }
  return { '@id': jsonLdId(statements[0].subject), ...(types.length ? { '@type': types } : {}), ...Object.fromEntries(properties) };
}

/** `dct:title` for a known namespace; otherwise the IRI itself, which JSON-LD takes as absolute. */
function compactIri(iri: string): string {
  const split = splitIri(iri);
  return split ? `${split.prefix}:${split.local}` : iri;
}

function jsonLdId(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

function jsonLdValue(term: Term): Record<string, string> {
  if (term.termType !== 'Literal') return { '@id': jsonLdId(term) };
  if (term.language) return { '@value': term.value, '@language': term.language };
  if (term.datatype.value === xsd('string')) return { '@value': term.value };
  return { '@value': term.value, '@type': compactIri(term.datatype.value) };
}

// RDF/XML: an `rdf:RDF` root declaring the namespaces, one `rdf:Description` per subject.

function rdfXmlSerializer(emit: (text: string) => void): Serializer {
  const declarations = Object.entries(NAMESPACES).map(([prefix, namespace]) => `\n    xmlns:${prefix}="${escapeAttribute(namespace)}"`);
  emit(`<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${declarations.join('')}>\n`);
  return {
    subject: (statements) => emit(rdfXmlDescription(statements)),
    end: () => emit('</rdf:RDF>\n'),
  };
}

function rdfXmlDescription(statements: readonly Quad[]): string {
  const lines = [`  <rdf:Description ${nodeReference(statements[0].subject, 'rdf:about')}>`];
  for (const { predicate, object } of statements) lines.push(`    ${propertyElement(predicate.value, object)}`);
  lines.push('  </rdf:Description>\n');
  return lines.join('\n');
}

function propertyElement(predicate: string, object: Term): string {
  const { name, declaration } = xmlName(predicate);
  if (object.termType !== 'Literal') return `<${name}${declaration} ${nodeReference(object, 'rdf:resource')}/>`;
  const annotation = object.language
    ? ` xml:lang="${escapeAttribute(object.language)}"`
    : object.datatype.value === xsd('string') ? '' : ` rdf:datatype="${escapeAttribute(object.datatype.value)}"`;
  return `<${name}${declaration}${annotation}>${escapeText(object.value)}</${name}>`;
}

/** An IRI as `rdf:about`/`rdf:resource`, a blank node as `rdf:nodeID`. */
function nodeReference(term: Term, iriAttribute: 'rdf:about' | 'rdf:resource'): string {
  return term.termType === 'BlankNode' ? `rdf:nodeID="${xmlNodeId(term.value)}"` : `${iriAttribute}="${escapeAttribute(term.value)}"`;
}

/** A property's XML name; a namespace the root does not declare is declared on the element itself. */
function xmlName(iri: string): { name: string; declaration: string } {
  const split = splitIri(iri);
  if (split) return { name: `${split.prefix}:${split.local}`, declaration: '' };
  const match = /^(.*[#/])([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(iri);
  if (!match) throw new Error(`RDF/XML cannot name the property ${iri}`);
  return { name: `ns:${match[2]}`, declaration: ` xmlns:ns="${escapeAttribute(match[1])}"` };
}

/** Blank node labels made NCNames, injectively: every character but a letter or digit is hex-escaped. */
function xmlNodeId(label: string): string {
  return `b${label.replace(/[^A-Za-z0-9]/g, (character) => `_${character.charCodeAt(0).toString(16)}_`)}`;
}

/** Carriage returns are escaped too: an XML parser would otherwise turn them into line feeds. */
function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (character) => XML_ESCAPES[character]);
}

/** Tabs and line breaks are escaped in attributes, which an XML parser would otherwise normalise to spaces. */
function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (character) => XML_ESCAPES[character]);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};
