import BlockOutlined from '@mui/icons-material/BlockOutlined';
import SendRounded from '@mui/icons-material/SendRounded';
import SmartToyOutlined from '@mui/icons-material/SmartToyOutlined';
import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { parseInput } from '../../../../shared/contract';
import type { MethodInput } from '../../../../shared/contract';
import type { DeliveryStatus, Message, TestPhoneThread } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { hrefFor } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { useCall } from '../../lib/useCall';
import { useCoalescedCallback } from '../../lib/useCoalescedCallback';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { DeliveryTicks } from '../../components/DeliveryTicks';
import { PhoneMessage } from './PhoneMessage';

const DEFAULT_PHONE = '919800000100';
/** The contract's rule for a number; checked here only to avoid asking with a half-typed one. */
const PHONE_PATTERN = /^\d{8,15}$/;
const FIELDS = ['phone', 'name', 'text'] as const;
type FieldName = (typeof FIELDS)[number];

/** Writes to the desk as a voter would from WhatsApp, and shows the replies as their phone does. */
export function TestPhonePage() {
  const { api } = useClient();
  const [phone, setPhone] = useState(DEFAULT_PHONE);
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  // Field errors stay inside `error` here (a local check gives one too), so each input can drop its own.
  const { busy: sending, error, setError, run } = useCall();

  const shownPhone = useDebouncedValue(phone.trim(), 400);
  const threadPhone = PHONE_PATTERN.test(shownPhone) ? shownPhone : null;
  const thread = useRemote(
    useCallback(
      (): Promise<TestPhoneThread | null> =>
        threadPhone ? api.testPhoneThread({ phone: threadPhone }) : Promise.resolve(null),
      [api, threadPhone],
    ),
  );
  // Replies and their ticks arrive as change events, often several at once: one refresh each burst.
  const refresh = useCoalescedCallback(thread.reload, 250);
  useEvent('messageChanged', refresh);
  useEvent('conversationChanged', refresh);

  const fieldErrors = error?.fields ?? {};
  const unmatched = error && !FIELDS.some((k) => fieldErrors[k]);

  const clearFieldError = (field: FieldName) => {
    if (!error?.fields?.[field]) return;
    const rest = { ...error.fields };
    delete rest[field];
    setError(Object.keys(rest).length ? { ...error, fields: rest } : null);
  };

  const send = async () => {
    if (sending) return;
    const input: MethodInput<'testPhoneSend'> = { phone: phone.trim(), text };
    if (name.trim()) input.name = name.trim();
    // Same schema as the server, so mistakes show at once; the server still checks.
    const local = parseInput('testPhoneSend', input);
    if (!local.ok) {
      setError(local.error);
      return;
    }
    await run(async () => {
      await api.testPhoneSend(input);
      setText('');
      thread.reload();
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  const onComposerKey = (e: KeyboardEvent<HTMLDivElement>) => {
    // Enter sends, Shift+Enter is a new line; never while an input method is composing a word.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const data = thread.data && !thread.stale ? thread.data : null;

  return (
    <PageLayout
      id="test-phone"
      title="Test phone"
      subtitle="Write to the desk as a voter would from WhatsApp. Messages take the same path as real ones, and replies come back with their delivery ticks."
    >
      <Box sx={{ display: 'flex', gap: 3, flex: 1, minHeight: 0, alignItems: 'stretch' }}>
        <Paper
          variant="outlined"
          data-testid="test-phone"
          sx={{
            width: { xs: '100%', sm: 420 },
            flexShrink: 0,
            minHeight: 520,
            display: 'flex',
            flexDirection: 'column',
            overflow: 'hidden',
            borderRadius: 4,
          }}
        >
          <Stack
            direction="row"
            spacing={1.5}
            sx={{ alignItems: 'center', px: 2, py: 1.25, bgcolor: 'primary.main' }}
          >
            <Avatar sx={{ bgcolor: 'primary.contrastText', color: 'primary.main' }}>
              <SmartToyOutlined />
            </Avatar>
            <Box sx={{ minWidth: 0, color: 'primary.contrastText' }}>
              <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 700 }}>
                Pulse Desk
              </Typography>
              <Typography variant="caption" component="div" noWrap>
                {threadPhone ? `Chat on +${threadPhone}` : 'Enter a number to open its chat'}
              </Typography>
            </Box>
          </Stack>

          <Stack
            direction="row"
            spacing={1}
            sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider', alignItems: 'flex-start' }}
          >
            <TextField
              label="Number"
              size="small"
              value={phone}
              onChange={(e) => {
                setPhone(e.target.value);
                clearFieldError('phone');
              }}
              error={Boolean(fieldErrors.phone)}
              helperText={fieldErrors.phone ?? 'Digits with country code'}
              sx={{ flex: 3 }}
              slotProps={{
                htmlInput: {
                  inputMode: 'numeric',
                  autoComplete: 'off',
                  'data-testid': 'test-phone-number',
                },
              }}
            />
            <TextField
              label="Name"
              size="small"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                clearFieldError('name');
              }}
              error={Boolean(fieldErrors.name)}
              helperText={fieldErrors.name ?? 'Optional'}
              sx={{ flex: 2 }}
              slotProps={{ htmlInput: { maxLength: 60, 'data-testid': 'test-phone-name' } }}
            />
          </Stack>

          <Box sx={{ height: 3, flexShrink: 0 }}>
            {thread.loading && data ? <LinearProgress aria-label="Refreshing the chat" /> : null}
          </Box>
          <Box
            role="log"
            aria-label="Chat"
            data-testid="test-phone-thread"
            sx={(t) => ({
              flex: 1,
              minHeight: 0,
              overflow: 'auto',
              px: 1.5,
              py: 1,
              bgcolor: t.palette.mode === 'dark' ? '#0b141a' : '#efeae2',
            })}
          >
            {threadPhone === null ? (
              <ChatHint>
                Enter the number with its country code, digits only (8 to 15), to open its chat.
              </ChatHint>
            ) : (
              <RemoteContent remote={thread} keepStale={false} loadingLabel="Opening the chat…">
                {(th) =>
                  th === null || th.messages.length === 0 ? (
                    <ChatHint>
                      No messages from this number yet. Say hello in any language below: தமிழ்,
                      हिन्दी, తెలుగు or English.
                    </ChatHint>
                  ) : (
                    <ThreadView messages={th.messages} />
                  )
                }
              </RemoteContent>
            )}
          </Box>

          {data?.optedOut ? (
            <Alert
              severity="warning"
              icon={<BlockOutlined />}
              data-testid="test-phone-opted-out"
              sx={{ borderRadius: 0 }}
            >
              This number has opted out (write START to resume)
            </Alert>
          ) : null}
          {unmatched ? (
            <Box sx={{ px: 1.5, pt: 1 }}>
              <ErrorAlert error={error} />
            </Box>
          ) : null}

          <Stack
            component="form"
            direction="row"
            spacing={1}
            onSubmit={onSubmit}
            noValidate
            sx={{ p: 1.5, borderTop: 1, borderColor: 'divider', alignItems: 'flex-end' }}
          >
            <TextField
              placeholder="Message"
              multiline
              maxRows={5}
              fullWidth
              size="small"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                clearFieldError('text');
              }}
              onKeyDown={onComposerKey}
              error={Boolean(fieldErrors.text)}
              helperText={fieldErrors.text ?? 'Enter sends, Shift+Enter starts a new line'}
              slotProps={{
                htmlInput: {
                  maxLength: 4096,
                  'aria-label': 'Message',
                  'data-testid': 'test-phone-input',
                },
              }}
            />
            <Tooltip title="Send">
              <span>
                <IconButton
                  type="submit"
                  color="primary"
                  disabled={sending}
                  aria-label="Send"
                  data-testid="test-phone-send"
                  sx={{ mb: 3 }}
                >
                  {sending ? <CircularProgress size={22} /> : <SendRounded />}
                </IconButton>
              </span>
            </Tooltip>
          </Stack>
        </Paper>

        <HelpCard lastMessage={data?.messages.at(-1) ?? null} />
      </Box>
    </PageLayout>
  );
}

function ChatHint({ children }: { children: string }) {
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      sx={{ textAlign: 'center', py: 4, px: 2 }}
      data-testid="test-phone-hint"
    >
      {children}
    </Typography>
  );
}

function ThreadView({ messages }: { messages: Message[] }) {
  const end = useRef<HTMLDivElement>(null);
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [lastId]);
  return (
    <Stack spacing={1}>
      {messages.map((m) => (
        <PhoneMessage key={m.id} message={m} />
      ))}
      <div ref={end} />
    </Stack>
  );
}

const LEGEND: [DeliveryStatus, string][] = [
  ['queued', 'waiting to be sent'],
  ['sent', 'sent'],
  ['delivered', 'delivered to the phone'],
  ['read', 'read (opening this chat reads them, as a phone does)'],
  ['failed', 'not delivered, with the reason'],
];

function HelpCard({ lastMessage }: { lastMessage: Message | null }) {
  return (
    <Card
      sx={{ flex: 1, minWidth: 240, alignSelf: 'flex-start', display: { xs: 'none', md: 'block' } }}
    >
      <CardContent>
        <Stack spacing={1.5}>
          <Typography variant="h6" component="h2">
            How it works
          </Typography>
          <Typography variant="body2">
            The number is the voter&apos;s WhatsApp number. What you write goes through the same
            webhook path as a real message, so the bot answers, the Inbox shows the conversation and
            opt-outs are honoured. No WhatsApp account is needed.
          </Typography>
          <Typography variant="body2">
            Try <strong>STOP</strong> or <strong lang="ta">நிறுத்து</strong> to opt out, and{' '}
            <strong>START</strong> to resume.
          </Typography>
          <Typography variant="subtitle2" component="h3">
            Ticks on replies
          </Typography>
          <Stack spacing={0.5} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {LEGEND.map(([status, meaning]) => (
              <Stack
                key={status}
                component="li"
                direction="row"
                spacing={1}
                sx={{ alignItems: 'center' }}
              >
                <DeliveryTicks status={status} />
                <Typography variant="body2">{meaning}</Typography>
              </Stack>
            ))}
          </Stack>
          {lastMessage ? (
            <Link href={hrefFor('inbox', lastMessage.conversationId)} variant="body2">
              Open this conversation in the Inbox
            </Link>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
