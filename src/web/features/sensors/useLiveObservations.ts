import { useEffect, useRef, useState } from 'react';
import { nextAnnouncementAt, readObservationEvent, type LiveObservation } from './sensors.ts';

export type LiveState = 'connecting' | 'open' | 'closed';

/**
 * New Observations of a Datastream while the page is open, from the server-sent events endpoint
 * (EventSource reconnects by itself after a dropped connection). `announced` is the newest one,
 * changed at most every few seconds, for a polite live region: a stream every second would
 * otherwise talk over everything else.
 */
export function useLiveObservations(id: number | null) {
  const [received, setReceived] = useState<LiveObservation[]>([]);
  const [announced, setAnnounced] = useState<LiveObservation | null>(null);
  const [state, setState] = useState<LiveState>('connecting');
  const lastAnnounced = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (id === null || typeof EventSource === 'undefined') return;
    setReceived([]);
    setAnnounced(null);
    setState('connecting');
    let newest: LiveObservation | null = null;
    const announce = () => {
      timer.current = null;
      lastAnnounced.current = Date.now();
      setAnnounced(newest);
    };
    const source = new EventSource(`/api/sta/datastreams/${id}/events`);
    source.onopen = () => setState('open');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    source.addEventListener('observation', (event) => {
      const observation = readObservationEvent((event as MessageEvent<string>).data);
      if (!observation) return;
      newest = observation;
      // At most the last thousand: a page left open for a day keeps a bounded memory.
      setReceived((all) => [...all.slice(-999), observation]);
      if (timer.current) return;
      const now = Date.now();
      const at = nextAnnouncementAt(lastAnnounced.current, now);
      if (at <= now) announce();
      else timer.current = setTimeout(announce, at - now);
    });
    return () => {
      source.close();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [id]);

  return { received, announced, state };
}
