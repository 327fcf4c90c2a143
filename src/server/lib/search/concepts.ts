import { LRUCache } from 'lru-cache';
import { THEMES, REGIONS } from '../../../shared/catalog.ts';
import { DOMAINS, TOPICS } from '../../../shared/register.ts';
import { CONTENT_LANGUAGES, UI_LANGUAGES, type ContentLanguage, type Language } from '../../../shared/languages.ts';
import { gradationKey, MAX_STEMMED_LENGTH, stemNormal, tokens, type SearchLanguage } from './analyze.ts';
import type { Translation } from './engine.ts';
import type { QueryWord } from './query.ts';
import { REGISTER_TEXTS, THEME_NAMES } from '../interfaceTexts.ts';

/**
 * The controlled vocabularies and the glossary as one matcher (issue 15, design §3.7): a query
 * word, or a window of two or three (`tax card`), → the concept codes it names (`theme:TRAN`,
 * `region:ee-0784`, `domain:mobility`, `topic:ferry`, `country:EE`) and the glossary's terms of
 * other languages it stands for. A label's word matches a query word of its stem family in the
 * label's language (`Tallinna`, `Tallinnan` and `Tallinn` all reach Tallinn), so a label is
 * matched as it inflects. Pure: the glossary's rows come in, nothing is read; no regular expression
 * reads the query (its words are the query reader's tokens).
 *
 * Codes and their labels: the EU data themes (the web's catalogue texts), the regions
 * (`shared/catalog.ts` names), the register's domains and topics and the two countries (the web's
 * register texts), each in every language it is written in (the UI's five); other names from the
 * glossary entries that name a concept.
 */

/** A glossary entry as the matcher reads it: terms per language, and the concept it names, if one. */
export interface GlossaryTerms {
  terms: Partial<Record<ContentLanguage, readonly string[]>>;
  concept?: string | null;
}

export interface ConceptMatcher {
  /** The concept codes a query word (or window) names. */
  concepts(word: QueryWord): string[];
  /** The terms of other languages the word (or window) stands for, through the glossary entries it is a term of. */
  translations(word: QueryWord): Translation[];
}

/** At most this many glossary entries per query word (design §3.3). */
export const MAX_ENTRIES_PER_WORD = 8;
/** Labels and terms of more words than a window can never be matched whole: they are not indexed. */
const MAX_LABEL_WORDS = 3;
/** Stems are bucketed by their first letters: a stem family shares at least four (`sameStemFamily`). */
const BUCKET = 4;
/**
 * A word is stemmed in a language only when some label word there could be of its family by its
 * first letters (`gateKeys`): stemming in five languages is most of a lookup's cost, and a stem
 * keeps its word's start.
 */
const GATE = 4;

/** The keys a word (or stem) passes the gate by: its first letters, as written and with gradation folded; a short one also its shorter starts. */
function gateKeys(key: string): string[] {
  const out = [key.slice(0, GATE), gradationKey(key.slice(0, GATE + 1)).slice(0, GATE)];
  for (let n = 1; n < GATE && n < key.length; n++) out.push(key.slice(0, n));
  return out;
}
const CACHE_SIZE = 4000;

type Labels = Partial<Record<ContentLanguage, string[]>>;

/** The vocabularies' codes with their labels from the code and the web's texts. */
export function vocabularyLabels(): Map<string, Labels> {
  const out = new Map<string, Labels>();
  const add = (code: string, lang: ContentLanguage, label: string | undefined) => {
    if (!label) return;
    const labels = out.get(code) ?? {};
    (labels[lang] ??= []).push(label);
    out.set(code, labels);
  };
  const registers: Record<Language, unknown> = REGISTER_TEXTS;
  for (const lang of UI_LANGUAGES) {
    for (const theme of THEMES) add(`theme:${theme}`, lang, THEME_NAMES[lang][theme]);
    const register = registers[lang] as unknown as Record<string, Record<string, string>>;
    for (const domain of DOMAINS) add(`domain:${domain}`, lang, register.domain?.[domain]);
    for (const topic of TOPICS) add(`topic:${topic}`, lang, register.topic?.[topic]);
    for (const country of ['FI', 'EE']) add(`country:${country}`, lang, register.country?.[country]);
  }
  for (const region of REGIONS) {
    for (const lang of CONTENT_LANGUAGES) add(`region:${region.code}`, lang, region.name[lang]);
  }
  return out;
}

/** What a label or term is: a concept's label, or a glossary entry's term. */
interface Phrase {
  lang: ContentLanguage;
  /** The words' keys (folded). */
  keys: string[];
  /** Each word's stem in `lang`, and that stem's gradation key. */
  stems: string[];
  graded: string[];
  /** The concept it names, or null. */
  concept: string | null;
  /** The glossary entry it is a term of (index into `entries`), or -1 for a vocabulary label. */
  entry: number;
  /** The term as written, to hand on as a translation. */
  text: string;
}

/** One word of a phrase, by the phrase and the word's place in it. */
interface WordRef {
  phrase: number;
  at: number;
}

/** `sameStemFamily` on stems and gradation keys made once (`analyze.ts`): equal, or the shorter (`shortest` letters or more) starts the longer, at most two letters longer. */
function prefixFamily(a: string, b: string, shortest: number): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= shortest && longer.length - shorter.length <= 2 && longer.startsWith(shorter);
}

function push<K>(map: Map<K, WordRef[]>, key: K, ref: WordRef): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [ref]);
  else list.push(ref);
}

/** Compiles the vocabularies (`vocabularyLabels()`, or the caller's) and the glossary's entries into a matcher. */
export function compileConcepts(entries: readonly GlossaryTerms[], vocabulary: ReadonlyMap<string, Labels> = vocabularyLabels()): ConceptMatcher {
  const phrases: Phrase[] = [];
  const byKey = new Map<string, WordRef[]>();
  const byStem = new Map<SearchLanguage, Map<string, WordRef[]>>(CONTENT_LANGUAGES.map((lang) => [lang, new Map()]));
  const byGraded = new Map<SearchLanguage, Map<string, WordRef[]>>(CONTENT_LANGUAGES.map((lang) => [lang, new Map()]));
  const gates = new Map<SearchLanguage, Set<string>>(CONTENT_LANGUAGES.map((lang) => [lang, new Set()]));
  const seen = new Set<string>();
  const addPhrase = (lang: ContentLanguage, text: string, concept: string | null, entry: number, joined = false) => {
    const all = tokens(text);
    const words = all.filter((t) => t.kind !== 'joined').map((t) => ({ text: t.text, key: t.key }));
    if (words.length === 0 || words.length > MAX_LABEL_WORDS || words.some((w) => w.text.length > MAX_STEMMED_LENGTH)) return;
    // A hyphenated term (`A1-todistus`) is also its parts written together, as a query reads it.
    const whole = all.find((t) => t.kind === 'joined' && t.text === words.map((w) => w.text).join(''));
    if (!joined && whole && words.length > 1) addPhrase(lang, whole.text, concept, entry, true);
    const keys = words.map((w) => w.key);
    // The same words in the same language for the same concept and entry are one phrase.
    const identity = `${lang}\u0000${keys.join(' ')}\u0000${concept}\u0000${entry}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    const stems = words.map((w) => stemNormal(w.text, lang));
    const phrase = phrases.length;
    phrases.push({ lang, keys, stems, graded: stems.map(gradationKey), concept, entry, text: joined ? text : text.trim() });
    keys.forEach((key, at) => {
      const ref = { phrase, at };
      push(byKey, key, ref);
      push(byStem.get(lang)!, stems[at].slice(0, BUCKET), ref);
      push(byGraded.get(lang)!, phrases[phrase].graded[at].slice(0, BUCKET), ref);
      // A label word's stem, if short, must equal the query word's: only its whole is a gate.
      const gate = gates.get(lang)!;
      for (const g of [key, stems[at], phrases[phrase].graded[at]]) gate.add(g.slice(0, GATE)).add(gradationKey(g.slice(0, GATE + 1)).slice(0, GATE));
    });
  };
  for (const [code, labels] of vocabulary) {
    for (const lang of CONTENT_LANGUAGES) for (const label of labels[lang] ?? []) addPhrase(lang, label, code, -1);
  }
  entries.forEach((entry, i) => {
    for (const lang of CONTENT_LANGUAGES) for (const term of entry.terms[lang] ?? []) addPhrase(lang, term, entry.concept ?? null, i);
  });

  /** The (phrase, place) pairs a single query word matches: its key, or a stem of its family in the phrase's language. */
  const wordMatches = new LRUCache<string, Set<number>>({ max: CACHE_SIZE });
  const encode = (ref: WordRef) => ref.phrase * MAX_LABEL_WORDS + ref.at;
  const matchesOf = (text: string, key: string): Set<number> => {
    const cached = wordMatches.get(text);
    if (cached !== undefined) return cached;
    const found = new Set<number>();
    for (const ref of byKey.get(key) ?? []) found.add(encode(ref));
    if (text.length <= MAX_STEMMED_LENGTH) {
      const passes = gateKeys(key);
      for (const lang of CONTENT_LANGUAGES) {
        const gate = gates.get(lang)!;
        if (!passes.some((g) => gate.has(g))) continue;
        const s = stemNormal(text, lang);
        const g = gradationKey(s);
        for (const bucket of [byStem.get(lang)!.get(s.slice(0, BUCKET)), byGraded.get(lang)!.get(g.slice(0, BUCKET))]) {
          for (const ref of bucket ?? []) {
            const phrase = phrases[ref.phrase];
            if (prefixFamily(s, phrase.stems[ref.at], 4) || prefixFamily(g, phrase.graded[ref.at], 5)) found.add(encode(ref));
          }
        }
      }
    }
    wordMatches.set(text, found);
    return found;
  };

  /** The phrases a query word or window matches whole: each of its words at its place, nothing more. */
  const phrasesOf = (word: QueryWord): number[] => {
    if (word.kind === 'cjk' || word.text.length > MAX_STEMMED_LENGTH * MAX_LABEL_WORDS) return [];
    const texts = word.text.split(' ');
    const keys = word.key.split(' ');
    if (texts.length !== keys.length || texts.length > MAX_LABEL_WORDS) return [];
    const sets = texts.map((text, i) => matchesOf(text, keys[i]));
    const out: number[] = [];
    for (const code of sets[0]) {
      const phrase = Math.floor(code / MAX_LABEL_WORDS);
      if (code % MAX_LABEL_WORDS !== 0 || phrases[phrase].keys.length !== texts.length) continue;
      if (sets.every((set, i) => set.has(phrase * MAX_LABEL_WORDS + i))) out.push(phrase);
    }
    return out.sort((a, b) => a - b);
  };

  const answers = new LRUCache<string, { concepts: string[]; translations: Translation[] }>({ max: CACHE_SIZE });
  const answer = (word: QueryWord) => {
    const cacheKey = `${word.kind}\u0000${word.text}`;
    const cached = answers.get(cacheKey);
    if (cached !== undefined) return cached;
    const matched = phrasesOf(word);
    const concepts = [...new Set(matched.flatMap((p) => (phrases[p].concept === null ? [] : [phrases[p].concept!])))];
    // The entries the word is a term of, in the glossary's order, at most `MAX_ENTRIES_PER_WORD`; the languages it is a term in.
    const entryLanguages = new Map<number, Set<ContentLanguage>>();
    for (const p of matched) {
      const { entry, lang } = phrases[p];
      if (entry < 0) continue;
      if (!entryLanguages.has(entry) && entryLanguages.size >= MAX_ENTRIES_PER_WORD) continue;
      const langs = entryLanguages.get(entry) ?? new Set();
      langs.add(lang);
      entryLanguages.set(entry, langs);
    }
    const translations: Translation[] = [];
    const given = new Set<string>();
    for (const [entry, langs] of [...entryLanguages].sort((a, b) => a[0] - b[0])) {
      const lang = langs.size === 1 ? [...langs][0] : null;
      for (const termLang of CONTENT_LANGUAGES) {
        if (langs.has(termLang)) continue;
        for (const term of entries[entry].terms[termLang] ?? []) {
          const text = term.trim();
          const id = `${termLang}\u0000${text}`;
          if (text === '' || given.has(id)) continue;
          given.add(id);
          translations.push({ term: text, termLang, lang });
        }
      }
    }
    const out = { concepts, translations };
    answers.set(cacheKey, out);
    return out;
  };

  return {
    concepts: (word) => answer(word).concepts,
    translations: (word) => answer(word).translations,
  };
}
