/** The sv texts of every namespace (locales/sv/<namespace>.json): one chunk, loaded when the language is first used. */
export default import.meta.glob<Record<string, unknown>>('../../locales/sv/*.json', { eager: true, import: 'default' });
