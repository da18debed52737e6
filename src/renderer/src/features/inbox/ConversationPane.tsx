import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import CloseOutlined from '@mui/icons-material/CloseOutlined';
import HeadsetMicOutlined from '@mui/icons-material/HeadsetMicOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import ReplayOutlined from '@mui/icons-material/ReplayOutlined';
import SmartToyOutlined from '@mui/icons-material/SmartToyOutlined';
import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Conversation, ConversationDetail, Message } from '../../../../shared/model';
import { THREAD_PAGE } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { heldByMe, useIdentity } from '../../app/identity';
import { hrefFor } from '../../app/routes';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteContent } from '../../components/RemoteContent';
import {
  categoryLabel,
  channelLabel,
  displayName,
  formatDateTime,
  handoffReasonLabel,
  languageLabel,
  sentimentColor,
  sentimentLabel,
} from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useCoalescedCallback } from '../../lib/useCoalescedCallback';
import { Composer } from './Composer';
import { MessageBubble } from './MessageBubble';
import { VoterPanel } from './VoterPanel';

const PROFILE_KEY = 'pulse-desk.thread-profile';

function readProfileShown(): boolean {
  try {
    return window.localStorage.getItem(PROFILE_KEY) !== '0';
  } catch {
    return true;
  }
}

/** The selected conversation: header and actions, the thread, the composer, the voter. */
export function ConversationPane({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { api } = useClient();
  // How many of the newest messages to show; grows a page at a time, back to one page per thread.
  const [shown, setShown] = useState({ id, limit: THREAD_PAGE });
  const limit = shown.id === id ? shown.limit : THREAD_PAGE;
  const detail = useRemote(useCallback(() => api.getConversation({ id, limit }), [api, id, limit]));
  const showEarlier = useCallback(() => setShown({ id, limit: limit + THREAD_PAGE }), [id, limit]);
  const reloadSoon = useCoalescedCallback(detail.reload, 300);
  const reloadIfMine = (payload: { conversationId: string }) => {
    if (payload.conversationId === id) reloadSoon();
  };
  useEvent('conversationChanged', reloadIfMine);
  useEvent('messageChanged', reloadIfMine);
  useEvent('handoffRequested', reloadIfMine);

  // Opening the thread, and every new message while it is open, marks it read.
  const lastMessageId = detail.data?.messages.at(-1)?.id ?? '';
  const loaded = detail.data !== undefined && !detail.stale;
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (!loaded) return;
    const key = `${id}|${lastMessageId}`;
    if (marked.current === key) return;
    marked.current = key;
    api.markRead({ conversationId: id }).then(onChanged, () => {
      // Not worth an alert: the unread badge just stays until the next try.
      marked.current = null;
    });
  }, [api, id, lastMessageId, loaded, onChanged]);

  const reload = detail.reload;
  const changed = useCallback(() => {
    reload();
    onChanged();
  }, [reload, onChanged]);

  return (
    <Box
      data-testid="thread"
      data-conversation-id={id}
      sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
    >
      <Box sx={{ height: 4, flexShrink: 0 }}>
        {detail.loading && detail.data ? <LinearProgress aria-label="Refreshing" /> : null}
      </Box>
      {/* Another conversation's thread is never shown; this one's stays while more of it loads. */}
      <RemoteContent
        remote={detail}
        keepStale={detail.data?.conversation.id === id}
        loadingLabel="Loading messages…"
      >
        {(d) => <DetailView detail={d} onChanged={changed} onShowEarlier={showEarlier} />}
      </RemoteContent>
    </Box>
  );
}

type Action = 'takeOver' | 'handBack' | 'resolve';

function DetailView({
  detail,
  onChanged,
  onShowEarlier,
}: {
  detail: ConversationDetail;
  onChanged: () => void;
  onShowEarlier: () => void;
}) {
  const { api } = useClient();
  const me = useIdentity();
  const { conversation: c, messages } = detail;
  const [busy, setBusy] = useState<Action | null>(null);
  const call = useCall();
  const [profileShown, setProfileShown] = useState(readProfileShown);

  const mine = heldByMe(c.assignedOperator, me);
  // Until whoAmI answers, nobody is assumed to be someone else.
  const heldByOther = c.assignedOperator !== null && me !== null && !mine;

  const run = async (action: Action, request: () => Promise<Conversation>) => {
    setBusy(action);
    await call.run(request);
    onChanged(); // also after a refusal: whatever refused it (someone else took over) is worth seeing
    setBusy(null);
  };

  const toggleProfile = () => {
    const next = !profileShown;
    setProfileShown(next);
    try {
      window.localStorage.setItem(PROFILE_KEY, next ? '1' : '0');
    } catch {
      // Not fatal.
    }
  };

  const details = [
    c.phoneNumber,
    c.userLocation,
    channelLabel(c.channel),
    c.sourceCampaign ? `Campaign ${c.sourceCampaign}` : null,
    `Started ${formatDateTime(c.startedAt)}`,
  ].filter(Boolean);

  return (
    <>
      <Stack
        spacing={1}
        sx={{ px: 2, pb: 1.5, borderBottom: 1, borderColor: 'divider', flexShrink: 0 }}
      >
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography
            variant="h6"
            component="h2"
            sx={{ flex: 1, minWidth: 0 }}
            noWrap
            lang={c.language}
            data-testid="conversation-title"
          >
            {displayName(c.userName, c.phoneNumber, c.waUserId)}
          </Typography>
          <Tooltip title={profileShown ? 'Hide the voter profile' : 'Show the voter profile'}>
            <IconButton
              onClick={toggleProfile}
              aria-label="Voter profile"
              aria-pressed={profileShown}
              color={profileShown ? 'primary' : 'default'}
            >
              <PersonOutlined />
            </IconButton>
          </Tooltip>
          <IconButton component="a" href={hrefFor('inbox')} aria-label="Close conversation">
            <CloseOutlined />
          </IconButton>
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {details.join(' · ')}
        </Typography>
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, alignItems: 'center' }}>
          {c.humanHandoff ? (
            <Chip
              size="small"
              color="warning"
              icon={<SupportAgentOutlined />}
              label={`Needs a person${c.handoffReason ? `: ${handoffReasonLabel(c.handoffReason)}` : ''}`}
              data-testid="handoff-flag"
            />
          ) : null}
          {c.resolved ? <Chip size="small" color="success" label="Resolved" /> : null}
          <Chip size="small" variant="outlined" label={languageLabel(c.language)} />
          <Chip
            size="small"
            variant="outlined"
            color={sentimentColor(c.sentiment)}
            label={`Sentiment: ${sentimentLabel(c.sentiment)}`}
          />
          {c.category ? (
            <Chip size="small" variant="outlined" label={categoryLabel(c.category)} />
          ) : null}
          {c.priority ? (
            <Chip size="small" variant="outlined" label={`Priority: ${c.priority}`} />
          ) : null}
          {c.topics.map((t) => (
            <Chip key={t} size="small" label={t} />
          ))}
        </Stack>
        <Stack
          direction="row"
          sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}
          data-testid="thread-actions"
        >
          {c.assignedOperator ? (
            <Chip
              icon={<HeadsetMicOutlined />}
              color={mine ? 'primary' : 'info'}
              label={mine ? 'Held by you' : `Held by ${c.assignedOperator}`}
              data-testid="held-by"
              data-mine={mine ? 'true' : 'false'}
            />
          ) : (
            <Chip
              icon={<SmartToyOutlined />}
              variant="outlined"
              label={c.humanHandoff ? 'Waiting for a person' : 'The bot is answering'}
            />
          )}
          <Box sx={{ flex: 1 }} />
          {mine ? null : (
            <Tooltip
              title={
                heldByOther
                  ? `${c.assignedOperator} holds this conversation; ask them to hand it back.`
                  : 'Stop the bot and answer yourself'
              }
            >
              <span>
                <Button
                  variant="contained"
                  startIcon={<HeadsetMicOutlined />}
                  onClick={() => void run('takeOver', () => api.takeOver({ conversationId: c.id }))}
                  disabled={heldByOther || busy !== null}
                  data-testid="take-over"
                >
                  {busy === 'takeOver' ? 'Taking over…' : 'Take over'}
                </Button>
              </span>
            </Tooltip>
          )}
          {mine || (c.humanHandoff && !heldByOther) ? (
            <Button
              variant="outlined"
              startIcon={<SmartToyOutlined />}
              onClick={() => void run('handBack', () => api.handBack({ conversationId: c.id }))}
              disabled={busy !== null}
              data-testid="hand-back"
            >
              {busy === 'handBack' ? 'Handing back…' : 'Hand back to bot'}
            </Button>
          ) : null}
          <Button
            variant="outlined"
            color={c.resolved ? 'inherit' : 'success'}
            startIcon={c.resolved ? <ReplayOutlined /> : <CheckCircleOutlined />}
            onClick={() =>
              void run('resolve', () =>
                api.resolveConversation({ conversationId: c.id, resolved: !c.resolved }),
              )
            }
            disabled={busy !== null}
            data-testid="resolve"
            data-resolved={c.resolved ? 'true' : 'false'}
          >
            {busy === 'resolve' ? 'Saving…' : c.resolved ? 'Reopen' : 'Resolve'}
          </Button>
        </Stack>
        {call.error ? (
          <Box data-testid="thread-action-error">
            <ErrorAlert error={call.error} />
          </Box>
        ) : null}
      </Stack>
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 }}>
          <Thread
            messages={messages}
            earlier={detail.earlierMessages}
            onShowEarlier={onShowEarlier}
            conversation={c}
          />
          <Composer
            conversationId={c.id}
            windowClosesAt={detail.windowClosesAt}
            blockedReason={
              heldByOther
                ? `${c.assignedOperator} holds this conversation: only they can reply until they hand it back.`
                : null
            }
            onSent={onChanged}
          />
        </Box>
        {profileShown ? (
          <Box
            component="aside"
            aria-label="Voter profile"
            sx={{
              width: 300,
              flexShrink: 0,
              borderLeft: 1,
              borderColor: 'divider',
              overflowY: 'auto',
            }}
          >
            <VoterPanel voter={detail.voter} />
          </Box>
        ) : null}
      </Box>
    </>
  );
}

function Thread({
  messages,
  earlier,
  onShowEarlier,
  conversation: c,
}: {
  messages: Message[];
  earlier: number;
  onShowEarlier: () => void;
  conversation: Conversation;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  // Follow the newest message while the reader is at the bottom; leave them alone when they
  // have scrolled up to read.
  const atBottom = useRef(true);
  const lastId = messages.at(-1)?.id;
  const firstId = messages[0]?.id;
  // Earlier messages arrive above what the reader sees: keep their place, measured from the end.
  const fromEnd = useRef(0);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
  }, [lastId]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && !atBottom.current) el.scrollTop = el.scrollHeight - fromEnd.current;
  }, [firstId]);
  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner) return;
    // Images, fonts and delivery notes change heights after the first paint.
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);
  const byWamid = useMemo(() => {
    const map = new Map<string, Message>();
    for (const m of messages) if (m.whatsappMessageId) map.set(m.whatsappMessageId, m);
    return map;
  }, [messages]);

  return (
    <Box
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        fromEnd.current = el.scrollHeight - el.scrollTop;
      }}
      sx={{ flex: 1, overflow: 'auto', minHeight: 0, p: 2 }}
      role="log"
      aria-label="Messages"
      data-testid="message-list"
    >
      <div ref={content}>
        {messages.length === 0 ? (
          <EmptyState
            title="No messages yet"
            hint="Messages in this conversation will appear here as they arrive."
          />
        ) : (
          <Stack spacing={1.5}>
            {earlier > 0 ? (
              <Box sx={{ textAlign: 'center' }}>
                <Button
                  size="small"
                  onClick={onShowEarlier}
                  startIcon={<HistoryOutlined />}
                  data-testid="show-earlier"
                >
                  {`Show earlier messages (${earlier.toLocaleString()} more)`}
                </Button>
              </Box>
            ) : null}
            {messages.map((m) => (
              <MessageBubble
                key={m.id}
                message={m}
                fallbackLanguage={c.language}
                userName={c.userName}
                byWamid={byWamid}
              />
            ))}
          </Stack>
        )}
      </div>
    </Box>
  );
}
