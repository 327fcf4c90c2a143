import { Type, type Static, type TSchema } from 'typebox';

/**
 * A value or null, written as a type list (`type: ['string', 'null']`) rather than `anyOf`: the
 * response serialiser then writes it directly instead of running a validator per value to pick
 * the branch. For schemas with a single primitive `type` (and enums); objects keep `Type.Union`.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const source = schema as unknown as { type?: unknown; enum?: unknown[] };
  if (typeof source.type !== 'string' || source.type === 'object' || source.type === 'array') {
    throw new Error('Nullable takes a schema with one primitive type');
  }
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [source.type, 'null'], ...(source.enum ? { enum: [...source.enum, null] } : {}) });
}
