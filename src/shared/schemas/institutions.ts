import { Nullable } from './nullable.ts';
import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { DOMAINS, INSTITUTION_COUNTRIES, INSTITUTION_TYPES } from '../register.ts';
import { Page, PageQuery } from './lists.ts';
import { Searched } from './search.ts';

export const DomainSchema = Type.Enum([...DOMAINS], { type: 'string' });
export const InstitutionCountrySchema = Type.Enum([...INSTITUTION_COUNTRIES], { type: 'string' });
export const InstitutionTypeSchema = Type.Enum([...INSTITUTION_TYPES], { type: 'string' });

const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 80 });
const Website = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });

export const Institution = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: LocalizedText(300),
  shortName: Nullable(Type.String()),
  country: InstitutionCountrySchema,
  type: InstitutionTypeSchema,
  website: Nullable(Type.String()),
  domains: Type.Array(DomainSchema),
  parentId: Nullable(Type.String({ format: 'uuid' })),
  /** When it was added to the platform (CKAN's organization `created`). */
  createdAt: Type.String({ format: 'date-time' }),
});
export type Institution = Static<typeof Institution>;

/** A short reference to an institution inside other answers. */
export const InstitutionRef = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: LocalizedText(300),
  shortName: Nullable(Type.String()),
  country: InstitutionCountrySchema,
});
export type InstitutionRef = Static<typeof InstitutionRef>;

export const InstitutionCreate = Type.Object(
  {
    slug: Slug,
    name: LocalizedText(300),
    shortName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    country: InstitutionCountrySchema,
    type: InstitutionTypeSchema,
    website: Type.Optional(Nullable(Website)),
    domains: Type.Optional(Type.Array(DomainSchema, { uniqueItems: true })),
    parentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false },
);
export type InstitutionCreate = Static<typeof InstitutionCreate>;

export const InstitutionPatch = Type.Object(
  {
    name: Type.Optional(LocalizedText(300)),
    shortName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    country: Type.Optional(InstitutionCountrySchema),
    type: Type.Optional(InstitutionTypeSchema),
    website: Type.Optional(Nullable(Website)),
    domains: Type.Optional(Type.Array(DomainSchema, { uniqueItems: true })),
    parentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type InstitutionPatch = Static<typeof InstitutionPatch>;

export const InstitutionQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of a name or short name in any language (inflected, a part of a compound, a typo or without diacritics still find it)' })),
    sort: Type.Optional(Type.Enum(['name', 'relevance'], { type: 'string', default: 'name', description: '`name`: by country, then name; `relevance` (with `q`, offset paging only): names or short names equal to the words first, then starting with them, then holding them, then the rest by how well they matched (a word as written before its inflections, compound parts and typos), each by country and name' })),
    country: Type.Optional(InstitutionCountrySchema),
    type: Type.Optional(InstitutionTypeSchema),
    domain: Type.Optional(DomainSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100 })),
    offset: PageQuery.offset,
    after: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1000, description: "The `next` of the page before: the page after its last item (keyset paging, which an institution added or removed meanwhile cannot shift); `offset` is then not read" }),
    ),
  },
  { additionalProperties: false },
);

export const InstitutionList = Searched(
  Type.Object({
    ...Page(Institution).properties,
    next: Nullable(Type.String({ description: 'Give as `after` for the next page; null on the last page' })),
  }),
);
