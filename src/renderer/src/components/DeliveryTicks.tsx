import DoneAllOutlined from '@mui/icons-material/DoneAllOutlined';
import DoneOutlined from '@mui/icons-material/DoneOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import ScheduleOutlined from '@mui/icons-material/ScheduleOutlined';
import type { SvgIconComponent } from '@mui/icons-material';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { DeliveryStatus } from '../../../shared/model';

/** WhatsApp's blue for read receipts: the one colour voters know for "read". */
const READ_BLUE = '#34b7f1';

const TICKS: Record<DeliveryStatus, { icon: SvgIconComponent; label: string; color: string }> = {
  queued: { icon: ScheduleOutlined, label: 'Queued', color: 'text.secondary' },
  sent: { icon: DoneOutlined, label: 'Sent', color: 'text.secondary' },
  delivered: { icon: DoneAllOutlined, label: 'Delivered', color: 'text.secondary' },
  read: { icon: DoneAllOutlined, label: 'Read', color: READ_BLUE },
  failed: { icon: ErrorOutlineOutlined, label: 'Not delivered', color: 'error.main' },
};

/** A reply's delivery as a phone shows it: clock, ✓, ✓✓, blue ✓✓, or red for a failure. */
export function DeliveryTicks({ status }: { status: DeliveryStatus }) {
  const tick = TICKS[status];
  const Icon = tick.icon;
  return (
    <Tooltip title={tick.label}>
      <Icon
        role="img"
        aria-label={tick.label}
        aria-hidden={false}
        data-testid="delivery-ticks"
        sx={{ fontSize: 16, color: tick.color }}
      />
    </Tooltip>
  );
}

/** Under a message Meta could not deliver: why, when Meta said. */
export function DeliveryFailure({ error, testId }: { error: string | null; testId: string }) {
  return (
    <Typography variant="caption" component="div" color="error" data-testid={testId}>
      Not delivered{error ? `: ${error}` : '.'}
    </Typography>
  );
}
