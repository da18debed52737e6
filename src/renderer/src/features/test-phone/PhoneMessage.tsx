import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { Message } from '../../../../shared/model';
import { formatDateTime, formatMessageTime } from '../../lib/format';
import { DeliveryFailure, DeliveryTicks } from '../../components/DeliveryTicks';

function replierLabel(m: Message): string {
  if (m.sender === 'human') return m.operatorName ? `Operator · ${m.operatorName}` : 'Operator';
  return 'Bot';
}

/**
 * One message as the voter's phone shows it: what the voter wrote on the right, the desk's
 * replies (bot or operator) on the left with their delivery ticks.
 */
export function PhoneMessage({ message: m }: { message: Message }) {
  const mine = m.sender === 'user';
  const failed = m.deliveryStatus === 'failed';
  return (
    <Box
      data-testid="test-phone-message"
      data-sender={m.sender}
      data-status={m.deliveryStatus ?? ''}
      sx={{ display: 'flex', justifyContent: mine ? 'flex-end' : 'flex-start' }}
    >
      <Box
        sx={(t) => ({
          px: 1.25,
          pt: 0.75,
          pb: 0.5,
          maxWidth: '82%',
          borderRadius: 2,
          borderTopRightRadius: mine ? 4 : undefined,
          borderTopLeftRadius: mine ? undefined : 4,
          boxShadow: t.shadows[1],
          bgcolor: mine
            ? t.palette.mode === 'dark'
              ? '#144d37'
              : '#dcf8c6'
            : t.palette.background.paper,
          border: failed ? `1px solid ${t.palette.error.main}` : undefined,
        })}
      >
        {mine ? null : (
          <Typography
            variant="caption"
            component="div"
            sx={{
              fontWeight: 700,
              color: m.sender === 'human' ? 'secondary.main' : 'primary.main',
            }}
          >
            {replierLabel(m)}
          </Typography>
        )}
        {m.messageType !== 'text' ? (
          <Chip size="small" variant="outlined" label={m.messageType} sx={{ mb: 0.5 }} />
        ) : null}
        <Typography
          variant="body1"
          lang={m.language ?? undefined}
          sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="test-phone-message-content"
        >
          {m.content}
        </Typography>
        <Stack
          direction="row"
          spacing={0.5}
          sx={{ alignItems: 'center', justifyContent: 'flex-end', color: 'text.secondary' }}
        >
          <Tooltip title={formatDateTime(m.timestamp)}>
            <Typography variant="caption" component="time" dateTime={m.timestamp}>
              {formatMessageTime(m.timestamp)}
            </Typography>
          </Tooltip>
          {!mine && m.deliveryStatus ? <DeliveryTicks status={m.deliveryStatus} /> : null}
        </Stack>
        {failed ? (
          <DeliveryFailure error={m.deliveryError} testId="test-phone-delivery-error" />
        ) : null}
      </Box>
    </Box>
  );
}
