import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ConnectionSetting, ConnectionSettings } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';

const FIELDS: Record<ConnectionSetting, { label: string; help: string }> = {
  WHATSAPP_PHONE_NUMBER_ID: {
    label: 'Phone number ID',
    help: 'WhatsApp Manager → API Setup: the ID of the business number (not the number itself).',
  },
  WHATSAPP_BUSINESS_ACCOUNT_ID: {
    label: 'WhatsApp Business Account ID',
    help: 'WhatsApp Manager → API Setup, above the phone number ID.',
  },
  WHATSAPP_APP_ID: {
    label: 'App ID',
    help: "App Dashboard → App settings → Basic. With the app secret, Pulse Desk points Meta's webhook at the tunnel by itself.",
  },
  WHATSAPP_DISPLAY_PHONE_NUMBER: {
    label: 'Display phone number',
    help: 'The business number, digits with country code (for wa.me links), e.g. 919800000000.',
  },
  OPENAI_BASE_URL: {
    label: 'Base URL',
    help: 'https://api.openai.com/v1, or the address of any OpenAI-compatible server.',
  },
  OPENAI_MODEL: {
    label: 'Model',
    help: 'Used by every bot that does not name its own model (Bots → edit → AI model).',
  },
};

const SOURCE_HINT = {
  environment: (name: string) =>
    `From the environment (${name}): change it where Pulse Desk is started, then restart.`,
  saved: () => 'Saved in Settings.',
  default: (name: string) =>
    name.startsWith('OPENAI_')
      ? 'The built-in default (an empty field returns to it).'
      : 'Not set yet.',
};

/**
 * The connection settings of one step, saved together. Values from the environment are shown
 * read-only; core checks the others with the configuration's own rules and answers per field.
 */
export function ConnectionFields({
  names,
  connection,
  onSaved,
  testId,
}: {
  names: ConnectionSetting[];
  connection: ConnectionSettings;
  onSaved: (next: ConnectionSettings) => void;
  testId: string;
}) {
  const { api } = useClient();
  const initial = () => Object.fromEntries(names.map((n) => [n, connection.settings[n].value]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const { busy, error, fields, run } = useCall();
  const [saved, setSaved] = useState(false);
  const editable = names.filter((n) => connection.settings[n].source !== 'environment');
  const changed = editable.filter((n) => (values[n] ?? '') !== connection.settings[n].value);

  const save = async () => {
    setSaved(false);
    await run(async () => {
      const next = await api.saveConnection(
        Object.fromEntries(changed.map((n) => [n, (values[n] ?? '').trim()])),
      );
      setValues(Object.fromEntries(names.map((n) => [n, next.settings[n].value])));
      setSaved(true);
      onSaved(next);
    });
  };

  return (
    <Stack
      component="form"
      spacing={2}
      noValidate
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        if (changed.length > 0) void save();
      }}
    >
      {names.map((n) => {
        const { source } = connection.settings[n];
        return (
          <TextField
            key={n}
            label={FIELDS[n].label}
            value={values[n] ?? ''}
            onChange={(e) => {
              setValues({ ...values, [n]: e.target.value });
              setSaved(false);
            }}
            disabled={source === 'environment' || busy}
            error={!!fields[n]}
            helperText={fields[n] ?? `${FIELDS[n].help} ${SOURCE_HINT[source](n)}`}
            data-testid={`connection-field-${n}`}
            data-source={source}
            slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
          />
        );
      })}
      {error && !error.fields ? <ErrorAlert error={error} /> : null}
      {saved ? (
        <Alert severity="success" data-testid={`${testId}-saved`}>
          Saved. Pulse Desk uses these settings from now on; no restart needed.
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button
          type="submit"
          variant="contained"
          disabled={busy || changed.length === 0}
          data-testid={`${testId}-save`}
        >
          {busy ? 'Saving…' : 'Save settings'}
        </Button>
        {editable.length === 0 ? (
          <Alert severity="info" sx={{ flex: 1 }}>
            All of these come from the environment, so there is nothing to change here.
          </Alert>
        ) : changed.length === 0 ? (
          <Typography color="text.secondary" variant="body2">
            Change a value to save it.
          </Typography>
        ) : null}
      </Stack>
    </Stack>
  );
}
