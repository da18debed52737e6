import ScheduleOutlined from '@mui/icons-material/ScheduleOutlined';
import SendOutlined from '@mui/icons-material/SendOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { methods } from '../../../../shared/contract';
import type { MessageTemplate } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { hrefFor } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatTimeLeft } from '../../lib/format';
import { fillTemplate, placeholderCount } from '../../lib/templates';
import { useCall } from '../../lib/useCall';
import { useNow } from '../../lib/useNow';
import { validate } from '../../lib/validation';

interface ComposerProps {
  conversationId: string;
  windowClosesAt: string | null;
  /** Set when someone else holds the conversation: nothing can be sent. */
  blockedReason: string | null;
  onSent: () => void;
}

/**
 * Replying: free text while WhatsApp's 24-hour customer-service window is open, an approved
 * template once it has closed.
 */
export function Composer({ conversationId, windowClosesAt, blockedReason, onSent }: ComposerProps) {
  const now = useNow(60_000);
  const left = formatTimeLeft(windowClosesAt, now);
  return (
    <Box sx={{ borderTop: 1, borderColor: 'divider', p: 1.5, flexShrink: 0 }}>
      <Stack
        direction="row"
        spacing={0.75}
        sx={{ alignItems: 'center', mb: 1, color: left ? 'text.secondary' : 'warning.main' }}
      >
        <ScheduleOutlined sx={{ fontSize: 16 }} />
        <Typography variant="caption" data-testid="window-left" data-open={left ? 'true' : 'false'}>
          {left
            ? `Window closes in ${left}`
            : 'The 24-hour window is closed: only an approved template can be sent until the voter writes again.'}
        </Typography>
      </Stack>
      {blockedReason ? (
        <Alert severity="info" sx={{ mb: 1 }} data-testid="composer-blocked">
          {blockedReason}
        </Alert>
      ) : null}
      {left ? (
        <ReplyBox conversationId={conversationId} disabled={!!blockedReason} onSent={onSent} />
      ) : (
        <TemplatePicker
          conversationId={conversationId}
          disabled={!!blockedReason}
          onSent={onSent}
        />
      )}
    </Box>
  );
}

function ReplyBox({
  conversationId,
  disabled,
  onSent,
}: {
  conversationId: string;
  disabled: boolean;
  onSent: () => void;
}) {
  const { api } = useClient();
  const [text, setText] = useState('');
  const { busy, error, fields, setFields, run } = useCall();
  // The conversation is not typed in, so a field error is shown under the text.
  const fieldError = fields.text ?? null;

  const send = async () => {
    if (busy || disabled) return;
    const parsed = validate(methods.sendReply.input, { conversationId, text });
    if (!parsed.ok) {
      const first = parsed.fields.text ?? Object.values(parsed.fields)[0];
      setFields(first ? { text: first } : {});
      return;
    }
    await run(async () => {
      await api.sendReply(parsed.value);
      setText('');
      onSent();
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an input method's
    // composition (Tamil, Hindi keyboards) must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <Stack spacing={1}>
      {error ? <ErrorAlert error={error} /> : null}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-end' }}>
        <TextField
          data-testid="composer-input"
          multiline
          minRows={1}
          maxRows={8}
          fullWidth
          size="small"
          placeholder={
            disabled
              ? 'You cannot reply now'
              : 'Write a reply… (Enter sends, Shift+Enter for a new line)'
          }
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (fieldError) setFields({});
          }}
          onKeyDown={onKeyDown}
          disabled={disabled}
          error={!!fieldError}
          helperText={fieldError ?? undefined}
          slotProps={{
            htmlInput: {
              'aria-label': 'Reply',
              maxLength: 4096,
            },
          }}
        />
        <Button
          variant="contained"
          endIcon={<SendOutlined />}
          onClick={() => void send()}
          disabled={disabled || busy || !text.trim()}
          data-testid="composer-send"
          sx={{ flexShrink: 0, height: 40 }}
        >
          {busy ? 'Sending…' : 'Send'}
        </Button>
      </Stack>
    </Stack>
  );
}

function TemplatePicker({
  conversationId,
  disabled,
  onSent,
}: {
  conversationId: string;
  disabled: boolean;
  onSent: () => void;
}) {
  const { api } = useClient();
  const templates = useRemote(useCallback(() => api.listTemplates({}), [api]));
  const [templateId, setTemplateId] = useState('');
  const [params, setParams] = useState<string[]>([]);
  const { busy, error, fields, setFields, clear, run } = useCall();

  const list = templates.data ?? [];
  const chosen: MessageTemplate | undefined = list.find((t) => t.id === templateId);
  const count = chosen ? placeholderCount(chosen.body) : 0;

  const choose = (id: string) => {
    setTemplateId(id);
    const t = list.find((x) => x.id === id);
    setParams(Array.from({ length: t ? placeholderCount(t.body) : 0 }, () => ''));
    clear();
  };

  const send = async () => {
    if (!chosen || busy || disabled) return;
    const parsed = validate(methods.sendTemplate.input, {
      conversationId,
      templateId: chosen.id,
      params: params.slice(0, count),
    });
    if (!parsed.ok) {
      setFields(parsed.fields);
      return;
    }
    await run(async () => {
      await api.sendTemplate(parsed.value);
      choose('');
      onSent();
    });
  };

  if (templates.error && !templates.data) {
    return <ErrorAlert error={templates.error} onRetry={templates.reload} />;
  }
  if (templates.data && list.length === 0) {
    return (
      <Alert severity="warning" data-testid="template-picker" data-empty="true">
        There are no approved templates, so nothing can be sent until the voter writes again. An
        admin must add approved templates in{' '}
        <Link href={hrefFor('bots', 'templates')}>Bots → Templates</Link>.
      </Alert>
    );
  }
  return (
    <Stack spacing={1} data-testid="template-picker">
      {error ? <ErrorAlert error={error} /> : null}
      <TextField
        data-testid="template-select"
        select
        size="small"
        label="Approved template"
        value={templateId}
        onChange={(e) => choose(e.target.value)}
        disabled={disabled || !templates.data}
        helperText={templates.data ? undefined : 'Loading templates…'}
      >
        {list.map((t) => (
          <MenuItem key={t.id} value={t.id}>
            {t.name} · {t.language} · {t.category}
          </MenuItem>
        ))}
      </TextField>
      {chosen ? (
        <>
          {params.map((p, i) => (
            <TextField
              data-testid={`template-param-${i + 1}`}
              key={i}
              size="small"
              label={`{{${i + 1}}}`}
              value={p}
              onChange={(e) => {
                const next = [...params];
                next[i] = e.target.value;
                setParams(next);
              }}
              disabled={disabled}
              error={!!fields[`params.${i}`]}
              helperText={fields[`params.${i}`]}
              slotProps={{
                htmlInput: { maxLength: 500 },
              }}
            />
          ))}
          <Box
            sx={{ p: 1, borderRadius: 1, bgcolor: 'action.hover', whiteSpace: 'pre-wrap' }}
            data-testid="template-preview"
          >
            <Typography variant="caption" color="text.secondary" component="div">
              The voter will read
            </Typography>
            <Typography variant="body2">{fillTemplate(chosen.body, params)}</Typography>
          </Box>
          {fields.params || fields.templateId ? (
            <Typography variant="caption" color="error">
              {fields.params ?? fields.templateId}
            </Typography>
          ) : null}
          <Button
            variant="contained"
            endIcon={<SendOutlined />}
            onClick={() => void send()}
            disabled={disabled || busy}
            data-testid="template-send"
            sx={{ alignSelf: 'flex-end' }}
          >
            {busy ? 'Sending…' : 'Send template'}
          </Button>
        </>
      ) : null}
    </Stack>
  );
}
