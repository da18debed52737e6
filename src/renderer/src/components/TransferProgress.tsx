import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/**
 * A file moving (an export, a backup, an upload): a bar (determinate when the size is known),
 * what has moved so far, and Cancel when it can be stopped.
 */
export function TransferProgress({
  bytes,
  total,
  label,
  ariaLabel,
  onCancel,
  testId,
}: {
  bytes: number;
  total: number | null;
  label: string;
  ariaLabel: string;
  /** Absent when the step cannot be stopped any more. */
  onCancel?: () => void;
  /** Test ids of the row and of its Cancel button. */
  testId: { row: string; cancel: string };
}) {
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }} data-testid={testId.row}>
      <LinearProgress
        sx={{ flex: 1 }}
        variant={total ? 'determinate' : 'indeterminate'}
        value={total ? (bytes / total) * 100 : undefined}
        aria-label={ariaLabel}
      />
      <Typography variant="body2" color="text.secondary" sx={{ minWidth: 160 }}>
        {label}
      </Typography>
      {onCancel ? (
        <Button size="small" onClick={onCancel} data-testid={testId.cancel}>
          Cancel
        </Button>
      ) : null}
    </Stack>
  );
}
