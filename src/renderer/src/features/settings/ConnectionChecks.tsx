import SendOutlined from '@mui/icons-material/SendOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { methods } from '../../../../shared/contract';
import type { OpenAiCheck, TestMessageResult } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { validate } from '../../lib/validation';

/** Sends a real WhatsApp message through the outbox and shows what Meta answered. */
export function TestMessageCheck({
  missing,
  onResult,
}: {
  /** Why sending cannot work yet (null when it can). */
  missing: string | null;
  onResult: (ok: boolean) => void;
}) {
  const { api } = useClient();
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<'template' | 'text'>('template');
  const [text, setText] = useState('');
  const { busy, error, fields, setFields, run } = useCall();
  const [result, setResult] = useState<TestMessageResult | null>(null);

  const send = async () => {
    const parsed = validate(methods.sendTestMessage.input, {
      to: to.replace(/[\s+()-]/g, ''),
      kind,
      ...(kind === 'text' ? { text } : {}),
    });
    if (!parsed.ok) {
      setFields(parsed.fields);
      return;
    }
    setResult(null);
    await run(async () => {
      const r = await api.sendTestMessage(parsed.value);
      setResult(r);
      onResult(r.ok);
    });
  };

  return (
    <Stack
      component="form"
      spacing={2}
      noValidate
      data-testid="test-message"
      onSubmit={(e) => {
        e.preventDefault();
        if (!missing && !busy) void send();
      }}
    >
      <Typography variant="subtitle1">Send a test message</Typography>
      <Typography variant="body2" color="text.secondary">
        Goes out exactly as a reply does (outbox, then Meta). Meta delivers free-form text only
        within 24 hours of the person&apos;s last message to this number, so the approved{' '}
        <code>hello_world</code> template is the reliable test.
      </Typography>
      <TextField
        label="Send to"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        error={!!fields.to}
        helperText={fields.to ?? 'A WhatsApp number with country code, e.g. 919800000001.'}
        data-testid="test-message-to"
        slotProps={{ htmlInput: { inputMode: 'tel', autoComplete: 'off' } }}
      />
      <RadioGroup
        row
        value={kind}
        onChange={(e) => setKind(e.target.value as 'template' | 'text')}
        aria-label="What to send"
      >
        <FormControlLabel
          value="template"
          control={<Radio />}
          label="Template hello_world (en_US)"
        />
        <FormControlLabel value="text" control={<Radio />} label="Text" />
      </RadioGroup>
      {kind === 'text' ? (
        <TextField
          label="Text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={!!fields.text}
          helperText={fields.text ?? 'Only delivered inside the 24-hour window.'}
          data-testid="test-message-text"
        />
      ) : null}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button
          type="submit"
          variant="contained"
          disabled={busy || missing !== null}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : <SendOutlined />}
          data-testid="test-message-send"
        >
          {busy ? 'Waiting for Meta…' : 'Send test'}
        </Button>
        {missing ? (
          <Typography variant="body2" color="text.secondary">
            {missing}
          </Typography>
        ) : null}
      </Stack>
      {error && !error.fields ? <ErrorAlert error={error} /> : null}
      {result ? (
        <Alert
          severity={result.ok ? 'success' : 'error'}
          data-testid="test-message-result"
          data-ok={String(result.ok)}
        >
          {result.ok ? (
            <>
              <AlertTitle>Meta accepted the message</AlertTitle>
              Sent to {result.to}. Message id: <code>{result.wamid}</code>. It should arrive on the
              phone in a few seconds.
            </>
          ) : (
            <>
              <AlertTitle>
                Not sent{result.code !== null ? ` (Meta error ${result.code})` : ''}
              </AlertTitle>
              {result.message}
            </>
          )}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** One minimal call to the configured OpenAI-compatible server with the stored key. */
export function OpenAiCheckButton({ onResult }: { onResult: (ok: boolean) => void }) {
  const { api } = useClient();
  const [result, setResult] = useState<OpenAiCheck | null>(null);
  const { busy, error, run } = useCall();

  const check = async () => {
    setResult(null);
    await run(async () => {
      const r = await api.checkOpenAi({});
      setResult(r);
      onResult(r.ok);
    });
  };

  return (
    <Stack spacing={1.5} data-testid="openai-check">
      <Typography variant="subtitle1">Check OpenAI</Typography>
      <Typography variant="body2" color="text.secondary">
        One short request to the configured server, model and key (a few tokens).
      </Typography>
      <div>
        <Button
          variant="outlined"
          onClick={() => void check()}
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
          data-testid="openai-check-run"
        >
          {busy ? 'Checking…' : 'Check OpenAI'}
        </Button>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      {result ? (
        <Alert
          severity={result.ok ? 'success' : 'error'}
          data-testid="openai-check-result"
          data-ok={String(result.ok)}
        >
          {result.ok
            ? `${result.model} answered from ${result.baseUrl} in ${result.latencyMs} ms.`
            : `${result.model} at ${result.baseUrl}: ${result.message}`}
        </Alert>
      ) : null}
    </Stack>
  );
}
