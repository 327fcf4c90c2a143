import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers only point down. Cross-cutting code (plugins, db, lib, configuration, shared, the
 * web's components and app) never imports a feature; features do not import each other in a
 * circle; and no two source files import each other, directly or round about. The composition
 * roots (`src/server/app.ts`, `src/web/app/routes.tsx`), the command line (`src/server/main.ts`)
 * and the test harness (`src/server/test/`) may name any feature.
 *
 * The checks are pure functions of an import graph (file → the files it imports, paths relative
 * to the repository's root), tried first on small made-up graphs and then on the real one.
 */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Folders (and files) below the features: they may import no feature. */
const LOWER_LAYERS = ['src/server/plugins/', 'src/server/db/', 'src/server/lib/', 'src/server/config.ts', 'src/shared/', 'src/web/components/', 'src/web/app/'];
/** The web's composition root: it maps addresses to every feature's pages. */
const WEB_ROOT = 'src/web/app/routes.tsx';

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** `server:dialogues` for any file under `src/server/features/dialogues/`; null outside the features. */
function featureOf(file: string): string | null {
  const match = /^src\/(server|web)\/features\/([^/]+)\//.exec(file);
  return match ? `${match[1]}:${match[2]}` : null;
}

function isLowerLayer(file: string): boolean {
  return file !== WEB_ROOT && LOWER_LAYERS.some((layer) => (layer.endsWith('/') ? file.startsWith(layer) : file === layer));
}

/** Imports that point up: from a lower layer into a feature, or from `src/shared` into the server or the web. */
export function layerViolations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      if (isLowerLayer(file) && featureOf(target)) found.push(`${file} imports the feature file ${target}`);
      else if (file.startsWith('src/shared/') && /^src\/(server|web)\//.test(target)) found.push(`${file} (shared) imports ${target}`);
    }
  }
  return found.sort();
}

/**
 * Strongly connected components with more than one node, or a node that reaches itself
 * (Tarjan's algorithm, iterative), each as its nodes in order of the graph.
 */
function cyclicComponents(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work.at(-1)!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work.at(-1)!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let node: string;
        do {
          node = stack.pop()!;
          onStack.delete(node);
          component.push(node);
        } while (node !== frame.node);
        if (component.length > 1 || edges.includes(frame.node)) components.push(component.sort());
      }
    }
  }
  return components;
}

/** One cycle through `start` inside its component, as `start → … → start` (breadth first: a shortest one). */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, component: readonly string[], start: string): string[] {
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!inside.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start];
}

/**
 * Cycles between features: a graph of feature → feature (server and web apart, as their names
 * say), built from the features' files that are not tests; a test is a leaf and may use any
 * feature. Each cycle is named with a file import behind each of its steps.
 */
export function featureCycles(graph: ImportGraph): string[] {
  const features = new Map<string, string[]>();
  const witness = new Map<string, string>();
  for (const [file, imports] of graph) {
    const from = featureOf(file);
    if (!from || isTest(file)) continue;
    if (!features.has(from)) features.set(from, []);
    for (const target of imports) {
      const to = featureOf(target);
      if (!to || to === from) continue;
      const edge = `${from} → ${to}`;
      if (!witness.has(edge)) {
        witness.set(edge, `${file} imports ${target}`);
        features.get(from)!.push(to);
      }
    }
  }
  return cyclicComponents(features).map((component) => {
    const cycle = cycleThrough(features, component, component[0]);
    const steps = cycle.slice(1).map((to, i) => witness.get(`${cycle[i]} → ${to}`));
    return `${cycle.join(' → ')} (${steps.join('; ')})${component.length > cycle.length - 1 ? `, within ${component.join(', ')}` : ''}`;
  });
}

/** Files that import one another, directly or round about: each strongly connected component, with one of its cycles. */
export function fileCycles(graph: ImportGraph): string[] {
  return cyclicComponents(graph).map((component) => {
    const cycle = cycleThrough(graph, component, component[0]);
    return `${cycle.join(' → ')}${component.length > cycle.length - 1 ? `, within ${component.join(', ')}` : ''}`;
  });
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every `.ts`/`.tsx` file under `src/` with the source files it imports (type imports, re-exports and `import()` included). */
function readImportGraph(): { graph: Map<string, string[]>; unresolved: string[] } {
  const files = sourceFiles('src');
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const imports = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), fileName));
      if (known.has(target)) imports.add(target);
      else if (/\.tsx?$/.test(fileName) || !/\.[a-z]+$/.test(fileName)) unresolved.push(`${file} imports ${fileName}`);
    }
    graph.set(file, [...imports].sort());
  }
  return { graph, unresolved };
}

const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('the layer checks', () => {
  it('report an import from a lower layer into a feature, and from shared into the server or the web', () => {
    const graph = graphOf({
      'src/server/lib/refs.ts': ['src/server/features/dialogues/dialogues.repository.ts'],
      'src/server/config.ts': ['src/server/features/harvest/http.ts'],
      'src/web/components/Field.tsx': ['src/web/features/catalog/DatasetPage.tsx'],
      'src/shared/roles.ts': ['src/server/plugins/auth.ts'],
      'src/server/features/dialogues/dialogues.repository.ts': ['src/server/lib/refs.ts'],
      'src/web/app/routes.tsx': ['src/web/features/catalog/DatasetPage.tsx'],
      'src/server/app.ts': ['src/server/features/dialogues/dialogues.routes.ts'],
      'src/server/main.ts': ['src/server/features/demo/demo.service.ts'],
      'src/server/test/harness.ts': ['src/server/features/accounts/accounts.service.ts'],
    });
    expect(layerViolations(graph)).toEqual([
      'src/server/config.ts imports the feature file src/server/features/harvest/http.ts',
      'src/server/lib/refs.ts imports the feature file src/server/features/dialogues/dialogues.repository.ts',
      'src/shared/roles.ts (shared) imports src/server/plugins/auth.ts',
      'src/web/components/Field.tsx imports the feature file src/web/features/catalog/DatasetPage.tsx',
    ]);
  });

  it('report a cycle between features, naming it and the imports behind it, and leave tests out', () => {
    const graph = graphOf({
      'src/server/features/a/a.service.ts': ['src/server/features/b/b.repository.ts', 'src/server/features/a/a.repository.ts'],
      'src/server/features/b/b.service.ts': ['src/server/features/a/a.repository.ts'],
      'src/server/features/b/b.repository.ts': [],
      'src/server/features/a/a.repository.ts': [],
      'src/server/features/c/c.test.ts': ['src/server/features/a/a.service.ts'],
      'src/server/features/a/a.test.ts': ['src/server/features/c/c.service.ts'],
      'src/server/features/c/c.service.ts': ['src/server/features/a/a.service.ts'],
      'src/web/features/b/Page.tsx': ['src/web/features/a/Page.tsx'],
    });
    expect(featureCycles(graph)).toEqual([
      'server:a → server:b → server:a (src/server/features/a/a.service.ts imports src/server/features/b/b.repository.ts; src/server/features/b/b.service.ts imports src/server/features/a/a.repository.ts)',
    ]);
    graph.delete('src/server/features/b/b.service.ts');
    expect(featureCycles(graph)).toEqual([]);
  });

  it('report files that import each other, directly or round about', () => {
    expect(fileCycles(graphOf({ 'src/a.ts': ['src/b.ts'], 'src/b.ts': ['src/a.ts'], 'src/c.ts': ['src/a.ts'] }))).toEqual(['src/a.ts → src/b.ts → src/a.ts']);
    expect(fileCycles(graphOf({ 'src/a.ts': ['src/b.ts'], 'src/b.ts': ['src/c.ts'], 'src/c.ts': ['src/a.ts', 'src/d.ts'], 'src/d.ts': [] }))).toEqual(['src/a.ts → src/b.ts → src/c.ts → src/a.ts']);
    expect(fileCycles(graphOf({ 'src/a.ts': ['src/a.ts'] }))).toEqual(['src/a.ts → src/a.ts']);
    expect(fileCycles(graphOf({ 'src/a.ts': ['src/b.ts', 'src/c.ts'], 'src/b.ts': ['src/c.ts'], 'src/c.ts': [] }))).toEqual([]);
  });
});

describe('the sources', () => {
  const { graph, unresolved } = readImportGraph();

  it('are all read, and every relative import names a source file', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('src/server/app.ts')).toContain('src/server/features/dialogues/dialogues.routes.ts');
    expect(graph.get('src/web/app/routes.tsx')?.some((file) => file.startsWith('src/web/features/'))).toBe(true);
    expect(unresolved).toEqual([]);
  });

  it('import no feature from the layers below the features', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('have no cycle between features', () => {
    expect(featureCycles(graph)).toEqual([]);
  });

  it('have no cycle between files', () => {
    expect(fileCycles(graph)).toEqual([]);
  });
});
