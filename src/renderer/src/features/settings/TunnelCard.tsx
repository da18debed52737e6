import PlayArrowOutlined from '@mui/icons-material/PlayArrowOutlined';
import StopCircleOutlined from '@mui/icons-material/StopCircleOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SystemStatus } from '../../../../shared/model';
import { CopyableValue } from '../../components/CopyableValue';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ChipColor } from '../../lib/format';
import type { TunnelControl } from './useTunnelControl';

export type TunnelStatus = SystemStatus['services']['tunnel'];
type TunnelState = TunnelStatus['state'];

const STATE_CHIPS: Record<TunnelState, { label: string; color: ChipColor }> = {
  stopped: { label: 'Stopped', color: 'default' },
  starting: { label: 'Starting', color: 'info' },
  open: { label: 'Open', color: 'success' },
  reconnecting: { label: 'Reconnecting', color: 'warning' },
  error: { label: 'Error', color: 'error' },
};

/** The tunnel's state chip (also used where the webhook needs the tunnel). */
export function TunnelStateChip({ state, testId }: { state: TunnelState; testId?: string }) {
  const chip = STATE_CHIPS[state];
  return (
    <Chip
      size="small"
      label={chip.label}
      color={chip.color}
      variant={state === 'stopped' ? 'outlined' : 'filled'}
      data-testid={testId}
      data-state={state}
    />
  );
}

/** The public URL through localtunnel: its state, the URL, and Start/Stop. */
export function TunnelCard({ tunnel, control }: { tunnel: TunnelStatus; control: TunnelControl }) {
  const busy = control.running !== null;
  const canStart = tunnel.state === 'stopped' || tunnel.state === 'error';
  const spinner = <CircularProgress size={16} color="inherit" />;

  return (
    <Card data-testid="tunnel-card" sx={{ height: '100%' }}>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="h6" component="h3" sx={{ flex: 1 }}>
              Tunnel
            </Typography>
            <TunnelStateChip state={tunnel.state} testId="tunnel-state" />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            Gives this computer a public address for Meta&apos;s webhook calls, without opening
            ports on your router.
          </Typography>
          {tunnel.detail ? (
            <Typography variant="body2" data-testid="tunnel-detail">
              {tunnel.detail}
            </Typography>
          ) : null}
          {tunnel.url ? (
            <CopyableValue label="Public URL" value={tunnel.url} testId="tunnel-url" />
          ) : tunnel.detail ? null : (
            <Typography variant="body2" color="text.secondary">
              No public URL while the tunnel is not open.
            </Typography>
          )}
          {control.error ? <ErrorAlert error={control.error} /> : null}
          <Stack direction="row" spacing={1}>
            <Button
              variant="contained"
              onClick={control.start}
              disabled={busy || !canStart}
              startIcon={control.running === 'start' ? spinner : <PlayArrowOutlined />}
              data-testid="tunnel-start"
            >
              {control.running === 'start' ? 'Starting…' : 'Start'}
            </Button>
            <Button
              variant="outlined"
              onClick={control.stop}
              disabled={busy || tunnel.state === 'stopped'}
              startIcon={control.running === 'stop' ? spinner : <StopCircleOutlined />}
              data-testid="tunnel-stop"
            >
              {control.running === 'stop' ? 'Stopping…' : 'Stop'}
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
