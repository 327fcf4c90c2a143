import { useTranslation } from 'react-i18next';
import { pickLocalized, type LocalizedTextValue } from '../../shared/localized.ts';
import type { ContentLanguage } from '../../shared/languages.ts';
import { Marked } from './Marked.tsx';
import type { MarkRange } from './marks.ts';

/**
 * Localised content in the reader's language; when it falls back to another language the text
 * carries its real `lang` (so screen readers pronounce it right) and a visible note. `marks`: the
 * ranges a search matched, per language (a list's `matches[].highlights.<field>`).
 */
export function LocalizedText({
  value,
  as: Tag = 'span',
  marks,
}: {
  value: LocalizedTextValue | null | undefined;
  as?: 'span' | 'p' | 'div';
  marks?: Readonly<Record<string, readonly MarkRange[]>>;
}) {
  const { i18n } = useTranslation();
  const picked = pickLocalized(value, i18n.language as ContentLanguage);
  if (!picked) return null;
  return (
    <Tag lang={picked.lang}>
      <Marked text={picked.text} ranges={marks?.[picked.lang]} />
      {picked.isFallback && <FallbackNote lang={picked.lang} />}
    </Tag>
  );
}

/** " (English)": which language a fallback text is in, itself in the reader's language. */
export function FallbackNote({ lang }: { lang: string }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="fallback-note" lang={i18n.language}>
      {' '}({t(`common:languages.${lang}`)})
    </span>
  );
}
