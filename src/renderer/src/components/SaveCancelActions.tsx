import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';

/** The footer of every edit dialog: Cancel, and a primary save button that shows it is working. */
export function SaveCancelActions(props: {
  onCancel: () => void;
  onSave: () => void;
  busy: boolean;
  label: string;
  testId: string;
}) {
  return (
    <DialogActions>
      <Button onClick={props.onCancel} disabled={props.busy}>
        Cancel
      </Button>
      <Button
        variant="contained"
        onClick={props.onSave}
        disabled={props.busy}
        data-testid={props.testId}
      >
        {props.busy ? 'Saving…' : props.label}
      </Button>
    </DialogActions>
  );
}
