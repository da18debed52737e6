import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { toUiError } from '../lib/errors';

export interface Remote<T> {
  /** The latest data, possibly from a previous query while a new one loads. */
  data: T | undefined;
  /** The error of the latest finished request, if it failed. */
  error: AppErrorData | undefined;
  /** True while the current query or a reload has not answered yet. */
  loading: boolean;
  /** True when `data`/`error` belong to an earlier query (e.g. the previous page). */
  stale: boolean;
  /** Asks again (e.g. on a change event or a Refresh click). */
  reload: () => void;
}

interface Answer<T> {
  load: (() => Promise<T>) | null;
  version: number;
  data: T | undefined;
  error: AppErrorData | undefined;
}

/**
 * Runs `load` (keep it stable with useCallback; a new function means a new query) and keeps
 * the newest answer. Answers to a query that is no longer current are dropped; reloads of the
 * same query never cancel each other, so a burst of change events still shows fresh data.
 */
export function useRemote<T>(load: () => Promise<T>): Remote<T> {
  const [version, setVersion] = useState(0);
  const [answer, setAnswer] = useState<Answer<T>>({
    load: null,
    version: -1,
    data: undefined,
    error: undefined,
  });
  const current = useRef(load);

  useEffect(() => {
    current.current = load;
    const settle = (next: Pick<Answer<T>, 'data' | 'error'>) => {
      if (current.current !== load) return;
      setAnswer((prev) =>
        prev.load === load && prev.version > version
          ? prev
          : {
              load,
              version,
              // A failed reload keeps showing what this same query answered before.
              data: next.error ? (prev.load === load ? prev.data : undefined) : next.data,
              error: next.error,
            },
      );
    };
    load().then(
      (data) => settle({ data, error: undefined }),
      (err: unknown) => settle({ data: undefined, error: toUiError(err) }),
    );
  }, [load, version]);

  useEffect(
    () => () => {
      current.current = () => Promise.reject(new Error('unmounted'));
    },
    [],
  );

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const stale = answer.load !== load;
  const loading = stale || answer.version !== version;
  return { data: answer.data, error: answer.error, loading, stale, reload };
}
