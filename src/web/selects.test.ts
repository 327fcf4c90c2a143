import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A choice in a list does nothing by itself (WCAG 3.2.2, on input): a `<select>` (or our
 * `SelectField`) may keep its value in the page's state on change, but saving, calling the API,
 * navigating or submitting waits for a button. This reads every `.tsx` of the web with
 * TypeScript's parser and follows each select's `onChange` into the functions of the same file it
 * calls, looking for what acts: an `await`, a `void` promise, an async function, `fetch`, the
 * API client (`api.…`), `navigate`, `setSearchParams`/`setParams`, `submit`/`requestSubmit`,
 * `location`.
 */
const SELECTS = new Set(['select', 'SelectField']);
const ACTING_CALLS = new Set(['navigate', 'fetch', 'setSearchParams', 'setParams', 'submit', 'requestSubmit', 'assign', 'reload']);

type FunctionLike = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

/** Every select with an `onChange` that acts, as "file:line why". */
export function actingSelects(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  // Functions declared in the file by name (scopes merged: a name declared twice is followed both ways).
  const declared = new Map<string, FunctionLike[]>();
  const declare = (name: string, fn: FunctionLike) => declared.set(name, [...(declared.get(name) ?? []), fn]);
  const collect = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.name) declare(node.name.text, node);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) declare(node.name.text, node.initializer);
    ts.forEachChild(node, collect);
  };
  collect(file);

  const isAsync = (fn: FunctionLike) => Boolean(ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async);
  /** Why a function acts, or null; functions of the file it calls are followed once each. */
  const acts = (fn: FunctionLike, seen: Set<FunctionLike>): string | null => {
    if (seen.has(fn)) return null;
    seen.add(fn);
    if (isAsync(fn)) return 'is async';
    let why: string | null = null;
    const visit = (node: ts.Node): void => {
      if (why) return;
      if (ts.isAwaitExpression(node)) why = 'awaits';
      else if (ts.isVoidExpression(node)) why = 'starts a promise (void)';
      else if (ts.isIdentifier(node) && node.text === 'location') why = 'uses location';
      else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        const owner = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : '';
        if (ACTING_CALLS.has(name)) why = `calls ${name}`;
        else if (owner === 'api') why = `calls api.${name}`;
        else if (ts.isIdentifier(callee)) for (const target of declared.get(name) ?? []) why ??= acts(target, seen) && `calls ${name}, which ${acts(target, new Set())}`;
      }
      if (!why) ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
    return why;
  };

  const found: string[] = [];
  const check = (node: ts.Node) => {
    if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && SELECTS.has(node.tagName.getText(file))) {
      for (const attribute of node.attributes.properties) {
        if (!ts.isJsxAttribute(attribute) || attribute.name.getText(file) !== 'onChange') continue;
        const handler = attribute.initializer && ts.isJsxExpression(attribute.initializer) ? attribute.initializer.expression : undefined;
        let why: string | null = null;
        if (handler && (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) why = acts(handler, new Set());
        else if (handler && ts.isIdentifier(handler)) for (const target of declared.get(handler.text) ?? []) why ??= acts(target, new Set());
        if (why) found.push(`${fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1} <${node.tagName.getText(file)}> onChange ${why}`);
      }
    }
    ts.forEachChild(node, check);
  };
  check(file);
  return found;
}

function tsxFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? tsxFiles(path) : entry.name.endsWith('.tsx') ? [path] : [];
  });
}

describe('selects that act on change (WCAG 3.2.2)', () => {
  it('finds a select that saves, navigates, submits or calls the API on change', () => {
    const page = `
      async function save(value) { await api.patch('/x', { body: { value } }); }
      function choose(value) { save(value); }
      const go = (e) => navigate('/x/' + e.target.value);
      export function Page() {
        return <>
          <select onChange={(e) => navigate(e.target.value)} />
          <select onChange={go}></select>
          <SelectField label="a" options={[]} onChange={(e) => void update(e.target.value)} />
          <select onChange={(e) => choose(e.target.value)} />
          <select onChange={(e) => e.currentTarget.form?.requestSubmit()} />
          <select onChange={async (e) => setValue(e.target.value)} />
          <select onChange={(e) => { window.location.href = e.target.value; }} />
          <SelectField label="b" options={[]} onChange={(e) => api.post('/y', {})} />
        </>;
      }`;
    expect(actingSelects('Page.tsx', page)).toEqual([
      'Page.tsx:7 <select> onChange calls navigate',
      'Page.tsx:8 <select> onChange calls navigate',
      'Page.tsx:9 <SelectField> onChange starts a promise (void)',
      'Page.tsx:10 <select> onChange calls choose, which calls save, which is async',
      'Page.tsx:11 <select> onChange calls requestSubmit',
      'Page.tsx:12 <select> onChange is async',
      'Page.tsx:13 <select> onChange uses location',
      'Page.tsx:14 <SelectField> onChange calls api.post',
    ]);
  });

  it('lets a select keep its value in the page’s state', () => {
    const page = `
      const update = (key, change) => onChange(editRows(rows, { type: 'update', key, change }));
      export function Page() {
        return <>
          <select value={zone} onChange={(e) => setZone(e.target.value)} />
          <SelectField label="a" options={[]} onChange={(e) => update(row.key, { license: e.target.value })} />
          <SelectField label="b" options={[]} onChange={(e) => dispatch({ type: 'pick', value: e.target.value })} />
          <input onChange={(e) => navigate(e.target.value)} />
          <button onClick={() => void save()} />
        </>;
      }`;
    expect(actingSelects('Page.tsx', page)).toEqual([]);
  });

  it('holds for every page of the web', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const found = tsxFiles(fileURLToPath(new URL('.', import.meta.url))).flatMap((path) => {
      const name = relative(root, path).split('\\').join('/');
      return actingSelects(name, readFileSync(path, 'utf8'));
    });
    expect(found).toEqual([]);
  });
});
