/** The en texts of every namespace (locales/en/<namespace>.json): one chunk, loaded when the language is first used. */
export default import.meta.glob<Record<string, unknown>>('../../locales/en/*.json', { eager: true, import: 'default' });
