import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { Language } from '../../../../shared/model';
import type { AppErrorData } from '../../../../shared/result';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TransferProgress } from '../../components/TransferProgress';
import { downloadError, downloadFile, formatBytes } from '../../lib/download';

type Format = 'csv' | 'xlsx' | 'json';
const FORMATS: Format[] = ['csv', 'xlsx', 'json'];

interface Progress {
  format: Format;
  bytes: number;
  /** From content-length or a total-rows header when the server sends one. */
  totalBytes: number | null;
}

/**
 * Export of the voters matching the current filters (CSV, XLSX, JSON), streamed with progress
 * and Cancel: from the admin listener in a browser, through the shell in the desktop window.
 */
export function VoterExport({ search, language }: { search: string; language: Language | '' }) {
  const [maskPhones, setMaskPhones] = useState(true);
  const [includeOptedOut, setIncludeOptedOut] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

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
      const { name, bytes } = await downloadFile(
        `/api/export/voters.${format}?${params.toString()}`,
        {
          signal: controller.signal,
          onProgress: (bytes, totalBytes) => setProgress({ format, bytes, totalBytes }),
          fallbackName: `voters.${format}`,
          failure: 'The export failed',
        },
      );
      setDone(`Saved ${name} (${formatBytes(bytes)}).`);
    } catch (err) {
      if (controller.signal.aborted) setDone('Export cancelled.');
      else setError(downloadError(err, 'The export was interrupted. Try again.'));
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
        <Box sx={{ mt: 1 }}>
          <TransferProgress
            bytes={progress.bytes}
            total={progress.totalBytes}
            ariaLabel="Export progress"
            label={`${progress.format.toUpperCase()}: ${formatBytes(progress.bytes)}${progress.totalBytes ? ` of ${formatBytes(progress.totalBytes)}` : ' received'}`}
            onCancel={() => abort.current?.abort()}
            testId={{ row: 'export-progress', cancel: 'export-cancel' }}
          />
        </Box>
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
