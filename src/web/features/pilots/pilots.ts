import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import type { CommentGeometry } from '../../../shared/schemas/geometry.ts';
import { FORM_LANGUAGES } from '../../components/LocalizedFields.tsx';

export { FORM_LANGUAGES };

/** The pure parts of the pilots' pages (unit-tested): partners by country, goals as lines, the map's places. */

interface Partner {
  institution: { id: string; name: LocalizedTextValue; shortName: string | null; country: string };
  role: string;
}

/** Partners grouped by country, Finland then Estonia then the rest, each group in the pilot's order. */
export function partnersByCountry<P extends Partner>(partners: readonly P[]): { country: string; partners: P[] }[] {
  const order = ['FI', 'EE', 'EU', 'other'];
  const groups = new Map<string, P[]>();
  for (const partner of partners) groups.set(partner.institution.country, [...(groups.get(partner.institution.country) ?? []), partner]);
  return [...groups.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([country, list]) => ({ country, partners: list }));
}

/** The goals as the form's text areas hold them: one line per goal in each language. */
export function goalsToLines(goals: readonly { text: LocalizedTextValue }[]): Record<(typeof FORM_LANGUAGES)[number], string> {
  return Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, goals.map((goal) => goal.text[lang] ?? '').join('\n')])) as Record<(typeof FORM_LANGUAGES)[number], string>;
}

/**
 * The goals from the form's text areas: line i of each language together make goal i; a goal with
 * no text in any language is dropped (a blank line left in one language does not make a goal).
 */
export function linesToGoals(lines: Partial<Record<(typeof FORM_LANGUAGES)[number], string>>): LocalizedTextValue[] {
  const split = Object.fromEntries(FORM_LANGUAGES.map((lang) => [lang, (lines[lang] ?? '').split('\n').map((line) => line.trim())]));
  const count = Math.max(0, ...FORM_LANGUAGES.map((lang) => split[lang].length));
  const goals: LocalizedTextValue[] = [];
  for (let i = 0; i < count; i++) {
    const goal = Object.fromEntries(FORM_LANGUAGES.flatMap((lang) => (split[lang][i] ? [[lang, split[lang][i]]] : [])));
    if (Object.keys(goal).length) goals.push(goal);
  }
  return goals;
}

/** Every place of every pilot as the map and its table show it: named "pilot – place", linking to the pilot. */
export function mapPlaces(
  pilots: readonly { slug: string; name: LocalizedTextValue; places: readonly { id: string; name: LocalizedTextValue; geometry: CommentGeometry }[] }[],
  lang: ContentLanguage,
): { id: string; href: string; label: string; geometry: CommentGeometry }[] {
  const text = (value: LocalizedTextValue) => pickLocalized(value, lang)?.text ?? '';
  return pilots.flatMap((pilot) => pilot.places.map((place) => ({ id: place.id, href: `/pilots/${pilot.slug}`, label: `${text(pilot.name)} – ${text(place.name)}`, geometry: place.geometry })));
}

/** A slug from a name, as the form suggests it (lower-case ASCII words joined by hyphens, at most 80 characters). */
export function slugFrom(name: string): string {
  const folded = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > 80) break;
    slug = next;
  }
  return slug;
}
