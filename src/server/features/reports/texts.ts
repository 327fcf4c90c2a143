import type { Language } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import { dateFormat, localeOf } from '../../lib/dates.ts';
import enReports from '../../../web/locales/en/reports.json' with { type: 'json' };
import fiReports from '../../../web/locales/fi/reports.json' with { type: 'json' };
import etReports from '../../../web/locales/et/reports.json' with { type: 'json' };
import svReports from '../../../web/locales/sv/reports.json' with { type: 'json' };
import ruReports from '../../../web/locales/ru/reports.json' with { type: 'json' };
import enActions from '../../../web/locales/en/actions.json' with { type: 'json' };
import fiActions from '../../../web/locales/fi/actions.json' with { type: 'json' };
import etActions from '../../../web/locales/et/actions.json' with { type: 'json' };
import svActions from '../../../web/locales/sv/actions.json' with { type: 'json' };
import ruActions from '../../../web/locales/ru/actions.json' with { type: 'json' };
import { REGISTER_TEXTS } from '../../lib/interfaceTexts.ts';

/**
 * The printed report and roadmap say what the web page says, in the same words: their texts are
 * the web's `reports` namespace, and the states, domains and outcomes the action plan's and the
 * register's own (as the Open311 routes word the register's).
 */
const NAMESPACES = {
  reports: { en: enReports, fi: fiReports, et: etReports, sv: svReports, ru: ruReports },
  actions: { en: enActions, fi: fiActions, et: etActions, sv: svActions, ru: ruActions },
  bottlenecks: REGISTER_TEXTS,
} as const satisfies Record<string, Record<Language, unknown>>;
type Namespace = keyof typeof NAMESPACES;

function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** `{{name}}` replaced by its value: split on the braces, no pattern over the text. */
function interpolate(template: string, params: Record<string, string | number>): string {
  const parts = template.split('{{');
  return parts[0] + parts.slice(1).map((part) => {
    const close = part.indexOf('}}');
    if (close < 0) return `{{${part}`;
    const name = part.slice(0, close).trim();
    return (name in params ? String(params[name]) : `{{${name}}}`) + part.slice(close + 2);
  }).join('');
}

export interface Texts {
  language: Language;
  /** A text by `namespace:key` (the reports' namespace when none is named), with its `{{parameters}}`. */
  t(key: string, params?: Record<string, string | number>): string;
  /** A day as the language writes it: "4 December 2026", "4.12.2026". */
  day(day: string): string;
  /** Localised content in the language, else its fallback. */
  text(value: LocalizedTextValue | null | undefined, fallback?: string): string;
  percent(value: number): string;
}

export function textsFor(language: Language): Texts {
  const days = dateFormat(language, { dateStyle: language === 'en' ? 'medium' : 'short', timeZone: 'UTC' });
  const percents = new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 1 });
  return {
    language,
    t(key, params = {}) {
      const [namespace, path] = key.includes(':') ? (key.split(':', 2) as [Namespace, string]) : (['reports', key] as const);
      const found = lookup(NAMESPACES[namespace]?.[language], path);
      if (found === undefined) throw new Error(`no text ${namespace}:${path} in ${language}`);
      return interpolate(found, params);
    },
    day: (day) => days.format(new Date(`${day}T00:00:00Z`)),
    text: (value, fallback = '') => pickLocalized(value, language)?.text ?? fallback,
    percent: (value) => percents.format(value / 100),
  };
}
