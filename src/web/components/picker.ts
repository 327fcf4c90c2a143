/**
 * The pure side of `Picker.tsx`: what the combobox shows and which option is active, as a reducer
 * over what happens (typing, an answer arriving, a key pressed, a choice made), so the keyboard
 * rules and the stale-answer guard are tested without a browser. WAI-ARIA 1.2 combobox with a
 * listbox popup: arrows move the active option (wrapping), Home and End go to the first and last,
 * Enter chooses the active one, Escape closes the list and, pressed again, clears the text.
 */

/** What a picker needs of an item: the value its form field submits. */
export interface PickerValue {
  value: string;
}

export interface PickerState<T extends PickerValue> {
  query: string;
  open: boolean;
  /** The options offered for the newest search (the items already chosen left out). */
  options: T[];
  /** Index into `options` of the active option, or -1. */
  active: number;
  status: 'idle' | 'loading' | 'done' | 'failed';
  /** The number of the newest search asked for: only its answer is taken. */
  search: number;
}

export type PickerAction<T extends PickerValue> =
  | { type: 'typed'; query: string }
  | { type: 'answered'; search: number; items: readonly T[]; chosen: readonly T[] }
  | { type: 'failed'; search: number }
  | { type: 'key'; key: string }
  | { type: 'chosen' }
  | { type: 'close' };

export function initialPicker<T extends PickerValue>(): PickerState<T> {
  return { query: '', open: false, options: [], active: -1, status: 'idle', search: 0 };
}

/** The answer's items as options: each once, in the answer's order, none already chosen. */
export function mergeOptions<T extends PickerValue>(items: readonly T[], chosen: readonly T[]): T[] {
  const taken = new Set(chosen.map((item) => item.value));
  const seen = new Set<string>();
  return items.filter((item) => {
    if (taken.has(item.value) || seen.has(item.value)) return false;
    seen.add(item.value);
    return true;
  });
}

/** The keys the combobox handles itself (the browser's default is then prevented). */
export function handlesKey<T extends PickerValue>(state: PickerState<T>, key: string): boolean {
  switch (key) {
    case 'ArrowDown':
    case 'ArrowUp':
      return true;
    case 'Home':
    case 'End':
      return state.open && state.options.length > 0;
    case 'Enter':
      // Enter in an open list chooses, never submits the form; in a closed one it submits.
      return state.open;
    case 'Escape':
      return state.open || state.query !== '';
    default:
      return false;
  }
}

function moved<T extends PickerValue>(state: PickerState<T>, key: string): PickerState<T> {
  const n = state.options.length;
  if (!state.open) return key === 'ArrowDown' || key === 'ArrowUp' ? { ...state, open: true, active: n === 0 ? -1 : key === 'ArrowDown' ? 0 : n - 1 } : state;
  if (n === 0) return state;
  switch (key) {
    case 'ArrowDown':
      return { ...state, active: state.active < 0 ? 0 : (state.active + 1) % n };
    case 'ArrowUp':
      return { ...state, active: state.active <= 0 ? n - 1 : state.active - 1 };
    case 'Home':
      return { ...state, active: 0 };
    case 'End':
      return { ...state, active: n - 1 };
    default:
      return state;
  }
}

export function pickerReducer<T extends PickerValue>(state: PickerState<T>, action: PickerAction<T>): PickerState<T> {
  switch (action.type) {
    case 'typed':
      // What was offered belonged to the old text: nothing is active until the new answer.
      return { ...state, query: action.query, open: action.query.trim() !== '', active: -1, status: action.query.trim() ? 'loading' : 'idle', options: action.query.trim() ? state.options : [], search: state.search + 1 };
    case 'answered':
      if (action.search !== state.search) return state;
      return { ...state, options: mergeOptions(action.items, action.chosen), active: -1, status: 'done' };
    case 'failed':
      if (action.search !== state.search) return state;
      return { ...state, options: [], active: -1, status: 'failed' };
    case 'key':
      if (action.key === 'Escape') return state.open ? { ...state, open: false, active: -1 } : { ...state, query: '', options: [], status: 'idle', search: state.search + 1 };
      return moved(state, action.key);
    case 'chosen':
      // The text is cleared for the next search; a pending answer for the old text is ignored.
      return { ...state, query: '', open: false, options: [], active: -1, status: 'idle', search: state.search + 1 };
    case 'close':
      return { ...state, open: false, active: -1 };
  }
}

/** The option Enter would choose, if any. */
export function activeOption<T extends PickerValue>(state: PickerState<T>): T | undefined {
  return state.open && state.active >= 0 ? state.options[state.active] : undefined;
}

/** The chosen items after choosing `item`: it alone in a single picker, added once to a multiple one. */
export function choose<T extends PickerValue>(chosen: readonly T[], item: T, multiple: boolean): T[] {
  if (!multiple) return [item];
  return chosen.some((c) => c.value === item.value) ? [...chosen] : [...chosen, item];
}

/** The chosen items without `value`. */
export function unchoose<T extends PickerValue>(chosen: readonly T[], value: string): T[] {
  return chosen.filter((c) => c.value !== value);
}
