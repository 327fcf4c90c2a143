import { useEffect, useReducer, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ContentLanguage } from '../../shared/languages.ts';
import { activeOption, choose, handlesKey, initialPicker, pickerReducer, unchoose, type PickerValue } from './picker.ts';
import { chosenValues, readChosen } from './draftParts.ts';
import { useDraftPart, useDraftScope } from './useDraft.ts';
import { LabelText } from './Required.tsx';

/** How long typing must pause before a search is sent. */
const DEBOUNCE_MS = 250;

/**
 * A kind of item a picker chooses: how to search for it and how to name it in the user's
 * language (`pickerKinds.ts` has one per kind: bottlenecks, dialogues, recommendations,
 * institutions, datasets, lessons).
 */
export interface PickerKind<T extends PickerValue> {
  search(q: string): Promise<T[]>;
  /** The item's name: its reference and title, in the user's language. */
  label(item: T, t: TFunction, lang: ContentLanguage): string;
  /** What tells like-named items apart: a status, a country. */
  detail?(item: T, t: TFunction, lang: ContentLanguage): string | undefined;
  /** Whether a value read back (a form's draft) is such an item, as `label` and `detail` need it. */
  isItem(value: unknown): value is T;
}

interface PickerProps<T extends PickerValue> {
  id: string;
  label: string;
  kind: PickerKind<T>;
  /** The form field's name: each chosen item submits its value as a hidden input of this name. */
  name?: string;
  multiple?: boolean;
  hint?: ReactNode;
  error?: string;
  /** The items chosen at first (uncontrolled). */
  defaultValue?: readonly T[];
  /** The items chosen (controlled, with `onChange`). */
  value?: readonly T[];
  onChange?: (chosen: T[]) => void;
  /** Whether the route the form sends to requires a choice (`RequiredMark`, `aria-required`). */
  required?: boolean;
}

/**
 * A searchable picker, single or multiple choice: the WAI-ARIA 1.2 combobox with a listbox popup.
 * Typing searches (debounced, only the newest answer taken); the arrows, Home and End move the
 * active option, Enter chooses it, Escape closes the list; the number of results is said in a
 * polite status line; chosen items are chips with a "Remove …" button each, and are submitted as
 * hidden inputs named `name`, so a form reads them with `formChoices` as it read checkboxes.
 * In a form that keeps a draft (`DraftContext`), a named picker that holds its own choice keeps
 * the items chosen in the draft (the part `picker:<name>`) and is given them back with it; a
 * controlled one is kept by the page that holds its value.
 */
export function Picker<T extends PickerValue>({ id, label, kind, name, multiple = false, hint, error, defaultValue, value, onChange, required }: PickerProps<T>) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as ContentLanguage;
  const [own, setOwn] = useState<readonly T[]>(defaultValue ?? []);
  const chosen = value ?? own;
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  const draftScope = useDraftScope();
  useDraftPart<readonly T[]>(name && value === undefined ? draftScope : null, `picker:${name}`, {
    value: own,
    restore: (items) => {
      setOwn(items);
      onChange?.([...items]);
    },
    read: (json) => readChosen(json, kind.isItem),
    identity: chosenValues,
  });
  const [state, dispatch] = useReducer(pickerReducer<T>, undefined, initialPicker<T>);
  const input = useRef<HTMLInputElement>(null);
  const kindRef = useRef(kind);
  kindRef.current = kind;

  const { search, status, query } = state;
  useEffect(() => {
    if (status !== 'loading') return;
    const timer = setTimeout(() => {
      kindRef.current.search(query.trim()).then(
        (items) => dispatch({ type: 'answered', search, items, chosen: chosenRef.current }),
        () => dispatch({ type: 'failed', search }),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, status, query]);

  const set = (next: T[]) => {
    if (value === undefined) setOwn(next);
    onChange?.(next);
  };
  const pick = (item: T) => {
    set(choose(chosen, item, multiple));
    dispatch({ type: 'chosen' });
    input.current?.focus();
  };
  const remove = (item: T) => {
    set(unchoose(chosen, item.value));
    // The button pressed is gone with its chip: the search field takes the focus.
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!handlesKey(state, event.key)) return;
    event.preventDefault();
    if (event.key === 'Enter') {
      const option = activeOption(state);
      if (option) pick(option);
      return;
    }
    dispatch({ type: 'key', key: event.key });
  };

  const listId = `${id}-listbox`;
  const labelId = `${id}-label`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const statusId = `${id}-status`;
  const expanded = state.open && state.options.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;
  const nameOf = (item: T) => kind.label(item, t, lang);
  const detailOf = (item: T) => kind.detail?.(item, t, lang);
  const text = (item: T) => (detailOf(item) ? `${nameOf(item)} (${detailOf(item)})` : nameOf(item));
  const announcement = !state.open
    ? ''
    : state.status === 'loading'
      ? t('common:picker.searching')
      : state.status === 'failed'
        ? t('common:picker.failed')
        : state.status === 'done'
          ? state.options.length
            ? t('common:picker.results', { count: state.options.length })
            : t('common:picker.none', { query: state.query.trim() })
          : '';

  return (
    <div className={error ? 'field field--invalid picker' : 'field picker'}>
      <label id={labelId} htmlFor={id}>
        <LabelText text={label} required={required} />
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      {chosen.length > 0 && (
        <ul className="picker__chips" aria-label={t('common:picker.chosen', { field: label })}>
          {chosen.map((item) => (
            <li key={item.value} className="picker__chip">
              <span>{text(item)}</span>
              <button type="button" className="picker__remove" aria-label={t('common:picker.remove', { item: nameOf(item) })} onClick={() => remove(item)}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="picker__box">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && state.active >= 0 ? optionId(state.active) : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
          aria-invalid={error ? true : undefined}
          aria-required={required ? true : undefined}
          placeholder={multiple || chosen.length === 0 ? t('common:picker.placeholder') : t('common:picker.replace')}
          value={state.query}
          onChange={(event) => dispatch({ type: 'typed', query: event.target.value })}
          onKeyDown={onKeyDown}
          onBlur={() => dispatch({ type: 'close' })}
        />
        <ul id={listId} role="listbox" aria-labelledby={labelId} className="picker__list" hidden={!expanded}>
          {state.options.map((item, index) => (
            <li
              key={item.value}
              id={optionId(index)}
              role="option"
              aria-selected={index === state.active}
              className={index === state.active ? 'picker__option picker__option--active' : 'picker__option'}
              // Keeps the focus in the field, so the click chooses before the list closes on blur.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(item)}
            >
              {nameOf(item)}
              {detailOf(item) && <span className="picker__detail"> ({detailOf(item)})</span>}
            </li>
          ))}
        </ul>
      </div>
      <p id={statusId} role="status" aria-live="polite" className={announcement ? 'picker__status' : 'picker__status visually-hidden'}>
        {announcement}
      </p>
      {name && chosen.map((item) => <input key={item.value} type="hidden" name={name} value={item.value} />)}
    </div>
  );
}
