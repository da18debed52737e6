import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';
import type { Remote } from '../api/useRemote';
import { ErrorAlert } from './ErrorAlert';
import { LoadingState } from './LoadingState';

interface RemoteContentProps<T> {
  remote: Remote<T>;
  /** Shown instead of `children` when the data has nothing to show. */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  /** Keep showing the previous query's data while a new one loads (lists, pages). */
  keepStale?: boolean;
  loadingLabel?: string;
  children: (data: T) => ReactNode;
}

/** The three states every remote view has: loading, error (with Retry), empty, then the data. */
export function RemoteContent<T>({
  remote,
  empty,
  isEmpty,
  keepStale = true,
  loadingLabel,
  children,
}: RemoteContentProps<T>) {
  const { data, error, stale, reload } = remote;
  const usable = data !== undefined && (keepStale || !stale) ? data : undefined;
  const shownError = error && !stale ? error : undefined;
  if (usable === undefined) {
    if (shownError) return <ErrorAlert error={shownError} onRetry={reload} />;
    return <LoadingState label={loadingLabel} />;
  }
  const body = isEmpty?.(usable) && empty ? empty : children(usable);
  return (
    <Stack spacing={2} sx={{ minHeight: 0, flex: 1 }}>
      {shownError ? <ErrorAlert error={shownError} onRetry={reload} /> : null}
      {body}
    </Stack>
  );
}
