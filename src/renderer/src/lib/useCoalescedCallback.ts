import { useCallback, useEffect, useRef } from 'react';

/**
 * `fn`, run at most once per `ms`: calls during the wait are folded into the one already
 * scheduled (so a burst of change events costs one refresh, and a steady stream still refreshes
 * every `ms` instead of never).
 */
export function useCoalescedCallback(fn: () => void, ms = 250): () => void {
  const latest = useRef(fn);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    latest.current = fn;
  }, [fn]);
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      timer.current = undefined;
    },
    [],
  );
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  }, [ms]);
}
