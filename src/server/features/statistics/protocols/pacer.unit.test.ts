import { describe, expect, it } from 'vitest';
import { createPacer, hostOf, pxweb2Window, pxwebWindow, type PacerClock } from './pacer.ts';

/** A clock that only moves when the pacer sleeps, recording every sleep: no real waiting. */
function fakeClock(start = 1_000_000): PacerClock & { sleeps: number[]; at: number; advance(ms: number): void } {
  const clock = {
    at: start,
    sleeps: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.at += ms;
    },
    advance(ms: number) {
      clock.at += ms;
    },
  };
  return clock;
}

const HOST = 'pxdata.stat.fi';

describe('pacer', () => {
  it('reads windows from v1 ?config and v2 /config, and keys hosts with their port', () => {
    expect(pxwebWindow({ maxCalls: 30, timeWindow: 10 })).toEqual({ calls: 30, windowMs: 10_000 });
    expect(pxweb2Window({ maxCallsPerTimeWindow: 30, timeWindow: 60 })).toEqual({ calls: 30, windowMs: 60_000 });
    expect(hostOf('https://pxdata.stat.fi/PxWeb/api/v1/fi/?config')).toBe('pxdata.stat.fi');
    expect(hostOf('http://127.0.0.1:8123/api/v1/en')).toBe('127.0.0.1:8123');
  });

  it('lets the window’s calls go at once, then waits until the oldest leaves the window', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    pacer.configure(HOST, { calls: 3, windowMs: 10_000 });
    expect([await pacer.wait(HOST), await pacer.wait(HOST), await pacer.wait(HOST)]).toEqual([0, 0, 0]);
    clock.advance(4_000);
    expect(await pacer.wait(HOST)).toBe(6_000);
    // The window slid: the second and third calls (at 0) and the fourth (at 10 s) are in it.
    expect(await pacer.wait(HOST)).toBe(0);
    expect(clock.sleeps).toEqual([6_000]);
  });

  it('slides: a call waits only for the call that leaves the window next', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    pacer.configure(HOST, { calls: 2, windowMs: 1_000 });
    await pacer.wait(HOST); // t = 0
    clock.advance(600);
    await pacer.wait(HOST); // t = 600
    expect(await pacer.wait(HOST)).toBe(400); // t = 1000, when the first leaves
    expect(await pacer.wait(HOST)).toBe(600); // t = 1600, when the second leaves
  });

  it('gives concurrent callers their turns in order, never two the same free place', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    pacer.configure(HOST, { calls: 2, windowMs: 1_000 });
    const waits = await Promise.all(Array.from({ length: 6 }, () => pacer.wait(HOST)));
    expect(waits).toEqual([0, 0, 1_000, 0, 1_000, 0]);
    expect(clock.sleeps).toEqual([1_000, 1_000]);
  });

  it('adds its margin to a computed wait', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock, marginMs: 250 });
    pacer.configure(HOST, { calls: 1, windowMs: 1_000 });
    await pacer.wait(HOST);
    expect(await pacer.wait(HOST)).toBe(1_250);
  });

  it('keeps hosts apart, and does not pace a host nobody configured', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    pacer.configure(HOST, { calls: 1, windowMs: 5_000 });
    await pacer.wait(HOST);
    expect(await pacer.wait('andmed.stat.ee')).toBe(0);
    expect(await pacer.wait('andmed.stat.ee')).toBe(0);
    expect(await pacer.wait(HOST)).toBe(5_000);
  });

  it('paces an unconfigured host by the default window when one is given', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock, defaultWindow: { calls: 1, windowMs: 300 } });
    await pacer.wait('ec.europa.eu');
    expect(await pacer.wait('ec.europa.eu')).toBe(300);
  });

  it('holds every call to a host that answered 429 until its Retry-After has passed', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    pacer.configure(HOST, { calls: 30, windowMs: 10_000 });
    await pacer.wait(HOST);
    pacer.pause(HOST, 10_000);
    clock.advance(3_000);
    expect(await pacer.wait(HOST)).toBe(7_000);
    expect(await pacer.wait(HOST)).toBe(0);
  });

  it('rejects a cancelled wait, and the next caller still gets its turn', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    pacer.configure(HOST, { calls: 1, windowMs: 1_000 });
    await pacer.wait(HOST);
    const controller = new AbortController();
    controller.abort();
    await expect(pacer.wait(HOST, controller.signal)).rejects.toThrow();
    expect(await pacer.wait(HOST)).toBe(1_000);
  });

  it('counts the calls made before a host’s window was set, keeping at most the last 1000', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ clock });
    for (let i = 0; i < 3; i++) await pacer.wait(HOST);
    pacer.configure(HOST, { calls: 3, windowMs: 1_000 });
    expect(await pacer.wait(HOST)).toBe(1_000);

    // A host never configured (a JSON-stat site) does not keep every call of a long-running process.
    const other = 'other.example';
    for (let i = 0; i < 1001; i++) await pacer.wait(other);
    pacer.configure(other, { calls: 1001, windowMs: 1_000 });
    expect(await pacer.wait(other)).toBe(0);
  });

  it('refuses a window without calls or time', () => {
    const pacer = createPacer({ clock: fakeClock() });
    expect(() => pacer.configure(HOST, { calls: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => pacer.configure(HOST, { calls: 3, windowMs: 0 })).toThrow(RangeError);
  });
});
