import { GLOSSARY_LANGUAGES, type GlossaryLanguage, type GlossaryTerms } from '../../../shared/schemas/glossary.ts';
import { isRecord } from '../../components/draftParts.ts';

/**
 * The glossary form's term rows, kept apart from the page so they are tested alone: one list of
 * rows (each a language and a term) that the page shows as one group of rows per language.
 */
export interface TermRow {
  key: number;
  lang: GlossaryLanguage;
  text: string;
}

const isLanguage = (value: unknown): value is GlossaryLanguage => typeof value === 'string' && (GLOSSARY_LANGUAGES as readonly string[]).includes(value);

/** An entry's terms as rows; a language without a term gets one empty row to type in. */
export function termRows(terms: Partial<Record<GlossaryLanguage, readonly string[]>> | undefined): TermRow[] {
  const rows: TermRow[] = [];
  for (const lang of GLOSSARY_LANGUAGES) {
    const list = terms?.[lang] ?? [];
    for (const text of list.length > 0 ? list : ['']) rows.push({ key: rows.length, lang, text });
  }
  return rows;
}

/** The rows as the API takes them: trimmed, empty rows left out, each term once per language. */
export function termsBody(rows: readonly TermRow[]): GlossaryTerms {
  const out: GlossaryTerms = {};
  for (const lang of GLOSSARY_LANGUAGES) {
    const list = [...new Set(rows.filter((r) => r.lang === lang).map((r) => r.text.trim()).filter(Boolean))];
    if (list.length > 0) out[lang] = list;
  }
  return out;
}

/** The rows kept in a draft (the part `terms`), or null when they are not rows of this form. */
export function readTermRows(json: unknown): TermRow[] | null {
  if (!Array.isArray(json)) return null;
  const rows = json.map((value, key) => (isRecord(value) && isLanguage(value.lang) && typeof value.text === 'string' ? { key, lang: value.lang, text: value.text } : null));
  return rows.every((row) => row !== null) ? (rows as TermRow[]) : null;
}
