import { Type, type Static } from 'typebox';
import { REGIONS, THEMES } from '../catalog.ts';
import { DOMAINS, TOPICS } from '../register.ts';
import { Nullable } from './nullable.ts';
import { PageQuery, Page } from './lists.ts';

/**
 * The multilingual glossary (issue 15, design §3.7): the cross-border terms people use, each in
 * fi, et, en, sv and ru, that every search expands with; editors keep it, anyone may read it.
 */

/** The languages a glossary entry has terms in. */
export const GLOSSARY_LANGUAGES = ['fi', 'et', 'en', 'sv', 'ru'] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];

/** The vocabulary codes an entry may name: the EU data themes, the register's domains and topics, the regions, the two countries. */
export const CONCEPT_CODES: readonly string[] = [
  ...THEMES.map((t) => `theme:${t}`),
  ...DOMAINS.map((d) => `domain:${d}`),
  ...TOPICS.map((t) => `topic:${t}`),
  ...REGIONS.map((r) => `region:${r.code}`),
  'country:FI',
  'country:EE',
];

export const GlossaryTerm = Type.String({ minLength: 1, maxLength: 100 });
const TermList = Type.Array(GlossaryTerm, { maxItems: 12 });

export const GlossaryTerms = Type.Object(
  { fi: Type.Optional(TermList), et: Type.Optional(TermList), en: Type.Optional(TermList), sv: Type.Optional(TermList), ru: Type.Optional(TermList) },
  { additionalProperties: false },
);
export type GlossaryTerms = Static<typeof GlossaryTerms>;

export const ConceptCode = Type.Enum([...CONCEPT_CODES], { type: 'string' });

export const GlossaryEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  /** The seeded entry's stable name (`ferry`, `theme:TRAN`); null for an editor's own. */
  key: Nullable(Type.String()),
  terms: Type.Object({ fi: Type.Array(Type.String()), et: Type.Array(Type.String()), en: Type.Array(Type.String()), sv: Type.Array(Type.String()), ru: Type.Array(Type.String()) }),
  concept: Nullable(Type.String()),
  seeded: Type.Boolean(),
  /** An editor changed it: the seed no longer overwrites it. */
  edited: Type.Boolean(),
  /** Someone who knows the languages confirmed it. */
  reviewed: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type GlossaryEntry = Static<typeof GlossaryEntry>;

export const GlossaryList = Page(GlossaryEntry);
export type GlossaryList = Static<typeof GlossaryList>;

export const GlossaryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words, searched in every language’s terms' })),
    missing: Type.Optional(Type.Enum([...GLOSSARY_LANGUAGES], { type: 'string', description: 'Only entries without a term in this language' })),
    reviewed: Type.Optional(Type.Boolean({ description: '`false`: only entries nobody has reviewed yet; `true`: only reviewed ones' })),
    prefix: Type.Optional(Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z_]+:$', description: 'Only seeded entries whose key starts with this family (`planning:`)' })),
    limit: PageQuery.limit,
    offset: PageQuery.offset,
  },
  { additionalProperties: false },
);
export type GlossaryQuery = Static<typeof GlossaryQuery>;

export const GlossaryCreate = Type.Object(
  {
    terms: GlossaryTerms,
    concept: Type.Optional(Nullable(ConceptCode)),
    reviewed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type GlossaryCreate = Static<typeof GlossaryCreate>;

export const GlossaryPatch = Type.Object(
  {
    terms: Type.Optional(GlossaryTerms),
    concept: Type.Optional(Nullable(ConceptCode)),
    reviewed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type GlossaryPatch = Static<typeof GlossaryPatch>;
