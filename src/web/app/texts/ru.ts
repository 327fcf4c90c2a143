/** The ru texts of every namespace (locales/ru/<namespace>.json): one chunk, loaded when the language is first used. */
export default import.meta.glob<Record<string, unknown>>('../../locales/ru/*.json', { eager: true, import: 'default' });
