import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import type { AppErrorData } from '../../../shared/result';

const TITLES: Partial<Record<AppErrorData['code'], string>> = {
  unavailable: 'Pulse Desk is not reachable',
  unauthorized: 'Please sign in',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  invalid_input: 'Please check the input',
  internal: 'Something went wrong',
};

/** Shows an error's message (what happened and what to do), with an optional Retry. */
export function ErrorAlert({ error, onRetry }: { error: AppErrorData; onRetry?: () => void }) {
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{TITLES[error.code] ?? 'Error'}</AlertTitle>
      {error.message}
    </Alert>
  );
}
