import type { HarvestKind, HarvestSchedule } from '../../../shared/catalog.ts';
import type { Body } from '../../app/api.ts';
import { formChoice, formText } from '../../components/useSubmit.ts';

/**
 * The body of `POST /api/harvest/sources` (and `PATCH`, every field of it) from the source form:
 * names and addresses trimmed, an unticked box as not enabled, no publisher as null (so an edit
 * can take it away).
 */
export function sourceBody(form: FormData): Body<'post', '/api/harvest/sources'> {
  return {
    name: formText(form, 'name').trim(),
    kind: formChoice<HarvestKind>(form, 'kind'),
    url: formText(form, 'url').trim(),
    schedule: formChoice<HarvestSchedule>(form, 'schedule'),
    enabled: form.get('enabled') === 'on',
    publisherId: formText(form, 'publisherId') || null,
  };
}
