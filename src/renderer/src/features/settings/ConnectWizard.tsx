import AutorenewOutlined from '@mui/icons-material/AutorenewOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Divider from '@mui/material/Divider';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepButton from '@mui/material/StepButton';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import type { ConnectionSettings, SystemStatus, WebhookSetup } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import type { Remote } from '../../api/useRemote';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RemoteContent } from '../../components/RemoteContent';
import { BackupPanel } from './BackupPanel';
import { OpenAiCheckButton, TestMessageCheck } from './ConnectionChecks';
import { ConnectionFields } from './ConnectionFields';
import { SecretChip, SecretField } from './SecretField';
import { TunnelCard } from './TunnelCard';
import { WebhookCard } from './WebhookCard';
import type { TunnelControl } from './useTunnelControl';

const STEPS = [
  { key: 'whatsapp', label: 'WhatsApp' },
  { key: 'openai', label: 'OpenAI' },
  { key: 'public', label: 'Public URL' },
  { key: 'test', label: 'Test' },
  { key: 'backup', label: 'Backup' },
] as const;

interface WizardProps {
  status: SystemStatus;
  webhook: Remote<WebhookSetup>;
  tunnel: TunnelControl;
}

/**
 * Settings → Connect (admins): WhatsApp credentials, OpenAI, the public URL and webhook, a test,
 * and backups, one step at a time. Steps can be visited in any order.
 */
export function ConnectWizard(props: WizardProps) {
  const { api } = useClient();
  const remote = useRemote(useCallback(() => api.getConnection({}), [api]));
  useEvent('statusChanged', remote.reload);
  return (
    <Card data-testid="connect-wizard">
      <CardContent>
        <RemoteContent remote={remote} loadingLabel="Loading the connection settings…">
          {(c) => <Wizard {...props} connection={c} onChanged={remote.reload} />}
        </RemoteContent>
      </CardContent>
    </Card>
  );
}

function Wizard({
  status,
  webhook,
  tunnel,
  connection: loaded,
  onChanged,
}: WizardProps & { connection: ConnectionSettings; onChanged: () => void }) {
  // A save's answer shows at once; the reload it triggers replaces it.
  const [latest, setLatest] = useState<{ over: ConnectionSettings; next: ConnectionSettings }>();
  const connection = latest?.over === loaded ? latest.next : loaded;
  const saved = (next: ConnectionSettings) => {
    setLatest({ over: loaded, next });
    onChanged();
  };
  const { settings, secrets } = connection;
  const has = (source: string) => source !== 'missing';
  const whatsappReady =
    settings.WHATSAPP_PHONE_NUMBER_ID.value !== '' && has(secrets.WHATSAPP_ACCESS_TOKEN.source);
  const [tested, setTested] = useState(false);
  const done = [
    whatsappReady && has(secrets.WHATSAPP_APP_SECRET.source),
    has(secrets.OPENAI_API_KEY.source),
    status.services.tunnel.state === 'open',
    tested,
    false,
  ];
  const [active, setActive] = useState(() => Math.max(0, done.slice(0, 3).indexOf(false)));
  const missing = whatsappReady
    ? null
    : 'Set the phone number ID and the access token in the WhatsApp step first.';

  const content: Record<(typeof STEPS)[number]['key'], ReactNode> = {
    whatsapp: (
      <Stack spacing={3}>
        <Typography variant="body2" color="text.secondary">
          From Meta&apos;s App Dashboard (WhatsApp → API Setup) and App settings → Basic. Without
          these, voters can still be simulated with the test phone.
        </Typography>
        <ConnectionFields
          testId="connection-whatsapp"
          names={[
            'WHATSAPP_PHONE_NUMBER_ID',
            'WHATSAPP_BUSINESS_ACCOUNT_ID',
            'WHATSAPP_APP_ID',
            'WHATSAPP_DISPLAY_PHONE_NUMBER',
          ]}
          connection={connection}
          onSaved={saved}
        />
        <Divider />
        <SecretField
          name="WHATSAPP_ACCESS_TOKEN"
          label="Access token"
          help="A permanent token of a system user with whatsapp_business_messaging (Business settings → System users)."
          connection={connection}
          onSaved={saved}
        />
        <SecretField
          name="WHATSAPP_APP_SECRET"
          label="App secret"
          help="App settings → Basic → App secret. Every webhook call is checked against it."
          connection={connection}
          onSaved={saved}
        />
      </Stack>
    ),
    openai: (
      <Stack spacing={3}>
        <Typography variant="body2" color="text.secondary">
          Without a key the embedded analyzer answers instead (works offline, less precise).
        </Typography>
        <ConnectionFields
          testId="connection-openai"
          names={['OPENAI_BASE_URL', 'OPENAI_MODEL']}
          connection={connection}
          onSaved={saved}
        />
        <Divider />
        <SecretField
          name="OPENAI_API_KEY"
          label="API key"
          help="From platform.openai.com → API keys, or your OpenAI-compatible server."
          connection={connection}
          onSaved={saved}
        />
      </Stack>
    ),
    public: (
      <Stack spacing={2}>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 7 }}>
            <WebhookCard setup={webhook} tunnel={status.services.tunnel} control={tunnel} />
          </Grid>
          <Grid size={{ xs: 12, md: 5 }}>
            <TunnelCard tunnel={status.services.tunnel} control={tunnel} />
          </Grid>
        </Grid>
        <VerifyTokenRenewal connection={connection} onSaved={saved} />
      </Stack>
    ),
    test: (
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, md: 7 }}>
          <TestMessageCheck missing={missing} onResult={setTested} />
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <OpenAiCheckButton onResult={() => undefined} />
        </Grid>
      </Grid>
    ),
    backup: <BackupPanel />,
  };

  const step = STEPS[active]!;
  return (
    <Stack spacing={3}>
      <Stepper nonLinear activeStep={active} alternativeLabel>
        {STEPS.map((s, i) => (
          <Step key={s.key} completed={done[i]}>
            <StepButton onClick={() => setActive(i)} data-testid={`connect-step-${s.key}`}>
              {s.label}
            </StepButton>
          </Step>
        ))}
      </Stepper>
      <div data-testid={`connect-panel-${step.key}`}>{content[step.key]}</div>
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between' }}>
        <Button disabled={active === 0} onClick={() => setActive(active - 1)}>
          Back
        </Button>
        <Button
          variant="outlined"
          disabled={active === STEPS.length - 1}
          onClick={() => setActive(active + 1)}
          data-testid="connect-next"
        >
          Next: {STEPS[Math.min(active + 1, STEPS.length - 1)]!.label}
        </Button>
      </Stack>
    </Stack>
  );
}

/** A new random verify token, for when the old one leaked; Meta must be given the new one. */
function VerifyTokenRenewal({
  connection,
  onSaved,
}: {
  connection: ConnectionSettings;
  onSaved: (next: ConnectionSettings) => void;
}) {
  const { api } = useClient();
  const [open, setOpen] = useState(false);
  const state = connection.secrets.WHATSAPP_VERIFY_TOKEN;
  const locked = state.source === 'environment';
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
      <Typography variant="body2">Verify token</Typography>
      <SecretChip state={state} testId="verify-token-state" />
      <Button
        size="small"
        startIcon={<AutorenewOutlined />}
        disabled={locked}
        onClick={() => setOpen(true)}
        data-testid="verify-token-regenerate"
      >
        New verify token
      </Button>
      {locked ? (
        <Typography variant="body2" color="text.secondary">
          Set in the environment (WHATSAPP_VERIFY_TOKEN): change it there.
        </Typography>
      ) : null}
      <ConfirmDialog
        open={open}
        title="Make a new verify token?"
        confirmLabel="Make a new one"
        onClose={() => setOpen(false)}
        onConfirm={async () => onSaved(await api.regenerateVerifyToken({}))}
        testId="verify-token-dialog"
      >
        Meta checks this token only when the callback URL is saved. Paste the new token in
        Meta&apos;s App Dashboard (WhatsApp → Configuration) the next time you save the callback URL
        there.
      </ConfirmDialog>
    </Stack>
  );
}
