import type { TFunction } from 'i18next';
import type { ContentLanguage } from '../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../shared/localized.ts';
import { api } from '../app/api.ts';
import type { PickerKind } from './Picker.tsx';
import { isLocalized, isOptionalString, isRecord, isString } from './draftParts.ts';

/**
 * One kind per item a form links to, each searching its list route with `q` and a short `limit`.
 * An item's `value` is what the routes that link take: a reference for bottlenecks, dialogues,
 * recommendations and lessons, an id for institutions and datasets, the name in addresses for indicators. Items from other answers (a saved
 * recommendation's links, a dialogue's bottlenecks) become picker items with the `*Item`
 * functions, so a form starts with its chips already chosen; `isItem` tells one read back from a
 * form's draft.
 */

const LIMIT = 10;
const titleIn = (title: LocalizedTextValue, lang: ContentLanguage) => pickLocalized(title, lang)?.text ?? '';

export interface BottleneckItem {
  value: string;
  ref: string;
  title: LocalizedTextValue;
  status: string;
}
export const bottleneckItem = (b: { ref: string; title: LocalizedTextValue; status: string }): BottleneckItem => ({ value: b.ref, ref: b.ref, title: b.title, status: b.status });

export const bottleneckKind: PickerKind<BottleneckItem> = {
  search: async (q) => (await api.get('/api/bottlenecks', { query: { q, limit: LIMIT, sort: 'relevance' } })).items.map(bottleneckItem),
  label: (item, _t, lang) => `${item.ref} ${titleIn(item.title, lang)}`,
  detail: (item, t) => t(`bottlenecks:status.${item.status}`),
  isItem: (item): item is BottleneckItem => isRecord(item) && isString(item.value) && isString(item.ref) && isLocalized(item.title) && isString(item.status),
};

export interface DialogueItem {
  value: string;
  ref: string;
  title: LocalizedTextValue;
  type: string;
}
export const dialogueItem = (d: { ref: string; title: LocalizedTextValue; type: string }): DialogueItem => ({ value: d.ref, ref: d.ref, title: d.title, type: d.type });

export const dialogueKind: PickerKind<DialogueItem> = {
  search: async (q) => (await api.get('/api/dialogues', { query: { q, limit: LIMIT } })).items.map(dialogueItem),
  label: (item, _t, lang) => `${item.ref} ${titleIn(item.title, lang)}`,
  detail: (item, t) => t(`dialogues:type.${item.type}`),
  isItem: (item): item is DialogueItem => isRecord(item) && isString(item.value) && isString(item.ref) && isLocalized(item.title) && isString(item.type),
};

export interface RecommendationItem {
  value: string;
  ref: string;
  title: LocalizedTextValue;
  state: string;
}
export const recommendationItem = (r: { ref: string; title: LocalizedTextValue; state: string }): RecommendationItem => ({ value: r.ref, ref: r.ref, title: r.title, state: r.state });

export const recommendationKind: PickerKind<RecommendationItem> = {
  search: async (q) => (await api.get('/api/recommendations', { query: { q, limit: LIMIT } })).items.map(recommendationItem),
  label: (item, _t, lang) => `${item.ref} ${titleIn(item.title, lang)}`,
  detail: (item, t) => t(`recommendations:state.${item.state}`),
  isItem: (item): item is RecommendationItem => isRecord(item) && isString(item.value) && isString(item.ref) && isLocalized(item.title) && isString(item.state),
};

export interface InstitutionItem {
  value: string;
  name: LocalizedTextValue;
  shortName: string | null;
  country: string;
}
export const institutionItem = (i: { id: string; name: LocalizedTextValue; shortName: string | null; country: string }): InstitutionItem => ({ value: i.id, name: i.name, shortName: i.shortName, country: i.country });

export const institutionKind: PickerKind<InstitutionItem> = {
  search: async (q) => (await api.get('/api/institutions', { query: { q, limit: LIMIT } })).items.map(institutionItem),
  label: (item, _t, lang) => {
    const name = titleIn(item.name, lang);
    return item.shortName && item.shortName !== name ? `${name} – ${item.shortName}` : name;
  },
  detail: (item) => item.country,
  isItem: (item): item is InstitutionItem => isRecord(item) && isString(item.value) && isLocalized(item.name) && isOptionalString(item.shortName) && isString(item.country),
};

export interface DatasetItem {
  value: string;
  title: LocalizedTextValue;
  publisher: LocalizedTextValue | null;
}
export const datasetItem = (d: { id: string; title: LocalizedTextValue; publisher: { name: LocalizedTextValue } | null }): DatasetItem => ({ value: d.id, title: d.title, publisher: d.publisher?.name ?? null });

export const datasetKind: PickerKind<DatasetItem> = {
  search: async (q) => (await api.get('/api/datasets', { query: { q, limit: LIMIT } })).items.map(datasetItem),
  label: (item, _t, lang) => titleIn(item.title, lang),
  detail: (item, _t: TFunction, lang: ContentLanguage) => (item.publisher ? titleIn(item.publisher, lang) : undefined),
  isItem: (item): item is DatasetItem => isRecord(item) && isString(item.value) && isLocalized(item.title) && (item.publisher === null || isLocalized(item.publisher)),
};

export interface LessonItem {
  value: string;
  ref: string;
  text: LocalizedTextValue;
  regionName: LocalizedTextValue;
}
export const lessonItem = (l: { ref: string; text: LocalizedTextValue; regionName: LocalizedTextValue }): LessonItem => ({ value: l.ref, ref: l.ref, text: l.text, regionName: l.regionName });

/** Lessons learned in the benchmark regions, by words of their text or their reference (LS-0001). */
export const lessonKind: PickerKind<LessonItem> = {
  search: async (q) => (await api.get('/api/regions/lessons', { query: { q, limit: LIMIT } })).items.map(lessonItem),
  label: (item, _t, lang) => `${item.ref} ${titleIn(item.text, lang)}`,
  detail: (item, _t, lang) => titleIn(item.regionName, lang),
  isItem: (item): item is LessonItem => isRecord(item) && isString(item.value) && isString(item.ref) && isLocalized(item.text) && isLocalized(item.regionName),
};

export interface IndicatorItem {
  value: string;
  name: LocalizedTextValue;
  frequency: string;
  demo: boolean;
}
export const indicatorItem = (i: { id: string; name: LocalizedTextValue; frequency: string; demo: boolean }): IndicatorItem => ({ value: i.id, name: i.name, frequency: i.frequency, demo: i.demo });

/** Indicators of the twin region, by words of their name or definition in any language; the value is the indicator's name in addresses. */
export const indicatorKind: PickerKind<IndicatorItem> = {
  search: async (q) => (await api.get('/api/indicators', { query: { q, limit: LIMIT } })).items.map(indicatorItem),
  label: (item, _t, lang) => titleIn(item.name, lang),
  detail: (item, t) => [t(`kpis:frequency.${item.frequency}`), ...(item.demo ? [t('common:demo.badge')] : [])].join(', '),
  isItem: (item): item is IndicatorItem => isRecord(item) && isString(item.value) && isLocalized(item.name) && isString(item.frequency) && typeof item.demo === 'boolean',
};

export interface PlanningSourceItem {
  value: string;
  title: string;
  kind: string;
}
export const planningSourceItem = (s: { tag: string; title: string; kind: string }): PlanningSourceItem => ({ value: s.tag, title: s.title, kind: s.kind });

/** The sources planning facts cite, by tag (P3, E1, …). */
export const planningSourceKind: PickerKind<PlanningSourceItem> = {
  search: async (q) => (await api.get('/api/planning/sources', { query: { q, limit: LIMIT } })).items.map(planningSourceItem),
  label: (item) => `${item.value} ${item.title}`,
  detail: (item, t) => t(`planning:sourceKind.${item.kind}`),
  isItem: (item): item is PlanningSourceItem => isRecord(item) && isString(item.value) && isString(item.title) && isString(item.kind),
};

/** Each once, the first reading kept. */
function once<T extends { value: string }>(items: readonly T[]): T[] {
  return items.filter((item, index) => items.findIndex((other) => other.value === item.value) === index);
}

/** The address parameters `prefilledLinks` reads: a new form's draft is kept apart for each set of them (`newItem`). */
export const PREFILLED_PARAMS = ['dialogue', 'bottleneck'] as const;

/**
 * What a form's address names for it to start with (`?dialogue=DL-…&bottleneck=BN-…`, each
 * repeatable): the dialogues, and the bottlenecks named and those on the dialogues' agendas. A
 * reference that names nothing the reader may see is left out, as the form's own check would.
 */
export async function prefilledLinks(params: URLSearchParams): Promise<{ dialogues: DialogueItem[]; bottlenecks: BottleneckItem[] }> {
  const found = <T>(read: Promise<T>) => read.then((value): T | null => value, () => null);
  const [dialogues, bottlenecks] = await Promise.all([
    Promise.all(params.getAll('dialogue').slice(0, 20).map((id) => found(api.get('/api/dialogues/{id}', { path: { id } })))),
    Promise.all(params.getAll('bottleneck').slice(0, 20).map((id) => found(api.get('/api/bottlenecks/{id}', { path: { id } })))),
  ]);
  const seen = dialogues.filter((d) => d !== null);
  return {
    dialogues: once(seen.map(dialogueItem)),
    bottlenecks: once([...bottlenecks.filter((b) => b !== null).map(bottleneckItem), ...seen.flatMap((d) => d.bottlenecks.map(bottleneckItem))]),
  };
}
