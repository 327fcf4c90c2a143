/** The fi texts of every namespace (locales/fi/<namespace>.json): one chunk, loaded when the language is first used. */
export default import.meta.glob<Record<string, unknown>>('../../locales/fi/*.json', { eager: true, import: 'default' });
