import type { AppErrorData } from '../../../shared/result';

/**
 * Where the routes that move whole files (voter export, backup, restore) are: the admin
 * listener's own origin in a browser (the session cookie signs them in), the shell's
 * `pulse-api:` protocol in the desktop window (no cookie; the shell knows the window).
 */
export function fileRoutesBase(): string {
  return typeof window !== 'undefined' && window.pulse ? 'pulse-api://app' : '';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The `{error}` of a failed answer, or `fallback` with the status when it has none. */
export async function errorFrom(res: Response, fallback: string): Promise<AppErrorData> {
  try {
    const body = (await res.json()) as { error?: AppErrorData };
    if (body.error?.message) return body.error;
  } catch {
    // not JSON: fall through
  }
  return { code: 'unavailable', message: `${fallback} (HTTP ${res.status}).` };
}

/** What to show for a failed download: the answer's error, or that the transfer broke off. */
export function downloadError(err: unknown, interrupted: string): AppErrorData {
  return err && typeof err === 'object' && 'code' in err && 'message' in err
    ? (err as AppErrorData)
    : { code: 'unavailable', message: interrupted };
}

/** Saves a blob through a temporary object URL and a download link. */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface DownloadOptions {
  signal: AbortSignal;
  /** Bytes received so far, and the total when the answer says it. */
  onProgress: (bytes: number, total: number | null) => void;
  /** The file name when the answer names none. */
  fallbackName: string;
  /** Said in the error when the answer carries none: "The export failed". */
  failure: string;
}

/**
 * Fetches `path` from the file routes, reporting progress, and saves it as a download.
 * Resolves with the saved name and size; rejects with the answer's error data, or when aborted
 * (nothing is saved then).
 */
export async function downloadFile(
  path: string,
  { signal, onProgress, fallbackName, failure }: DownloadOptions,
): Promise<{ name: string; bytes: number }> {
  const res = await fetch(`${fileRoutesBase()}${path}`, {
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  if (!res.ok || !res.body) throw await errorFrom(res, failure);
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const reader = res.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    onProgress(bytes, total);
  }
  signal.throwIfAborted();
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  saveBlob(new Blob(chunks, { type: res.headers.get('content-type') ?? undefined }), name);
  return { name, bytes };
}
