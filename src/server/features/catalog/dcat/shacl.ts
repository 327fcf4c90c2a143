/**
 * Test support: validates DCAT output against the official DCAT-AP 3.0.1 SHACL shapes. Used by
 * the unit tests of the writers and by the API tests of the catalogue's endpoints; never by the
 * server, so rdf-validate-shacl (a devDependency) is imported only when a validation runs.
 *
 * The shapes are read from the workspace's shared conformance folder when there is one (the
 * reference copy), else from the copy vendored beside this file, which a clean CI checkout has.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Store, type Quad } from 'n3';

const SHAPES_FILE = 'shacl_dcat-ap-SHACL.ttl';
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const SHARED_SHAPES_DIR = path.resolve(REPO_ROOT, '../shared/conformance/dcat-ap-3.0.1');
export const VENDORED_SHAPES_DIR = fileURLToPath(new URL('./conformance/dcat-ap-3.0.1/', import.meta.url));

/** The shapes file validations use: the shared copy when it exists, else the vendored one. */
export function dcatShapesFile(): string {
  const shared = path.join(SHARED_SHAPES_DIR, SHAPES_FILE);
  return existsSync(shared) ? shared : path.join(VENDORED_SHAPES_DIR, SHAPES_FILE);
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

let validator: Promise<Validator> | undefined;

/** The validator is built once per test process: parsing the 2,000-line shapes file takes a while. */
function shapesValidator(): Promise<Validator> {
  validator ??= (async () => {
    const { default: SHACLValidator } = await import('rdf-validate-shacl');
    const shapes = new Store(new Parser().parse(readFileSync(dcatShapesFile(), 'utf8')));
    return new SHACLValidator(shapes) as unknown as Validator;
  })();
  return validator;
}

/**
 * The violations of the DCAT-AP 3.0.1 shapes in `quads`; an empty list when they conform. Only
 * results of severity `sh:Violation` count: warnings and infos are advice, not failures.
 */
export async function validateDcat(quads: Iterable<Quad>): Promise<Violation[]> {
  const report = await (await shapesValidator()).validate(new Store([...quads]));
  return report.results
    .filter((result) => result.severity?.value.endsWith('#Violation'))
    .map((result) => ({
      focusNode: result.focusNode?.value ?? '',
      path: result.path?.value ?? null,
      value: result.value?.value ?? null,
      constraint: (result.sourceConstraintComponent?.value ?? '').replace(/^.*#/, ''),
      message: result.message.map((part) => part.value).join('; '),
    }));
}

/** Violations one per line, for an assertion's message. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations
    .map((violation) => `${violation.focusNode} ${violation.path ?? '(node)'} ${violation.constraint}${violation.value ? ` value ${violation.value}` : ''}: ${violation.message}`)
    .join('\n');
}
