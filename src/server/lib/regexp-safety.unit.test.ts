import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';

/**
 * The class guard for regular-expression denial of service: every expression in the server and
 * the code it shares with the web must run in time proportional to its input. recheck proves it
 * from the expression (no two ways to match one text that multiply), and each expression is then
 * run over 100 kB of text built to make a backtracking one stall. A pattern built at run time
 * cannot be proven, so there is none.
 */

const ROOTS = ['src/server', 'src/shared'];
const ADVERSARIAL_LENGTH = 100_000;
/** A linear scan of 100 kB takes about a millisecond; a quadratic one, seconds. */
const BUDGET_MS = 250;
/** Ten times the text in thirty times the time: more than linear. */
const SUPERLINEAR = 30;

interface FoundExpression {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [file] : [];
  });
}

function collect(): { expressions: FoundExpression[]; dynamic: string[] } {
  const expressions: FoundExpression[] = [];
  const dynamic: string[] = [];
  for (const file of ROOTS.flatMap(sourceFiles)) {
    const tree = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node) => {
      if (ts.isRegularExpressionLiteral(node)) {
        const text = node.getText();
        const end = text.lastIndexOf('/');
        expressions.push({ where: where(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern && ts.isStringLiteral(pattern) && (!flags || ts.isStringLiteral(flags))) {
          expressions.push({ where: where(node), source: pattern.text, flags: flags && ts.isStringLiteral(flags) ? flags.text : '' });
        } else {
          dynamic.push(where(node));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return { expressions, dynamic };
}

const { expressions, dynamic } = collect();

/** Long runs of what the expression itself is made of, each ending in a character that breaks the match. */
function adversarialInputs(source: string, length: number): string[] {
  const units = new Set([' ', '\t', 'a', '0', '-', '/', '<', '>', '"', '.', '@', '%', ':', '\\', ...source.replace(/\\[dswbDSWB]/g, '').split('')]);
  const inputs: string[] = [];
  for (const unit of units) {
    const run = unit.repeat(length);
    inputs.push(`${run}\u0000!`, `a${run}`);
  }
  inputs.push('<!--'.repeat(length / 4), ' a'.repeat(length / 2), '\\"'.repeat(length / 2));
  return inputs;
}

function exercise(expression: RegExp, input: string) {
  expression.lastIndex = 0;
  if (expression.global) input.replace(expression, '');
  else expression.exec(input);
}

describe('regular expressions cannot be made to backtrack without bound', () => {
  it('finds the expressions it checks (the collector itself works)', () => {
    expect(expressions.length).toBeGreaterThan(150);
    expect(expressions.some((e) => e.where.includes('ckan.service.ts'))).toBe(true);
    expect(expressions.filter((e) => e.where.includes('search/analyze.ts')).length).toBeGreaterThanOrEqual(5);
  });

  it('builds no expression at run time, where it could not be checked', () => {
    expect(dynamic).toEqual([]);
  });

  it('has only expressions that recheck proves linear', { timeout: 120_000 }, () => {
    const unsafe = expressions.flatMap(({ where, source, flags }) => {
      const result = checkSync(source, flags, { timeout: 10_000 });
      if (result.status === 'safe') return [];
      const attack = result.status === 'vulnerable' ? ` (${result.complexity.type}: ${result.attack.pattern})` : ` (${result.status})`;
      return [`${where} /${source}/${flags}${attack}`];
    });
    expect(unsafe).toEqual([]);
  });

  it(`runs every expression over ${ADVERSARIAL_LENGTH / 1000} kB of hostile text within ${BUDGET_MS} ms, or in time linear in its length`, { timeout: 120_000 }, () => {
    const slow: string[] = [];
    const timed = (expression: RegExp, input: string) => {
      const started = performance.now();
      exercise(expression, input);
      return performance.now() - started;
    };
    for (const { where, source, flags } of expressions) {
      const expression = new RegExp(source, flags);
      // A tenth of the length first, where a quadratic expression shows in a fraction of a second
      // (at 100 kB it would hold the test for minutes). A linear one that matches every character
      // may take a while at 100 kB, but then ten times the 10 kB time, not a hundred.
      const short = adversarialInputs(source, ADVERSARIAL_LENGTH / 10);
      adversarialInputs(source, ADVERSARIAL_LENGTH).forEach((input, i) => {
        let shortTook = timed(expression, short[i]);
        let took = shortTook > BUDGET_MS ? Infinity : timed(expression, input);
        if (took > BUDGET_MS && took > SUPERLINEAR * shortTook && shortTook <= BUDGET_MS) {
          // A pause of the machine (a collection, another process) is not the expression's: the
          // best of three runs of each length is what it takes.
          shortTook = Math.min(shortTook, timed(expression, short[i]), timed(expression, short[i]));
          took = Math.min(took, timed(expression, input), timed(expression, input));
        }
        if (took > BUDGET_MS && took > SUPERLINEAR * shortTook) {
          slow.push(`${where} /${source}/${flags}: ${Math.round(shortTook)} ms at 10 kB, ${Math.round(took)} ms at 100 kB on ${JSON.stringify(input.slice(0, 12))}…`);
        }
      });
    }
    expect(slow).toEqual([]);
  });
});
