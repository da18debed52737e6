import CloseOutlined from '@mui/icons-material/CloseOutlined';
import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef } from 'react';
import type { ConversationDetail } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { hrefFor } from '../../app/routes';
import { EmptyState } from '../../components/EmptyState';
import { RemoteContent } from '../../components/RemoteContent';
import {
  categoryLabel,
  displayName,
  formatDateTime,
  languageLabel,
  sentimentColor,
  sentimentLabel,
} from '../../lib/format';
import { MessageBubble } from './MessageBubble';

/** The selected conversation: who it is with, its labels, and every message in order. */
export function ConversationPane({ id }: { id: string }) {
  const { api } = useClient();
  const detail = useRemote(useCallback(() => api.getConversation({ id }), [api, id]));
  const reloadIfMine = (payload: { conversationId: string }) => {
    if (payload.conversationId === id) detail.reload();
  };
  useEvent('conversationChanged', reloadIfMine);
  useEvent('messageChanged', reloadIfMine);

  return (
    <Box
      data-testid="conversation-pane"
      sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
    >
      <Box sx={{ height: 4, flexShrink: 0 }}>
        {detail.loading && detail.data ? <LinearProgress aria-label="Refreshing" /> : null}
      </Box>
      <RemoteContent remote={detail} keepStale={false} loadingLabel="Loading messages…">
        {(d) => <DetailView detail={d} />}
      </RemoteContent>
    </Box>
  );
}

function DetailView({ detail }: { detail: ConversationDetail }) {
  const { conversation: c, messages } = detail;
  const end = useRef<HTMLDivElement>(null);
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [lastId]);

  const details = [
    c.phoneNumber,
    c.userLocation,
    c.channel === 'simulator' ? 'Test phone' : 'WhatsApp',
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
          <IconButton component="a" href={hrefFor('inbox')} aria-label="Close conversation">
            <CloseOutlined />
          </IconButton>
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {details.join(' · ')}
        </Typography>
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
          {c.humanHandoff ? (
            <Chip
              size="small"
              color="warning"
              icon={<SupportAgentOutlined />}
              label="Needs a person"
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
      </Stack>
      <Box
        sx={{ flex: 1, overflow: 'auto', minHeight: 0, p: 2 }}
        role="log"
        aria-label="Messages"
        data-testid="message-list"
      >
        {messages.length === 0 ? (
          <EmptyState
            title="No messages yet"
            hint="Messages in this conversation will appear here as they arrive."
          />
        ) : (
          <Stack spacing={1.5}>
            {messages.map((m) => (
              <MessageBubble
                key={m.id}
                message={m}
                fallbackLanguage={c.language}
                userName={c.userName}
              />
            ))}
          </Stack>
        )}
        <div ref={end} />
      </Box>
    </>
  );
}
