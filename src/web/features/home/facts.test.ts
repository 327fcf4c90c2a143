import { describe, expect, it } from 'vitest';
import { factsWithLive, KEY_FACTS, LIVE_FACTS } from './facts.ts';

describe('the home page\'s key facts', () => {
  it('replace a static fact by its live indicator only when that indicator is on the dashboard', () => {
    const port = { id: LIVE_FACTS.passengers, headline: 2 };
    const other = { id: 'population', headline: 1 };
    const live = factsWithLive(KEY_FACTS, [other, port]);
    expect(live.shown.map((one) => [one.fact.id, one.live?.id ?? null])).toEqual([['passengers', 'port-of-tallinn-passengers'], ['mou', null], ['finestTwins', null], ['timeZone', null]]);
    expect(live.others).toEqual([other]);
    const none = factsWithLive(KEY_FACTS, [{ id: LIVE_FACTS.passengers, headline: null }]);
    expect(none.shown.every((one) => one.live === null)).toBe(true);
    expect(none.others).toEqual([]);
  });
});
