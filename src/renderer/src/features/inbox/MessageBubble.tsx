import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { Language, Message } from '../../../../shared/model';
import { formatDateTime, formatMessageTime } from '../../lib/format';

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

/** One message: the voter's on the left, the bot's and operators' on the right. */
export function MessageBubble({
  message: m,
  fallbackLanguage,
  userName,
}: {
  message: Message;
  fallbackLanguage: Language;
  userName: string | null;
}) {
  const outgoing = m.sender !== 'user';
  return (
    <Box
      data-testid="message"
      data-sender={m.sender}
      sx={{ display: 'flex', justifyContent: outgoing ? 'flex-end' : 'flex-start' }}
    >
      <Paper
        variant="outlined"
        sx={{
          px: 1.5,
          py: 1,
          maxWidth: '75%',
          bgcolor: outgoing
            ? m.sender === 'human'
              ? 'secondary.main'
              : 'primary.main'
            : 'background.paper',
          color: outgoing
            ? m.sender === 'human'
              ? 'secondary.contrastText'
              : 'primary.contrastText'
            : 'text.primary',
          borderColor: outgoing ? 'transparent' : 'divider',
        }}
      >
        <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 0.25 }}>
          <Typography variant="caption" sx={{ fontWeight: 700 }} data-testid="message-sender">
            {senderLabel(m, userName)}
          </Typography>
          <Tooltip title={formatDateTime(m.timestamp)}>
            <Typography
              variant="caption"
              component="time"
              dateTime={m.timestamp}
              sx={{ opacity: 0.8 }}
              data-testid="message-time"
            >
              {formatMessageTime(m.timestamp)}
            </Typography>
          </Tooltip>
        </Stack>
        {m.messageType !== 'text' ? (
          <Chip
            size="small"
            label={m.messageType}
            sx={{ mb: 0.5, color: 'inherit', borderColor: 'currentColor' }}
            variant="outlined"
          />
        ) : null}
        <Typography
          variant="body1"
          lang={m.language ?? fallbackLanguage}
          sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="message-content"
        >
          {m.content}
        </Typography>
        {outgoing && (m.deliveryStatus || m.deliveryError) ? (
          <Typography variant="caption" sx={{ display: 'block', opacity: 0.85, mt: 0.25 }}>
            {m.deliveryStatus === 'failed'
              ? `Not delivered${m.deliveryError ? `: ${m.deliveryError}` : ''}`
              : m.deliveryStatus}
          </Typography>
        ) : null}
      </Paper>
    </Box>
  );
}
