import { isDeepStrictEqual } from 'node:util';
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { HttpProblem } from '../../plugins/problems.ts';

/**
 * `PATCH` with `application/json-patch+json` (RFC 6902; OGC 18-088 §10.3.1 allows it, FROST-Server's
 * JsonPatchTests use it): the operations are applied to the entity as a GET answers it, and what
 * they changed becomes an ordinary PATCH body, so every rule of a PATCH holds (read-only and
 * required properties, relations, the pilot rule). A removed property is set to null; a patch
 * that changes nothing changes nothing.
 */

export const JSON_PATCH_TYPE = 'application/json-patch+json';

const { applyPatch, JsonPatchError } = fastJsonPatch;

/** Keys of an entity's JSON that are links, not data: a patch cannot change them. */
const isAnnotation = (key: string) => key.startsWith('@iot.') || key.includes('@iot.');

/** The PATCH body the operations amount to on `current`; 400 when they cannot be applied, 409 when a `test` fails. */
export function patchBody(current: Record<string, unknown>, operations: unknown): Record<string, unknown> {
  if (!Array.isArray(operations)) throw invalidPatch('The body is a JSON Patch: an array of operations (RFC 6902).');
  let patched: Record<string, unknown>;
  try {
    patched = applyPatch(current, operations as Operation[], true, false).newDocument;
  } catch (error) {
    if (error instanceof JsonPatchError) {
      if (error.name === 'TEST_OPERATION_FAILED') {
        throw new HttpProblem(409, 'json-patch-test-failed', 'JSON Patch test failed', `Operation ${Number(error.index) + 1} (test of ${(error.operation as Operation | undefined)?.path}) does not hold: nothing was changed.`);
      }
      throw invalidPatch(`Operation ${Number(error.index) + 1}: ${error.message.split('\n')[0]}.`);
    }
    if (error instanceof TypeError) throw invalidPatch(error.message.split(',')[0]);
    throw error;
  }
  if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw invalidPatch('The patch must leave the entity a JSON object.');
  const body: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(current), ...Object.keys(patched)])) {
    if (isAnnotation(key) || isDeepStrictEqual(current[key], patched[key])) continue;
    body[key] = Object.hasOwn(patched, key) ? patched[key] : null;
  }
  return body;
}

function invalidPatch(detail: string) {
  return new HttpProblem(400, 'json-patch-invalid', 'Invalid JSON Patch', detail);
}
