import ShortcutOutlined from '@mui/icons-material/ShortcutOutlined';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import type { Language, Message } from '../../../../shared/model';
import { DeliveryFailure, DeliveryTicks } from '../../components/DeliveryTicks';
import { asArray, asObject, asString, pick } from '../../lib/json';
import {
  formatDateTime,
  formatMessageTime,
  formatPercent,
  languageLabel,
  sentimentLabel,
} from '../../lib/format';
import { MessageContent } from './MessageContent';

function senderLabel(message: Message, userName: string | null): string {
  switch (message.sender) {
    case 'user':
      return userName?.trim() || 'Voter';
    case 'bot':
      return 'Bot';
    case 'human':
      return message.operatorName ? `Operator · ${message.operatorName}` : 'Operator';
  }
}

/** A one-line summary of a message, for quotes. */
function snippet(m: Message): string {
  if (m.content) return m.content.length > 140 ? `${m.content.slice(0, 140)}…` : m.content;
  return `[${m.messageType}]`;
}

/** The message another one replies or reacts to, quoted; or a note when it is not here. */
export function Quote({
  target,
  userName,
}: {
  target: Message | undefined;
  userName: string | null;
}) {
  return (
    <Box
      data-testid="message-quote"
      sx={(t) => ({
        borderLeft: 3,
        borderColor: 'primary.main',
        bgcolor: alpha(t.palette.text.primary, 0.05),
        borderRadius: 1,
        px: 1,
        py: 0.5,
      })}
    >
      {target ? (
        <>
          <Typography variant="caption" sx={{ fontWeight: 700 }} component="div">
            {senderLabel(target, userName)}
          </Typography>
          <Typography
            variant="body2"
            color="text.secondary"
            lang={target.language ?? undefined}
            sx={{ overflowWrap: 'anywhere' }}
          >
            {snippet(target)}
          </Typography>
        </>
      ) : (
        <Typography variant="caption" color="text.secondary">
          A message that is not in this conversation
        </Typography>
      )}
    </Box>
  );
}

/** The analysis of an incoming message in one compact line. */
function Analysis({ m }: { m: Message }) {
  if (!m.processed && !m.processingError) {
    return (
      <Typography variant="caption" color="text.secondary" data-testid="message-analysis">
        Analysing…
      </Typography>
    );
  }
  const topics = asArray(pick(m.entities, 'topics'))
    .map((t) => asString(t))
    .filter((t): t is string => !!t);
  const embedded = m.modelUsed === 'embedded';
  const fallback = asString(pick(m.metadata, 'analysis', 'fallbackReason'));
  const parts = [
    m.language ? languageLabel(m.language) : null,
    m.intent ? `intent: ${m.intent}` : null,
    m.sentiment ? sentimentLabel(m.sentiment) : null,
    topics.length ? topics.join(', ') : null,
    m.confidence !== null ? `${formatPercent(m.confidence)} sure` : null,
  ].filter(Boolean);
  return (
    <Stack
      direction="row"
      sx={{ flexWrap: 'wrap', columnGap: 0.75, alignItems: 'center', color: 'text.secondary' }}
      data-testid="message-analysis"
    >
      <Typography variant="caption">{parts.join(' · ')}</Typography>
      {embedded ? (
        <Tooltip
          title={
            fallback
              ? `Analysed on this computer (embedded analyzer): ${fallback}`
              : 'Analysed on this computer (embedded analyzer), not by the AI model'
          }
        >
          <Box
            component="span"
            sx={{
              fontSize: 11,
              px: 0.5,
              borderRadius: 0.5,
              border: 1,
              borderColor: 'divider',
              lineHeight: 1.6,
            }}
          >
            embedded
          </Box>
        </Tooltip>
      ) : null}
      {m.processingError ? (
        <Tooltip title={m.processingError}>
          <Typography variant="caption" color="warning.main">
            analysis problem
          </Typography>
        </Tooltip>
      ) : null}
    </Stack>
  );
}

/**
 * One message of the thread: the voter's on the left with their analysis, the bot's and
 * operators' on the right with delivery ticks.
 */
export function MessageBubble({
  message: m,
  fallbackLanguage,
  userName,
  byWamid,
}: {
  message: Message;
  fallbackLanguage: Language;
  userName: string | null;
  /** The thread's messages by WhatsApp id, to quote what a message replies or reacts to. */
  byWamid: ReadonlyMap<string, Message>;
}) {
  const outgoing = m.sender !== 'user';
  const muted = m.messageType === 'system' || m.messageType === 'unsupported';
  const lang = m.language ?? fallbackLanguage;
  const context = asObject(m.metadata.context);
  const replyTo = m.messageType === 'reaction' ? null : asString(context?.id);
  const forwarded =
    context?.frequently_forwarded === true
      ? 'Forwarded many times'
      : context?.forwarded === true
        ? 'Forwarded'
        : null;
  const reactionTarget =
    m.messageType === 'reaction'
      ? (asString(m.metadata.reactionTo) ??
        asString(pick(m.metadata, 'raw', 'reaction', 'message_id')))
      : null;
  const failed = m.deliveryStatus === 'failed';

  return (
    <Box
      data-testid="thread-message"
      data-sender={m.sender}
      data-status={m.deliveryStatus ?? ''}
      data-type={m.messageType}
      data-message-id={m.id}
      sx={{ display: 'flex', justifyContent: outgoing ? 'flex-end' : 'flex-start' }}
    >
      <Box
        sx={(t) => ({
          px: 1.5,
          py: 1,
          maxWidth: '78%',
          minWidth: 120,
          borderRadius: 2,
          border: 1,
          borderColor: failed ? 'error.main' : outgoing ? 'transparent' : 'divider',
          bgcolor: muted
            ? 'transparent'
            : m.sender === 'human'
              ? alpha(t.palette.secondary.main, t.palette.mode === 'dark' ? 0.22 : 0.12)
              : m.sender === 'bot'
                ? alpha(t.palette.primary.main, t.palette.mode === 'dark' ? 0.22 : 0.1)
                : 'background.paper',
          borderStyle: muted ? 'dashed' : 'solid',
          ...(muted ? { borderColor: 'divider' } : {}),
        })}
      >
        <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 0.25 }}>
          <Typography
            variant="caption"
            sx={{
              fontWeight: 700,
              color:
                m.sender === 'human'
                  ? 'secondary.main'
                  : m.sender === 'bot'
                    ? 'primary.main'
                    : 'text.primary',
            }}
            data-testid="message-sender"
          >
            {senderLabel(m, userName)}
          </Typography>
          {forwarded ? (
            <Stack
              direction="row"
              spacing={0.25}
              sx={{ alignItems: 'center', color: 'text.secondary' }}
              data-testid="message-forwarded"
            >
              <ShortcutOutlined sx={{ fontSize: 14 }} />
              <Typography variant="caption" sx={{ fontStyle: 'italic' }}>
                {forwarded}
              </Typography>
            </Stack>
          ) : null}
        </Stack>
        <Stack spacing={0.75}>
          {replyTo ? <Quote target={byWamid.get(replyTo)} userName={userName} /> : null}
          <MessageContent
            message={m}
            lang={lang}
            reactedTo={
              reactionTarget ? (
                <Quote target={byWamid.get(reactionTarget)} userName={userName} />
              ) : undefined
            }
          />
        </Stack>
        <Stack
          direction="row"
          spacing={0.75}
          sx={{
            alignItems: 'center',
            justifyContent: 'flex-end',
            mt: 0.5,
            color: 'text.secondary',
          }}
        >
          <Tooltip title={formatDateTime(m.timestamp)}>
            <Typography
              variant="caption"
              component="time"
              dateTime={m.timestamp}
              data-testid="message-time"
            >
              {formatMessageTime(m.timestamp)}
            </Typography>
          </Tooltip>
          {outgoing && m.deliveryStatus ? <DeliveryTicks status={m.deliveryStatus} /> : null}
        </Stack>
        {failed ? (
          <DeliveryFailure error={m.deliveryError} testId="message-delivery-error" />
        ) : null}
        {m.sender === 'user' && !muted && m.messageType !== 'reaction' ? (
          <Box sx={{ mt: 0.5, pt: 0.5, borderTop: 1, borderColor: 'divider' }}>
            <Analysis m={m} />
          </Box>
        ) : null}
      </Box>
    </Box>
  );
}
