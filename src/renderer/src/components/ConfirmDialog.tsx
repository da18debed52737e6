import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';
import { useCall } from '../lib/useCall';
import { ErrorAlert } from './ErrorAlert';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Runs the action; the dialog closes when it resolves and shows the error when it throws. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  destructive?: boolean;
  testId?: string;
}

/** Asks before doing something that cannot be undone (a delete), and shows why it failed. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  destructive = true,
  testId,
}: ConfirmDialogProps) {
  const { busy, error, clear, run } = useCall();

  const close = () => {
    if (busy) return;
    clear();
    onClose();
  };

  const confirm = async () => {
    const done = await run(async () => {
      await onConfirm();
      return true;
    });
    if (done) onClose();
  };

  return (
    <Dialog open={open} onClose={close} maxWidth="xs" fullWidth data-testid={testId}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText component="div">{children}</DialogContentText>
          {error ? <ErrorAlert error={error} /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={destructive ? 'error' : 'primary'}
          onClick={() => void confirm()}
          disabled={busy}
          data-testid={testId ? `${testId}-confirm` : undefined}
        >
          {busy ? 'Working…' : confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
