import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import HeadsetMicOutlined from '@mui/icons-material/HeadsetMicOutlined';
import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import ListItemButton from '@mui/material/ListItemButton';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { Conversation, Identity } from '../../../../shared/model';
import { heldByMe } from '../../app/identity';
import { hrefFor } from '../../app/routes';
import {
  displayName,
  formatDateTime,
  formatRelative,
  handoffReasonLabel,
  languageLabel,
  sentimentColor,
  sentimentLabel,
} from '../../lib/format';

/** Every row of the inbox list is exactly this tall (the virtual list relies on it). */
export const ROW_HEIGHT = 96;

/** A row whose page is still loading. */
export function ConversationRowPlaceholder() {
  return (
    <Box
      aria-hidden
      sx={{ height: ROW_HEIGHT, px: 2, py: 1.25, borderBottom: 1, borderColor: 'divider' }}
    >
      <Skeleton width="60%" />
      <Skeleton width="35%" />
      <Skeleton width="80%" />
    </Box>
  );
}

/** One conversation in the inbox: who, when, unread count and its state at a glance. */
export function ConversationRow({
  conversation: c,
  selected,
  me,
}: {
  conversation: Conversation;
  selected: boolean;
  me: Identity | null;
}) {
  const name = displayName(c.userName, c.phoneNumber, c.waUserId);
  const lastAt = c.lastMessageAt ?? c.updatedAt;
  const mine = heldByMe(c.assignedOperator, me);
  const secondary = [c.userName ? c.phoneNumber : null, c.sourceCampaign]
    .filter(Boolean)
    .join(' · ');
  return (
    <ListItemButton
      component="a"
      href={hrefFor('inbox', c.id)}
      selected={selected}
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation-item"
      data-conversation-id={c.id}
      data-unread={c.unread}
      divider
      sx={{ height: ROW_HEIGHT, alignItems: 'flex-start', py: 1, overflow: 'hidden' }}
    >
      <Stack spacing={0.25} sx={{ minWidth: 0, flex: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
          <Typography
            variant="body1"
            sx={{ fontWeight: c.unread > 0 ? 700 : 600, flex: 1, minWidth: 0 }}
            noWrap
            lang={c.language}
          >
            {name}
          </Typography>
          <Tooltip title={`Last message ${formatDateTime(lastAt)}`}>
            <Typography
              variant="caption"
              color={c.unread > 0 ? 'primary' : 'text.secondary'}
              sx={{ flexShrink: 0 }}
            >
              {formatRelative(lastAt)}
            </Typography>
          </Tooltip>
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minHeight: 22 }}>
          <Typography variant="caption" color="text.secondary" noWrap sx={{ flex: 1, minWidth: 0 }}>
            {secondary || `${c.messageCount} messages`}
          </Typography>
          {c.unread > 0 ? (
            <Box
              component="span"
              data-testid="conversation-unread"
              aria-label={`${c.unread} unread`}
              sx={{
                flexShrink: 0,
                minWidth: 22,
                height: 22,
                px: 0.75,
                borderRadius: 11,
                bgcolor: 'primary.main',
                color: 'primary.contrastText',
                fontSize: 12,
                fontWeight: 700,
                display: 'inline-flex',
                alignItems: 'center',
                justifyContent: 'center',
              }}
            >
              {c.unread > 99 ? '99+' : c.unread}
            </Box>
          ) : null}
        </Stack>
        <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'nowrap', overflow: 'hidden' }}>
          {c.humanHandoff ? (
            <Tooltip
              title={
                c.handoffReason
                  ? `Needs a person: ${handoffReasonLabel(c.handoffReason)}`
                  : 'Needs a person'
              }
            >
              <Chip
                size="small"
                color="warning"
                icon={<SupportAgentOutlined />}
                label={c.handoffReason ? handoffReasonLabel(c.handoffReason) : 'Needs a person'}
                data-testid="handoff-flag"
              />
            </Tooltip>
          ) : null}
          {c.assignedOperator ? (
            <Chip
              size="small"
              color={mine ? 'primary' : 'info'}
              variant={mine ? 'filled' : 'outlined'}
              icon={<HeadsetMicOutlined />}
              label={mine ? 'You' : c.assignedOperator}
              title={`Held by ${mine ? 'you' : c.assignedOperator}`}
              data-testid="held-by-chip"
            />
          ) : null}
          {c.resolved ? (
            <Chip
              size="small"
              color="success"
              variant="outlined"
              icon={<CheckCircleOutlined />}
              label="Resolved"
            />
          ) : null}
          <Chip size="small" variant="outlined" label={languageLabel(c.language)} />
          {c.sentiment ? (
            <Chip
              size="small"
              variant="outlined"
              color={sentimentColor(c.sentiment)}
              label={sentimentLabel(c.sentiment)}
            />
          ) : null}
        </Stack>
      </Stack>
    </ListItemButton>
  );
}
