import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';

/**
 * Every edit dialog: a titled form (Enter in a single-line field submits it), Cancel, and a
 * primary save button that shows it is working. It cannot be closed while saving. When a save
 * comes back refused, focus goes to the first field in error (the save button was disabled
 * meanwhile, which dropped focus out of the dialog, and with it Escape and Tab).
 */
export function FormDialog(props: {
  title: ReactNode;
  testId: string;
  busy: boolean;
  onClose: () => void;
  onSave: () => void;
  saveLabel: string;
  busyLabel?: string;
  saveTestId: string;
  maxWidth?: 'sm' | 'md';
  spacing?: number;
  children: ReactNode;
}) {
  const titleId = useId();
  const content = useRef<HTMLDivElement>(null);
  const wasBusy = useRef(props.busy);
  useEffect(() => {
    const saved = wasBusy.current && !props.busy;
    wasBusy.current = props.busy;
    const box = content.current;
    if (!saved || !box || box.contains(document.activeElement)) return;
    const field =
      box.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      box.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select');
    field?.focus();
  }, [props.busy]);
  return (
    <Dialog
      open
      onClose={props.busy ? undefined : props.onClose}
      maxWidth={props.maxWidth ?? 'sm'}
      fullWidth
      scroll="paper"
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent dividers data-testid={props.testId} ref={content}>
        <Stack
          component="form"
          spacing={props.spacing ?? 2}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            props.onSave();
          }}
        >
          {props.children}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={props.busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          onClick={props.onSave}
          disabled={props.busy}
          data-testid={props.saveTestId}
        >
          {props.busy ? (props.busyLabel ?? 'Saving…') : props.saveLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
