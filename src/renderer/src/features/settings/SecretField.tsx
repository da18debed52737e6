import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { methods } from '../../../../shared/contract';
import type { ConnectionSettings, ManagedSecret, SecretState } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { validate } from '../../lib/validation';

/** Where a secret comes from, never its value: the chip every secret row shows. */
export function SecretChip({ state, testId }: { state: SecretState; testId: string }) {
  const label =
    state.source === 'environment'
      ? 'From the environment'
      : state.source === 'stored'
        ? `Stored${state.hint ? ` (ends in ${state.hint})` : ''}`
        : 'Not set';
  return (
    <Chip
      size="small"
      icon={state.source === 'missing' ? <ErrorOutlineOutlined /> : <CheckCircleOutlined />}
      color={state.source === 'missing' ? 'warning' : 'success'}
      label={label}
      data-testid={testId}
      data-source={state.source}
    />
  );
}

/**
 * One secret: set, replace or clear it. The value goes to core once and is never shown again;
 * one from the environment cannot be changed here.
 */
export function SecretField({
  name,
  label,
  help,
  connection,
  onSaved,
}: {
  name: ManagedSecret;
  label: string;
  help: string;
  connection: ConnectionSettings;
  onSaved: (next: ConnectionSettings) => void;
}) {
  const { api } = useClient();
  const state = connection.secrets[name];
  const [draft, setDraft] = useState('');
  const { busy, error, fields, setFields, run } = useCall();
  const fieldError = fields.value ?? null;
  const [confirmClear, setConfirmClear] = useState(false);
  const where =
    connection.secretStorage === 'keychain'
      ? 'encrypted with the OS keychain'
      : 'in secrets.json in the data folder, readable only by this user';

  const save = async () => {
    const parsed = validate(methods.setSecret.input, { name, value: draft });
    if (!parsed.ok) {
      setFields({ value: parsed.fields.value ?? 'Check the value.' });
      return;
    }
    await run(async () => {
      const next = await api.setSecret(parsed.value);
      setDraft('');
      onSaved(next);
    });
  };

  return (
    <Stack spacing={1} data-testid={`secret-${name}`}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle2" sx={{ flex: 1 }}>
          {label}{' '}
          <Typography component="span" variant="caption" color="text.secondary">
            ({name})
          </Typography>
        </Typography>
        <SecretChip state={state} testId={`secret-${name}-state`} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {help}
      </Typography>
      {state.source === 'environment' ? (
        <Typography variant="body2" data-testid={`secret-${name}-locked`}>
          Set in the environment where Pulse Desk is started, so it cannot be changed here: change
          it there and restart.
        </Typography>
      ) : (
        <Stack
          component="form"
          direction={{ xs: 'column', sm: 'row' }}
          spacing={1}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) void save();
          }}
        >
          <TextField
            size="small"
            type="password"
            autoComplete="off"
            label={state.source === 'stored' ? `New ${label.toLowerCase()}` : label}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            disabled={busy}
            error={!!fieldError}
            helperText={
              fieldError ??
              (draft.trim()
                ? `Saved ${where}; never shown again.`
                : `Paste the value to ${state.source === 'stored' ? 'replace it' : 'save it'}.`)
            }
            sx={{ flex: 1 }}
            data-testid={`secret-${name}-input`}
          />
          <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <Button
              type="submit"
              variant="contained"
              disabled={busy || !draft.trim()}
              data-testid={`secret-${name}-save`}
            >
              {busy ? 'Saving…' : state.source === 'stored' ? 'Replace' : 'Save'}
            </Button>
            <Button
              color="error"
              disabled={busy || state.source !== 'stored'}
              onClick={() => setConfirmClear(true)}
              title={state.source === 'stored' ? undefined : 'Nothing stored to clear'}
              data-testid={`secret-${name}-clear`}
            >
              Clear
            </Button>
          </Stack>
        </Stack>
      )}
      {error && !error.fields ? <ErrorAlert error={error} /> : null}
      <ConfirmDialog
        open={confirmClear}
        title={`Clear ${label.toLowerCase()}?`}
        confirmLabel="Clear"
        onClose={() => setConfirmClear(false)}
        onConfirm={async () => onSaved(await api.setSecret({ name, value: null }))}
        testId={`secret-${name}-clear-dialog`}
      >
        Pulse Desk forgets the stored value at once. What needs it stops working until a new one is
        saved.
      </ConfirmDialog>
    </Stack>
  );
}
