import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { Conversation } from '../../../../shared/model';
import { hrefFor } from '../../app/routes';
import {
  displayName,
  formatDateTime,
  formatRelative,
  languageLabel,
  sentimentColor,
  sentimentLabel,
} from '../../lib/format';

/** One row per conversation; each is a link to `#/inbox/<id>`. */
export function ConversationList({
  items,
  selectedId,
}: {
  items: Conversation[];
  selectedId: string | null;
}) {
  return (
    <List disablePadding aria-label="Conversations" data-testid="conversation-list">
      {items.map((c) => {
        const name = displayName(c.userName, c.phoneNumber, c.waUserId);
        return (
          <ListItemButton
            key={c.id}
            component="a"
            href={hrefFor('inbox', c.id)}
            selected={c.id === selectedId}
            aria-current={c.id === selectedId ? 'true' : undefined}
            data-testid="conversation-item"
            divider
            sx={{ alignItems: 'flex-start', py: 1.25 }}
          >
            <Stack spacing={0.5} sx={{ minWidth: 0, flex: 1 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
                <Typography
                  variant="body1"
                  sx={{ fontWeight: 600, flex: 1, minWidth: 0 }}
                  noWrap
                  lang={c.language}
                >
                  {name}
                </Typography>
                <Tooltip title={`Updated ${formatDateTime(c.updatedAt)}`}>
                  <Typography variant="caption" color="text.secondary" sx={{ flexShrink: 0 }}>
                    {formatRelative(c.updatedAt)}
                  </Typography>
                </Tooltip>
              </Stack>
              {c.userName && c.phoneNumber ? (
                <Typography variant="caption" color="text.secondary" noWrap>
                  {c.phoneNumber}
                </Typography>
              ) : null}
              <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                {c.humanHandoff ? (
                  <Chip
                    size="small"
                    color="warning"
                    icon={<SupportAgentOutlined />}
                    label="Needs a person"
                    data-testid="handoff-flag"
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
                <Chip size="small" variant="outlined" label={`${c.messageCount} msg`} />
              </Stack>
            </Stack>
          </ListItemButton>
        );
      })}
    </List>
  );
}
