/** Text by language as a statistics office gives it: the reader's language, else English, Finnish, Estonian, else any. */
export function sourceText(text: Readonly<Record<string, string>>, lang: string): string {
  for (const wanted of [lang, 'en', 'fi', 'et']) if (text[wanted]) return text[wanted];
  return Object.values(text).find(Boolean) ?? '';
}
