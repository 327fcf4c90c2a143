import type { ContentLanguage } from '../../../shared/languages.ts';
import { pickLocalized, type LocalizedTextValue } from '../../../shared/localized.ts';
import { api } from '../../app/api.ts';
import type { PickerKind } from '../../components/Picker.tsx';
import { isLocalized, isRecord, isString } from '../../components/draftParts.ts';

/** Actions of the plan in a picker (the dependencies of an action), found by words of the title or the reference. */
export interface ActionItem {
  value: string;
  ref: string;
  title: LocalizedTextValue;
  state: string;
}
export const actionItem = (a: { ref: string; title: LocalizedTextValue; state: string }): ActionItem => ({ value: a.ref, ref: a.ref, title: a.title, state: a.state });

export const actionKind: PickerKind<ActionItem> = {
  search: async (q) => (await api.get('/api/actions', { query: { q, limit: 10 } })).items.map(actionItem),
  label: (item, _t, lang: ContentLanguage) => `${item.ref} ${pickLocalized(item.title, lang)?.text ?? ''}`,
  detail: (item, t) => t(`actions:state.${item.state}`),
  isItem: (item): item is ActionItem => isRecord(item) && isString(item.value) && isString(item.ref) && isLocalized(item.title) && isString(item.state),
};
