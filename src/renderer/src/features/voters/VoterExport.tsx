import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { Language } from '../../../../shared/model';
import type { AppErrorData } from '../../../../shared/result';
import { ErrorAlert } from '../../components/ErrorAlert';

type Format = 'csv' | 'xlsx' | 'json';
const FORMATS: Format[] = ['csv', 'xlsx', 'json'];

interface Progress {
  format: Format;
  bytes: number;
  /** From content-length or a total-rows header when the server sends one. */
  totalBytes: number | null;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function fileNameFrom(disposition: string | null, format: Format): string {
  const m = /filename="([^"]+)"/.exec(disposition ?? '');
  return m?.[1] ?? `voters.${format}`;
}

async function errorFrom(res: Response): Promise<AppErrorData> {
  try {
    const body = (await res.json()) as { error?: AppErrorData };
    if (body.error?.message) return body.error;
  } catch {
    // not JSON: fall through
  }
  return { code: 'internal', message: `The export failed (HTTP ${res.status}).` };
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

/**
 * Export of the voters matching the current filters (CSV, XLSX, JSON), streamed from the
 * admin listener with progress and Cancel. The desktop window has no HTTP session, so there
 * it points to the browser UI instead.
 */
export function VoterExport({ search, language }: { search: string; language: Language | '' }) {
  const [maskPhones, setMaskPhones] = useState(true);
  const [includeOptedOut, setIncludeOptedOut] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  if (window.pulse) {
    return (
      <Alert severity="info" data-testid="export-desktop">
        Voter export (CSV, Excel, JSON) is available from the browser UI: open the admin
        listener&apos;s address shown in Settings and sign in as an admin.
      </Alert>
    );
  }

  const run = async (format: Format) => {
    const params = new URLSearchParams();
    if (search) params.set('search', search);
    if (language) params.set('language', language);
    if (maskPhones) params.set('mask_phones', '1');
    if (includeOptedOut) params.set('include_opted_out', '1');
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setDone(null);
    setProgress({ format, bytes: 0, totalBytes: null });
    try {
      const res = await fetch(`/api/export/voters.${format}?${params.toString()}`, {
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!res.ok || !res.body) throw await errorFrom(res);
      const length = Number(res.headers.get('content-length'));
      const totalBytes = Number.isFinite(length) && length > 0 ? length : null;
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        chunks.push(value);
        bytes += value.byteLength;
        setProgress({ format, bytes, totalBytes });
      }
      const name = fileNameFrom(res.headers.get('content-disposition'), format);
      saveBlob(new Blob(chunks, { type: res.headers.get('content-type') ?? undefined }), name);
      setDone(`Saved ${name} (${formatBytes(bytes)}).`);
    } catch (err) {
      if (controller.signal.aborted) setDone('Export cancelled.');
      else if (err && typeof err === 'object' && 'code' in err) setError(err as AppErrorData);
      else setError({ code: 'unavailable', message: 'The export was interrupted. Try again.' });
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="voter-export">
      <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
        <Typography variant="subtitle2" sx={{ mr: 1 }}>
          Export these voters
        </Typography>
        {FORMATS.map((f) => (
          <Button
            key={f}
            size="small"
            variant="outlined"
            startIcon={<DownloadOutlined />}
            disabled={progress !== null}
            onClick={() => void run(f)}
            data-testid={`export-${f}`}
          >
            {f.toUpperCase()}
          </Button>
        ))}
        <FormControlLabel
          control={
            <Checkbox
              size="small"
              checked={maskPhones}
              onChange={(e) => setMaskPhones(e.target.checked)}
            />
          }
          label="Mask phone numbers"
        />
        <FormControlLabel
          control={
            <Checkbox
              size="small"
              checked={includeOptedOut}
              onChange={(e) => setIncludeOptedOut(e.target.checked)}
            />
          }
          label="Include opted-out voters"
        />
      </Stack>
      {progress ? (
        <Stack
          direction="row"
          spacing={1.5}
          sx={{ alignItems: 'center', mt: 1 }}
          data-testid="export-progress"
        >
          <LinearProgress
            sx={{ flex: 1 }}
            variant={progress.totalBytes ? 'determinate' : 'indeterminate'}
            value={progress.totalBytes ? (progress.bytes / progress.totalBytes) * 100 : undefined}
            aria-label="Export progress"
          />
          <Typography variant="body2" color="text.secondary" sx={{ minWidth: 140 }}>
            {progress.format.toUpperCase()}: {formatBytes(progress.bytes)}
            {progress.totalBytes ? ` of ${formatBytes(progress.totalBytes)}` : ' received'}
          </Typography>
          <Button size="small" onClick={() => abort.current?.abort()} data-testid="export-cancel">
            Cancel
          </Button>
        </Stack>
      ) : null}
      {done ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="export-done">
          {done}
        </Typography>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
    </Paper>
  );
}
