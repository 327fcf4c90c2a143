import { createHash } from 'node:crypto';
import { diffWords } from 'diff';
import type { LocalizedTextValue } from '../../../shared/localized.ts';
import { DIFF_TEXT_FIELDS, DIFF_VALUE_FIELDS, type DiffChange, type DiffChangeType, type FrameworkNodeKind, type WordPart } from '../../../shared/schemas/framework.ts';

/**
 * The changes from version a to version b of the framework (research §4.2): nodes matched by
 * their stable key (only in a: removed; only in b: added), then for a node in both whether it
 * moved to another parent or to another place among the siblings it kept, each text field word by
 * word in each language, and the other fields as before/after. Pure, so it is tested on trees.
 */

export interface DiffNode {
  key: string;
  kind: FrameworkNodeKind;
  ref: string;
  parentKey: string | null;
  position: number;
  title: LocalizedTextValue;
  body: LocalizedTextValue;
  indicator: string | null;
  region: string | null;
  baseline: { value: number; period: string } | null;
  target: { value: number; period: string } | null;
  /** The actions' references, sorted. */
  actions: string[];
}

/** Stable because versions a and b never change once frozen (and a draft's id is its number's). */
export function changeIdOf(a: number, b: number, key: string, type: DiffChangeType, field = '', lang = ''): string {
  return createHash('sha256').update(JSON.stringify([a, b, key, type, field, lang])).digest('base64url').slice(0, 22);
}

// The word tokeniser keeps Latin letters with their diacritics (ä, õ, š, ž) inside words, but
// splits Cyrillic letter by letter; for those texts the runtime's word segmenter finds the words.
const CYRILLIC = /\p{Script=Cyrillic}/u;
const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(lang: string): Intl.Segmenter {
  let segmenter = segmenters.get(lang);
  if (!segmenter) segmenters.set(lang, (segmenter = new Intl.Segmenter(lang, { granularity: 'word' })));
  return segmenter;
}

/** The words of `before` and `after`, each run kept, added or removed. */
export function wordParts(before: string, after: string, lang: string): WordPart[] {
  const cyrillic = CYRILLIC.test(before) || CYRILLIC.test(after);
  const parts = cyrillic ? diffWords(before, after, { intlSegmenter: segmenterFor(lang) }) : diffWords(before, after);
  return parts.map((part) => ({ value: part.value, ...(part.added ? { added: true } : {}), ...(part.removed ? { removed: true } : {}) }));
}

/** Depth first, siblings by position: the order the changes are listed in. */
function ordered(nodes: readonly DiffNode[]): DiffNode[] {
  const children = new Map<string | null, DiffNode[]>();
  for (const node of nodes) children.set(node.parentKey, [...(children.get(node.parentKey) ?? []), node]);
  for (const list of children.values()) list.sort((x, y) => x.position - y.position || x.ref.localeCompare(y.ref));
  const out: DiffNode[] = [];
  const visit = (parent: string | null) => {
    for (const node of children.get(parent) ?? []) {
      out.push(node);
      visit(node.key);
    }
  };
  visit(null);
  return out;
}

/**
 * A node's place among the siblings it has in both versions: a node that only moved because a
 * sibling was added, removed or moved away is not reordered.
 */
function rankAmongKept(node: DiffNode, tree: readonly DiffNode[], kept: Set<string>): number {
  return tree
    .filter((other) => other.parentKey === node.parentKey && kept.has(other.key))
    .sort((x, y) => x.position - y.position || x.ref.localeCompare(y.ref))
    .findIndex((other) => other.key === node.key);
}

export function diffTrees(a: { number: number; nodes: readonly DiffNode[] }, b: { number: number; nodes: readonly DiffNode[] }): DiffChange[] {
  const inA = new Map(a.nodes.map((node) => [node.key, node]));
  const inB = new Map(b.nodes.map((node) => [node.key, node]));
  const refIn = (tree: Map<string, DiffNode>, key: string | null) => (key ? (tree.get(key)?.ref ?? null) : null);
  const changes: DiffChange[] = [];
  const change = (node: DiffNode, type: DiffChangeType, extra: Partial<DiffChange> = {}) =>
    changes.push({ changeId: changeIdOf(a.number, b.number, node.key, type, extra.field, extra.lang), type, nodeKey: node.key, ref: node.ref, kind: node.kind, ...extra });

  for (const after of ordered(b.nodes)) {
    const before = inA.get(after.key);
    if (!before) {
      change(after, 'added', { after: { title: after.title, body: after.body, parent: refIn(inB, after.parentKey) } });
      continue;
    }
    if (before.parentKey !== after.parentKey) {
      change(after, 'moved', { before: refIn(inA, before.parentKey), after: refIn(inB, after.parentKey) });
    } else {
      // Siblings kept: under the same parent in both versions.
      const kept = new Set([...inB.values()].filter((one) => one.parentKey === after.parentKey && inA.get(one.key)?.parentKey === after.parentKey).map((one) => one.key));
      const was = rankAmongKept(before, a.nodes, kept);
      const is = rankAmongKept(after, b.nodes, kept);
      if (was !== is) change(after, 'reordered', { before: was, after: is });
    }
    for (const field of DIFF_TEXT_FIELDS) {
      const langs = [...new Set([...Object.keys(before[field]), ...Object.keys(after[field])])].sort() as (keyof LocalizedTextValue)[];
      for (const lang of langs) {
        const from = before[field][lang] ?? '';
        const to = after[field][lang] ?? '';
        if (from !== to) change(after, 'text', { field, lang, parts: wordParts(from, to, lang) });
      }
    }
    for (const field of DIFF_VALUE_FIELDS) {
      if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) change(after, 'value', { field, before: before[field], after: after[field] });
    }
  }
  for (const before of ordered(a.nodes)) {
    if (!inB.has(before.key)) change(before, 'removed', { before: { title: before.title, body: before.body, parent: refIn(inA, before.parentKey) } });
  }
  return changes;
}
