import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { toUiError } from './errors';
import type { FieldErrors } from './validation';

export interface Call {
  /** True while a `run` is under way. */
  busy: boolean;
  /** Why the last `run` failed (or what the caller set), null when there is nothing to show. */
  error: AppErrorData | null;
  /** The message per input: the server's `error.fields`, or what the caller set. */
  fields: FieldErrors;
  /** For what the form finds itself (e.g. a local check that fails before anything is sent). */
  setError: (error: AppErrorData | null) => void;
  setFields: (fields: FieldErrors) => void;
  /** Forgets the error and the field errors. */
  clear: () => void;
  /**
   * Clears, shows busy and awaits `fn`. Resolves to what `fn` returned, or to undefined after
   * showing why it threw (never rejects). `toFields` places the server's field errors, if the
   * form keys its inputs differently.
   */
  run: <T>(
    fn: () => Promise<T>,
    options?: { toFields?: (server: FieldErrors) => FieldErrors },
  ) => Promise<T | undefined>;
}

/** One call to core at a time from a form or a button: its busy state, its error, its field errors. */
export function useCall(): Call {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  // A form often closes itself on success (onSaved), so the answer can land after unmount.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const clear = useCallback(() => {
    setError(null);
    setFields({});
  }, []);

  const run = useCallback(
    async <T>(
      fn: () => Promise<T>,
      options?: { toFields?: (server: FieldErrors) => FieldErrors },
    ): Promise<T | undefined> => {
      setError(null);
      setFields({});
      setBusy(true);
      try {
        return await fn();
      } catch (err) {
        if (!mounted.current) return undefined;
        const e = toUiError(err);
        setError(e);
        const server = e.fields ?? {};
        setFields(options?.toFields ? options.toFields(server) : server);
        return undefined;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [],
  );

  return { busy, error, fields, setError, setFields, clear, run };
}
