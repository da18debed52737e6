import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';
import type { ReactNode } from 'react';
import type { ListenerStatus, SystemStatus, WebhookSetup } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import type { Remote } from '../../api/useRemote';
import { useIdentity } from '../../app/identity';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { formatCount, formatDateTime } from '../../lib/format';
import { AuditLogCard } from './AuditLogCard';
import { ConnectWizard } from './ConnectWizard';
import { ServiceCard } from './ServiceCard';
import { PipelineSettingsCard } from './PipelineSettingsCard';
import { TeamCard } from './TeamCard';
import { TunnelCard } from './TunnelCard';
import { WebhookCard } from './WebhookCard';
import { useTunnelControl } from './useTunnelControl';
import type { TunnelControl } from './useTunnelControl';
import { RefreshButton } from '../../components/RefreshButton';

/** What this installation is, how WhatsApp reaches it, and which services are switched on. */
export function SettingsPage() {
  const { api } = useClient();
  const me = useIdentity();
  const status = useRemote(useCallback(() => api.getStatus({}), [api]));
  const webhook = useRemote(useCallback(() => api.getWebhookSetup({}), [api]));
  const reloadStatus = status.reload;
  const reloadWebhook = webhook.reload;
  const reloadAll = useCallback(() => {
    reloadStatus();
    reloadWebhook();
  }, [reloadStatus, reloadWebhook]);
  useEvent('statusChanged', reloadAll);
  const tunnel = useTunnelControl(reloadAll);
  const loading = status.loading || webhook.loading;

  return (
    <PageLayout
      id="settings"
      title="Settings"
      subtitle="Where Pulse Desk keeps its data, how WhatsApp reaches it, and which services are configured."
      busy={loading && status.data !== undefined}
      actions={<RefreshButton onClick={reloadAll} loading={loading} />}
    >
      {/* Content height, not the page's: the sections below follow the status, never overlap it. */}
      <Stack spacing={3} sx={{ flexShrink: 0 }}>
        <RemoteContent remote={status} loadingLabel="Loading status…">
          {(s) => (
            <Stack spacing={3}>
              {me?.role === 'admin' ? (
                <div>
                  <Typography variant="h6" component="h2" gutterBottom>
                    Connect
                  </Typography>
                  <ConnectWizard status={s} webhook={webhook} tunnel={tunnel} />
                </div>
              ) : null}
              {/* Admins find the webhook and tunnel in Connect → Public URL. */}
              <StatusView
                status={s}
                webhook={webhook}
                tunnel={tunnel}
                showWebhook={me?.role !== 'admin'}
              />
            </Stack>
          )}
        </RemoteContent>
        {me?.role === 'admin' ? (
          <>
            <div>
              <Typography variant="h6" component="h2" gutterBottom>
                Assistant texts and prices
              </Typography>
              <PipelineSettingsCard />
            </div>
            <div>
              <Typography variant="h6" component="h2" gutterBottom>
                Team
              </Typography>
              <TeamCard />
            </div>
            <div>
              <Typography variant="h6" component="h2" gutterBottom>
                Audit log
              </Typography>
              <AuditLogCard />
            </div>
          </>
        ) : null}
      </Stack>
    </PageLayout>
  );
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ width: 200, color: 'text.secondary' }}>
        {label}
      </TableCell>
      <TableCell data-testid={testId} sx={{ wordBreak: 'break-all' }}>
        {children}
      </TableCell>
    </TableRow>
  );
}

function ListenerLink({ listener, off }: { listener: ListenerStatus | null; off: string }) {
  if (!listener) return <Typography color="text.secondary">{off}</Typography>;
  return (
    <Link href={listener.url} target="_blank" rel="noreferrer">
      {listener.url}
    </Link>
  );
}

function StatusView({
  status,
  webhook,
  tunnel,
  showWebhook,
}: {
  status: SystemStatus;
  webhook: Remote<WebhookSetup>;
  tunnel: TunnelControl;
  showWebhook: boolean;
}) {
  const { services, counts } = status;
  return (
    <Stack spacing={3}>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            This installation
          </Typography>
          <Table size="small" aria-label="Installation">
            <TableBody>
              <Row label="Version">{status.version}</Row>
              <Row label="Mode">
                {status.mode === 'desktop' ? 'Desktop (Electron window)' : 'Headless (server)'}
              </Row>
              <Row label="Data folder" testId="status-data-dir">
                <code>{status.dataDir}</code>
              </Row>
              <Row label="Database file" testId="status-database-file">
                <code>{status.databaseFile}</code>
              </Row>
              <Row label="Schema version" testId="status-schema-version">
                {status.schemaVersion}
              </Row>
              <Row label="Started at" testId="status-started-at">
                {formatDateTime(status.startedAt)}
              </Row>
              <Row label="Public listener" testId="status-public-url">
                <ListenerLink
                  listener={status.listeners.public}
                  off="Not listening (webhooks from WhatsApp cannot arrive)"
                />
              </Row>
              <Row label="Admin listener" testId="status-admin-url">
                <ListenerLink listener={status.listeners.admin} off="Not listening" />
              </Row>
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      {showWebhook ? (
        <div>
          <Typography variant="h6" component="h2" gutterBottom>
            WhatsApp connection
          </Typography>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 7 }}>
              <WebhookCard setup={webhook} tunnel={services.tunnel} control={tunnel} />
            </Grid>
            <Grid size={{ xs: 12, md: 5 }}>
              <TunnelCard tunnel={services.tunnel} control={tunnel} />
            </Grid>
          </Grid>
        </div>
      ) : null}

      <div>
        <Typography variant="h6" component="h2" gutterBottom>
          Services
        </Typography>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 6 }}>
            <ServiceCard testId="service-whatsapp" name="WhatsApp" service={services.whatsapp} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <ServiceCard
              testId="service-openai"
              name="OpenAI"
              service={services.openai}
              extra={[
                ['Model', services.openai.model],
                ['Base URL', services.openai.baseUrl],
              ]}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <ServiceCard
              testId="service-testPhone"
              name="Test phone"
              service={services.testPhone}
            />
          </Grid>
        </Grid>
      </div>

      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Stored records
          </Typography>
          <Table size="small" aria-label="Stored records">
            <TableBody>
              <Row label="Conversations" testId="count-conversations">
                {formatCount(counts.conversations)}
              </Row>
              <Row label="Messages" testId="count-messages">
                {formatCount(counts.messages)}
              </Row>
              <Row label="Voters" testId="count-voters">
                {formatCount(counts.voters)}
              </Row>
              <Row label="Bots" testId="count-bots">
                {formatCount(counts.bots)}
              </Row>
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Stack>
  );
}
