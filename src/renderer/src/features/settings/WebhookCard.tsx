import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import PlayArrowOutlined from '@mui/icons-material/PlayArrowOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { WebhookSetup } from '../../../../shared/model';
import type { Remote } from '../../api/useRemote';
import { CopyableValue } from '../../components/CopyableValue';
import { RemoteContent } from '../../components/RemoteContent';
import { formatDateTime } from '../../lib/format';
import type { TunnelStatus } from './TunnelCard';
import type { TunnelControl } from './useTunnelControl';

/** The callback URL Meta calls: the public URL with the webhook path after it. */
export function callbackUrl(setup: WebhookSetup): string | null {
  if (!setup.publicUrl) return null;
  return setup.publicUrl.replace(/\/+$/, '') + setup.webhookPath;
}

interface WebhookCardProps {
  setup: Remote<WebhookSetup>;
  tunnel: TunnelStatus;
  control: TunnelControl;
}

/** What to paste into Meta's App Dashboard, and what Meta has complained about. */
export function WebhookCard({ setup, tunnel, control }: WebhookCardProps) {
  return (
    <Card data-testid="webhook-card" sx={{ height: '100%' }}>
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6" component="h3">
            WhatsApp webhook
          </Typography>
          <Typography variant="body2" color="text.secondary">
            In Meta&apos;s App Dashboard, open WhatsApp → Configuration, paste the callback URL and
            the verify token below, then subscribe to the <strong>messages</strong> field.
          </Typography>
          <RemoteContent remote={setup} loadingLabel="Loading webhook setup…">
            {(s) => <SetupView setup={s} tunnel={tunnel} control={control} />}
          </RemoteContent>
        </Stack>
      </CardContent>
    </Card>
  );
}

function SetupView({
  setup,
  tunnel,
  control,
}: {
  setup: WebhookSetup;
  tunnel: TunnelStatus;
  control: TunnelControl;
}) {
  const url = callbackUrl(setup);
  return (
    <Stack spacing={2}>
      {url ? (
        <CopyableValue label="Callback URL" value={url} testId="webhook-callback-url" />
      ) : (
        <NoPublicUrl setup={setup} tunnel={tunnel} control={control} />
      )}
      {setup.verifyToken ? (
        <CopyableValue
          label="Verify token"
          value={setup.verifyToken}
          testId="webhook-verify-token"
          secret
        />
      ) : (
        <Stack spacing={0.5}>
          <Typography variant="body2" color="text.secondary">
            Verify token
          </Typography>
          <Typography variant="body2" data-testid="webhook-verify-token" data-masked="false">
            {setup.verifyToken === null
              ? 'Shown to admins only.'
              : 'Not set. Set WHATSAPP_VERIFY_TOKEN, or restart Pulse Desk to generate one.'}
          </Typography>
        </Stack>
      )}
      <Stack spacing={0.5} data-testid="webhook-app-secret">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
            App secret (WHATSAPP_APP_SECRET)
          </Typography>
          <Chip
            size="small"
            icon={setup.appSecretSet ? <CheckCircleOutlined /> : <ErrorOutlineOutlined />}
            color={setup.appSecretSet ? 'success' : 'warning'}
            label={setup.appSecretSet ? 'Set' : 'Not set'}
          />
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {setup.appSecretSet
            ? 'Every webhook call is checked against it, so only Meta can post messages.'
            : 'Without it Pulse Desk refuses webhook calls, because it cannot check that they come from Meta. Copy it from the App Dashboard (App settings → Basic).'}
        </Typography>
      </Stack>
      {setup.alerts.length > 0 ? <Alerts alerts={setup.alerts} /> : null}
    </Stack>
  );
}

function NoPublicUrl({
  setup,
  tunnel,
  control,
}: {
  setup: WebhookSetup;
  tunnel: TunnelStatus;
  control: TunnelControl;
}) {
  const connecting = tunnel.state === 'starting' || tunnel.state === 'reconnecting';
  const starting = control.running === 'start';
  return (
    <Alert
      severity="info"
      data-testid="webhook-callback-url"
      data-available="false"
      action={
        connecting ? undefined : (
          <Button
            color="inherit"
            size="small"
            onClick={control.start}
            disabled={control.running !== null}
            startIcon={
              starting ? <CircularProgress size={14} color="inherit" /> : <PlayArrowOutlined />
            }
            sx={{ whiteSpace: 'nowrap' }}
          >
            {starting ? 'Starting…' : 'Start tunnel'}
          </Button>
        )
      }
    >
      <AlertTitle>No public HTTPS URL yet</AlertTitle>
      {connecting
        ? 'The tunnel is connecting; the callback URL appears here once it is open.'
        : `Meta only calls a public HTTPS address, and this computer has none. Start the tunnel to get one, or put Pulse Desk's public listener behind your own HTTPS address and use that address followed by ${setup.webhookPath}.`}
    </Alert>
  );
}

function Alerts({ alerts }: { alerts: WebhookSetup['alerts'] }) {
  return (
    <Stack spacing={0.5} data-testid="webhook-alerts">
      <Typography variant="subtitle2" component="h4" color="warning.main">
        Problems reported ({alerts.length})
      </Typography>
      <List dense disablePadding>
        {alerts.map((a, i) => (
          <ListItem
            key={`${a.at}-${i}`}
            disableGutters
            divider={i < alerts.length - 1}
            data-testid="webhook-alert"
            sx={{ alignItems: 'flex-start', gap: 1 }}
          >
            <Chip
              size="small"
              color="warning"
              variant="outlined"
              label={a.code === null ? 'no code' : `#${a.code}`}
              sx={{ fontFamily: 'monospace', flexShrink: 0, mt: 0.25 }}
            />
            <Stack sx={{ minWidth: 0, flex: 1 }}>
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                {a.message}
              </Typography>
              <Typography variant="caption" color="text.secondary" component="time" dateTime={a.at}>
                {formatDateTime(a.at)}
              </Typography>
            </Stack>
          </ListItem>
        ))}
      </List>
    </Stack>
  );
}
