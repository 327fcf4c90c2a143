import { describe, expect, it } from 'vitest';
import { noticeInState } from './StatusMessage.tsx';

describe('a notice carried by a navigation', () => {
  it('is read from the location state with its values', () => {
    expect(noticeInState({ notice: { key: 'dialogues:notice.saved' } })).toEqual({ key: 'dialogues:notice.saved' });
    expect(noticeInState({ notice: { key: 'common:notice.x', values: { ref: 'DL-2026-0001' } } })).toEqual({ key: 'common:notice.x', values: { ref: 'DL-2026-0001' } });
  });

  it('is nothing when the state holds none or something else', () => {
    for (const state of [null, undefined, 'saved', {}, { notice: null }, { notice: 'saved' }, { notice: { key: 3 } }, { other: { key: 'x' } }]) expect(noticeInState(state)).toBeNull();
  });
});
