import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ContactPoint, DistributionInput } from '../../../../shared/schemas/catalog.ts';
import { HarvestedDataset } from '../harvest.types.ts';

/**
 * The same checks the API applies to a dataset an editor writes (strict types, formats), so a
 * harvested record and a hand-written one are held to one standard.
 */
let ajv: Ajv | null = null;
const compiled = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= addFormats.default(new Ajv({ allErrors: true, strict: false, coerceTypes: false }));
    validate = (ajv as Ajv).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** What is wrong with a harvested record, one line per problem; empty when it is valid. */
export function checkHarvested(record: unknown): string[] {
  const validate = validatorFor(HarvestedDataset);
  if (validate(record)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`.trim());
}

/** An address the catalogue accepts as a web URL (absolute http(s), RFC 3986, at most 2000 long). */
export function isWebUrl(value: string): boolean {
  return validatorFor(DistributionInput.properties.accessUrl)(value);
}

/** An e-mail address the catalogue accepts in a contact point. */
export function isEmail(value: string): boolean {
  return validatorFor(ContactPoint.properties.email)(value);
}
