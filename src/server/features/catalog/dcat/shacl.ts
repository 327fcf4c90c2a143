/**
 * Test support: validates DCAT output against the official DCAT-AP 3.0.1 SHACL shapes as the
 * official validator (the EU's ITB DCAT-AP validator) does: the split shapes (`shapes.ttl`:
 * existence, cardinality, literal ranges) together with the range shapes (`range.ttl`: the class of
 * every value), over the data closed under RDFS inference. The combined `dcat-ap-SHACL.ttl` alone
 * is not enough: it names property shapes it does not contain, so they never run. Used by
 * the unit tests of the writers and by the API tests of the catalogue's endpoints; never by the
 * server, so rdf-validate-shacl (a devDependency) is imported only when a validation runs.
 *
 * The shapes are read from the workspace's shared conformance folder when there is one (the
 * reference copy), else from the copy vendored beside this file, which a clean CI checkout has.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFactory, Parser, Store, type Quad } from 'n3';

/** The shapes whose violations fail a test: the split shapes and the range shapes, together. */
const SHAPES_FILES = ['html_shacl_shapes.ttl', 'html_shacl_range.ttl'];
/** The recommended properties: warnings, reported by `recommendedWarnings`. */
const RECOMMENDED_FILE = 'html_shacl_shapes_recommended.ttl';
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const SHARED_SHAPES_DIR = path.resolve(REPO_ROOT, '../shared/conformance/dcat-ap-3.0.1');
export const VENDORED_SHAPES_DIR = fileURLToPath(new URL('./conformance/dcat-ap-3.0.1/', import.meta.url));

/** A shapes file: the shared copy when it exists, else the vendored one. */
export function dcatShapesFile(name: string): string {
  const shared = path.join(SHARED_SHAPES_DIR, name);
  return existsSync(shared) ? shared : path.join(VENDORED_SHAPES_DIR, name);
}

/** One `sh:Violation` of a validation report, in words a failing test can print. */
export interface Violation {
  focusNode: string;
  path: string | null;
  value: string | null;
  /** The constraint component, e.g. `ClassConstraintComponent`. */
  constraint: string;
  message: string;
}

type Validator = { validate(data: Store): Promise<{ results: ValidationResultLike[] }> };
interface ValidationResultLike {
  severity: { value: string } | null;
  focusNode: { value: string } | null;
  path: { value: string } | null;
  value: { value: string } | null;
  sourceConstraintComponent: { value: string } | null;
  message: { value: string }[];
}

const validators = new Map<string, Promise<Validator>>();

/** A validator is built once per test process and set of files: parsing the shapes takes a while. */
function shapesValidator(files: readonly string[]): Promise<Validator> {
  const key = files.join(' ');
  let validator = validators.get(key);
  if (!validator) {
    validator = (async () => {
      const { default: SHACLValidator } = await import('rdf-validate-shacl');
      const shapes = new Store(files.flatMap((file) => new Parser().parse(readFileSync(dcatShapesFile(file), 'utf8'))));
      return new SHACLValidator(shapes) as unknown as Validator;
    })();
    validators.set(key, validator);
  }
  return validator;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

/**
 * The data closed under the RDFS entailment rules that add types and statements (rdfs2, 3, 5, 7,
 * 9, 11) from the schema statements the data itself holds: a class of a value that only
 * `rdfs:subClassOf` gives counts for the shapes' `sh:class`, as with the official validator.
 */
export function rdfsClosure(quads: Iterable<Quad>): Store {
  const store = new Store([...quads]);
  for (let added = true; added; ) {
    added = false;
    const add = (subject: Quad['subject'], predicate: string, object: Quad['object']) => {
      if (object.termType === 'Literal' && predicate === RDF_TYPE) return;
      const q = DataFactory.quad(subject, DataFactory.namedNode(predicate), object);
      if (!store.has(q)) {
        store.addQuad(q);
        added = true;
      }
    };
    const schema = (predicate: string) => store.getQuads(null, `${RDFS}${predicate}`, null, null);
    for (const { subject: sub, object: sup } of schema('subClassOf')) {
      for (const { subject } of store.getQuads(null, RDF_TYPE, sub, null)) add(subject, RDF_TYPE, sup);
      for (const { object } of store.getQuads(sup, `${RDFS}subClassOf`, null, null)) add(sub, `${RDFS}subClassOf`, object);
    }
    for (const { subject: sub, object: sup } of schema('subPropertyOf')) {
      for (const { subject, object } of store.getQuads(null, sub, null, null)) add(subject, sup.value, object);
      for (const { object } of store.getQuads(sup, `${RDFS}subPropertyOf`, null, null)) add(sub, `${RDFS}subPropertyOf`, object);
    }
    for (const { subject: property, object: type } of schema('domain')) {
      for (const { subject } of store.getQuads(null, property, null, null)) add(subject, RDF_TYPE, type);
    }
    for (const { subject: property, object: type } of schema('range')) {
      for (const { object } of store.getQuads(null, property, null, null)) if (object.termType !== 'Literal') add(object as Quad['subject'], RDF_TYPE, type);
    }
  }
  return store;
}

function toViolation(result: ValidationResultLike): Violation {
  return {
    focusNode: result.focusNode?.value ?? '',
    path: result.path?.value ?? null,
    value: result.value?.value ?? null,
    constraint: (result.sourceConstraintComponent?.value ?? '').replace(/^.*#/, ''),
    message: result.message.map((part) => part.value).join('; '),
  };
}

/**
 * The violations of the DCAT-AP 3.0.1 shapes and range shapes in `quads`; an empty list when
 * they conform. Only results of severity `sh:Violation` count: warnings and infos are advice.
 */
export async function validateDcat(quads: Iterable<Quad>): Promise<Violation[]> {
  const report = await (await shapesValidator(SHAPES_FILES)).validate(rdfsClosure(quads));
  return report.results.filter((result) => result.severity?.value.endsWith('#Violation')).map(toViolation);
}

/** What the recommended-property shapes warn about (the European Data Portal's quality score reads them). */
export async function recommendedWarnings(quads: Iterable<Quad>): Promise<Violation[]> {
  const report = await (await shapesValidator([RECOMMENDED_FILE])).validate(rdfsClosure(quads));
  return report.results.map(toViolation);
}

/** Violations one per line, for an assertion's message. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map((violation) => `${violation.focusNode} ${violation.path ?? '(node)'} ${violation.constraint}${violation.value ? ` value ${violation.value}` : ''}: ${violation.message}`)
    .join('\n');
}
