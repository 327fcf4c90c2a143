import { describe, expect, it } from 'vitest';
import { ACTION_STATES, ACTION_TRANSITIONS, OPEN_ACTION_STATES, rollUp } from './actions.ts';

describe('the action plan vocabularies', () => {
  it('rolls up the weighted mean, leaving dropped children out', () => {
    expect(rollUp([{ progress: 40, weight: 1, state: 'ongoing' }, { progress: 80, weight: 3, state: 'ongoing' }])).toBe(70);
    expect(rollUp([{ progress: 40, weight: 1, state: 'ongoing' }, { progress: 80, weight: 3, state: 'dropped' }])).toBe(40);
    expect(rollUp([{ progress: 10, weight: 1, state: 'dropped' }])).toBe(0);
    expect(rollUp([{ progress: 100, weight: 0.5, state: 'done' }, { progress: 0, weight: 1, state: 'planned' }, { progress: 0, weight: 1, state: 'planned' }])).toBe(20);
    expect(rollUp([{ progress: 33.33, weight: 1, state: 'ongoing' }, { progress: 0, weight: 2, state: 'ongoing' }])).toBe(11.11);
  });

  it('lets every open state reach done or dropped, and nothing leave them', () => {
    for (const state of OPEN_ACTION_STATES) expect(ACTION_TRANSITIONS[state]).toContain('dropped');
    expect(ACTION_TRANSITIONS.done).toEqual([]);
    expect(ACTION_TRANSITIONS.dropped).toEqual([]);
    for (const state of ACTION_STATES) for (const to of ACTION_TRANSITIONS[state]) expect(ACTION_STATES).toContain(to);
  });
});
