import { useEffect } from 'react';

/**
 * Calls `refresh` every `ms` while `active`, each time after the previous answer came (so a slow
 * server is never asked twice at once), and stops when `active` turns false or the page goes.
 */
export function usePolling(active: boolean, refresh: () => Promise<unknown>, ms = 1000) {
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      await refresh();
      if (!stopped) timer = setTimeout(() => void tick(), ms);
    };
    timer = setTimeout(() => void tick(), ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, refresh, ms]);
}
