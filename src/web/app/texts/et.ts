/** The et texts of every namespace (locales/et/<namespace>.json): one chunk, loaded when the language is first used. */
export default import.meta.glob<Record<string, unknown>>('../../locales/et/*.json', { eager: true, import: 'default' });
