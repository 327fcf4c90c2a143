import { describe, expect, it } from 'vitest';
import { changeIdOf, diffTrees, wordParts, type DiffNode } from './framework.diff.ts';

const K = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const node = (n: number, kind: DiffNode['kind'], ref: string, parent: number | null, position: number, extra: Partial<DiffNode> = {}): DiffNode => ({
  key: K(n), kind, ref, parentKey: parent === null ? null : K(parent), position, title: { en: `Node ${ref}` }, body: {},
  indicator: null, region: null, baseline: null, target: null, actions: [], ...extra,
});

/** Vision 1; goals 2, 3; objectives 4, 5 under goal 2 and 6 under goal 3; a target 7 under objective 4. */
const BASE: DiffNode[] = [
  node(1, 'vision', 'V', null, 0),
  node(2, 'goal', 'G1', 1, 0),
  node(3, 'goal', 'G2', 1, 1),
  node(4, 'objective', 'O1.1', 2, 0),
  node(5, 'objective', 'O1.2', 2, 1),
  node(6, 'objective', 'O2.1', 3, 0),
  node(7, 'target', 'T1.1.1', 4, 0, { indicator: 'population', region: 'nuts:FI1B1', baseline: { value: 1, period: '2023' }, target: { value: 2, period: '2030' }, actions: ['AP-1'] }),
];
const v1 = { number: 1, nodes: BASE };
const v2 = (nodes: DiffNode[]) => ({ number: 2, nodes });
const replace = (n: number, changes: Partial<DiffNode>) => BASE.map((one) => (one.key === K(n) ? { ...one, ...changes } : one));
const kinds = (changes: ReturnType<typeof diffTrees>) => changes.map((c) => [c.type, c.ref, c.field ?? null, c.lang ?? null]);

describe('the diff of two framework versions', () => {
  it('finds nothing between a tree and itself', () => {
    expect(diffTrees(v1, v2(BASE))).toEqual([]);
  });

  it('names an added node and a removed one (with what is under it), by key', () => {
    const changes = diffTrees(v1, v2([...BASE.filter((one) => one.key !== K(4) && one.key !== K(7)), node(8, 'objective', 'O2.2', 3, 1, { title: { fi: 'Uusi', en: 'New' } })]));
    expect(kinds(changes)).toEqual([['added', 'O2.2', null, null], ['removed', 'O1.1', null, null], ['removed', 'T1.1.1', null, null]]);
    expect(changes[0].after).toEqual({ title: { fi: 'Uusi', en: 'New' }, body: {}, parent: 'G2' });
    expect(changes[1].before).toMatchObject({ parent: 'G1' });
    // O1.2 moved up one place only because O1.1 went: not a reorder.
    expect(changes.some((c) => c.type === 'reordered')).toBe(false);
  });

  it('tells a move to another parent from a reorder among the same siblings', () => {
    const moved = diffTrees(v1, v2(replace(5, { parentKey: K(3), position: 1 })));
    expect(kinds(moved)).toEqual([['moved', 'O1.2', null, null]]);
    expect([moved[0].before, moved[0].after]).toEqual(['G1', 'G2']);

    const swapped = diffTrees(v1, v2(BASE.map((one) => (one.key === K(4) ? { ...one, position: 1 } : one.key === K(5) ? { ...one, position: 0 } : one))));
    expect(kinds(swapped)).toEqual([['reordered', 'O1.2', null, null], ['reordered', 'O1.1', null, null]]);
    expect(swapped.find((c) => c.ref === 'O1.1')).toMatchObject({ before: 0, after: 1 });
    // Renumbered positions with the same order are no change.
    expect(diffTrees(v1, v2(BASE.map((one) => ({ ...one, position: one.position * 10 + 3 }))))).toEqual([]);
  });

  it('diffs each text field word by word in each language (fi, et, en), keeping ä, õ, š inside words', () => {
    const changes = diffTrees(v1, v2(replace(2, {
      title: { fi: 'Sujuva arki yli lahden', et: 'Sujuv igapäevaelu üle lahe', en: 'Smooth everyday life across the gulf' },
      body: { fi: 'Työssäkäynti helpottuu' },
    })));
    expect(kinds(changes)).toEqual([['text', 'G1', 'title', 'en'], ['text', 'G1', 'title', 'et'], ['text', 'G1', 'title', 'fi'], ['text', 'G1', 'body', 'fi']]);
    const en = changes[0].parts!;
    expect(en.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(['Node G1']);
    expect(en.filter((p) => p.added).map((p) => p.value.trim())).toEqual(['Smooth everyday life across the gulf']);
    const fiBody = changes[3].parts!;
    expect(fiBody).toEqual([{ value: 'Työssäkäynti helpottuu', added: true }]);
    const et = wordParts('Sujuv igapäevaelu üle lahe', 'Sujuv töö ja igapäevaelu üle lahe', 'et');
    expect(et.filter((p) => p.added).map((p) => p.value.trim())).toEqual(['töö ja']);
    expect(et.filter((p) => !p.added && !p.removed).map((p) => p.value).join('')).toContain('igapäevaelu üle lahe');
    const withDiacritics = wordParts('Üle lahe töötamine', 'Üle lahe õppimine', 'et');
    expect(withDiacritics.filter((p) => p.removed).map((p) => p.value)).toEqual(['töötamine']);
    expect(withDiacritics.filter((p) => p.added).map((p) => p.value)).toEqual(['õppimine']);
  });

  it('diffs Cyrillic text by whole words (with the word segmenter), not letter by letter', () => {
    // Without the segmenter the tokeniser splits Cyrillic into letters: "рын", −"о", "к", +"и".
    const parts = wordParts('Общий рынок труда', 'Общий рынки труда', 'ru');
    expect(parts.filter((p) => p.removed).map((p) => p.value)).toEqual(['рынок']);
    expect(parts.filter((p) => p.added).map((p) => p.value)).toEqual(['рынки']);
    expect(parts.map((p) => p.value).join('')).toBe('Общий рынокрынки труда');
    const changes = diffTrees(v1, v2(replace(3, { title: { en: 'Node G2', ru: 'Общий рынок труда' } })));
    expect(kinds(changes)).toEqual([['text', 'G2', 'title', 'ru']]);
    expect(changes[0].parts).toEqual([{ value: 'Общий рынок труда', added: true }]);
  });

  it('gives the other fields as before and after', () => {
    const changes = diffTrees(v1, v2(replace(7, { target: { value: 3, period: '2030' }, actions: ['AP-1', 'AP-2'], ref: 'T1.1.9' })));
    expect(kinds(changes)).toEqual([['value', 'T1.1.9', 'ref', null], ['value', 'T1.1.9', 'target', null], ['value', 'T1.1.9', 'actions', null]]);
    expect(changes[1]).toMatchObject({ before: { value: 2, period: '2030' }, after: { value: 3, period: '2030' } });
    expect(changes[2]).toMatchObject({ before: ['AP-1'], after: ['AP-1', 'AP-2'] });
  });

  it('gives each change an id that is the same each time and differs between changes and version pairs', () => {
    const once = diffTrees(v1, v2(replace(2, { title: { en: 'A', fi: 'B' } })));
    const again = diffTrees(v1, v2(replace(2, { title: { en: 'A', fi: 'B' } })));
    expect(once.map((c) => c.changeId)).toEqual(again.map((c) => c.changeId));
    expect(new Set(once.map((c) => c.changeId)).size).toBe(once.length);
    expect(changeIdOf(1, 2, K(2), 'text', 'title', 'en')).not.toBe(changeIdOf(1, 3, K(2), 'text', 'title', 'en'));
  });
});
