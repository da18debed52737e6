import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { RestoreResult } from '../../../../shared/model';
import type { AppErrorData, Result } from '../../../../shared/result';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TransferProgress } from '../../components/TransferProgress';
import { downloadError, downloadFile, fileRoutesBase, formatBytes } from '../../lib/download';
import { formatCount } from '../../lib/format';

interface Progress {
  what: 'download' | 'upload' | 'restore';
  bytes: number;
  total: number | null;
}

const failed = (message: string): AppErrorData => ({ code: 'unavailable', message });

/** Uploads the file with progress (fetch cannot report upload progress; XHR can). */
function upload(
  file: File,
  onProgress: (sent: number, total: number) => void,
  onSent: () => void,
  signal: AbortSignal,
): Promise<Result<RestoreResult>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${fileRoutesBase()}/api/restore`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = onSent;
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText) as Result<RestoreResult>);
      } catch {
        resolve({ ok: false, error: failed(`The restore failed (HTTP ${xhr.status}).`) });
      }
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/**
 * Backup (a consistent copy of the data file, downloaded) and restore (upload a backup; core
 * checks it, keeps the current file, and swaps): through the admin listener in a browser, through
 * the shell in the desktop window.
 */
export function BackupPanel() {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  const [chosen, setChosen] = useState<File | null>(null);
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const reset = () => {
    setError(null);
    setDone(null);
    setRestored(null);
  };

  const download = async () => {
    const controller = new AbortController();
    abort.current = controller;
    reset();
    setProgress({ what: 'download', bytes: 0, total: null });
    try {
      const { name, bytes } = await downloadFile('/api/backup', {
        signal: controller.signal,
        onProgress: (bytes, total) => setProgress({ what: 'download', bytes, total }),
        fallbackName: 'pulse-desk-backup.sqlite',
        failure: 'The backup failed',
      });
      setDone(
        `Saved ${name} (${formatBytes(bytes)}). Keep it somewhere safe: it holds voter data.`,
      );
    } catch (err) {
      if (controller.signal.aborted) setDone('Backup cancelled.');
      else setError(downloadError(err, 'The backup download was interrupted. Try again.'));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const restore = async (file: File) => {
    const controller = new AbortController();
    abort.current = controller;
    reset();
    setProgress({ what: 'upload', bytes: 0, total: file.size });
    try {
      const result = await upload(
        file,
        (bytes, total) => setProgress({ what: 'upload', bytes, total }),
        () => setProgress({ what: 'restore', bytes: file.size, total: null }),
        controller.signal,
      );
      if (result.ok) setRestored(result.value);
      else setError(result.error);
    } catch {
      if (controller.signal.aborted) setDone('Restore cancelled before the file was sent.');
      else setError(failed('The upload was interrupted. Nothing was changed. Try again.'));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <Stack spacing={2} data-testid="backup-panel">
      <Typography variant="body2" color="text.secondary">
        A backup is a consistent copy of the whole data file (conversations, voters, bots, settings;
        not the secrets), taken while Pulse Desk keeps working.
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button
          variant="contained"
          startIcon={<DownloadOutlined />}
          onClick={() => void download()}
          disabled={busy}
          data-testid="backup-download"
        >
          Download backup
        </Button>
        <Button
          variant="outlined"
          color="warning"
          startIcon={<UploadFileOutlined />}
          onClick={() => fileInput.current?.click()}
          disabled={busy}
          data-testid="restore-choose"
        >
          Restore from a backup…
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".sqlite,.sqlite3,.db,application/vnd.sqlite3,application/x-sqlite3"
          hidden
          data-testid="restore-file"
          onChange={(e) => {
            setChosen(e.target.files?.[0] ?? null);
            e.target.value = '';
          }}
        />
      </Stack>
      {progress ? (
        <TransferProgress
          bytes={progress.bytes}
          total={progress.total}
          ariaLabel="Progress"
          label={
            progress.what === 'restore'
              ? 'Checking and swapping the data file…'
              : `${progress.what === 'download' ? 'Received' : 'Sent'} ${formatBytes(progress.bytes)}${progress.total ? ` of ${formatBytes(progress.total)}` : ''}`
          }
          {...(progress.what !== 'restore' ? { onCancel: () => abort.current?.abort() } : {})}
          testId={{ row: 'backup-progress', cancel: 'backup-cancel' }}
        />
      ) : null}
      {done ? (
        <Typography variant="body2" color="text.secondary" data-testid="backup-done">
          {done}
        </Typography>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      {restored ? (
        <Alert severity="success" data-testid="restore-result">
          <AlertTitle>Restored</AlertTitle>
          The data file now holds {formatCount(restored.counts.conversations)} conversations,{' '}
          {formatCount(restored.counts.messages)} messages and {formatCount(restored.counts.voters)}{' '}
          voters. The previous file is kept as <code>{restored.previousFile}</code>. Accounts and
          sign-ins are those of the backup: sign in again if asked.
        </Alert>
      ) : null}
      <ConfirmDialog
        open={chosen !== null}
        title="Replace all data with this backup?"
        confirmLabel="Restore"
        onClose={() => setChosen(null)}
        onConfirm={async () => {
          if (chosen) void restore(chosen);
        }}
        testId="restore-confirm"
      >
        This replaces all conversations, voters, bots and settings with those in{' '}
        <strong>{chosen?.name}</strong> ({formatBytes(chosen?.size ?? 0)}). Anything that arrived
        after that backup was made is no longer shown. The current data file is kept next to it
        (named <code>….before-restore</code>), and a file that is not a valid backup changes
        nothing.
      </ConfirmDialog>
    </Stack>
  );
}
