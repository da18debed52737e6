import AddOutlined from '@mui/icons-material/AddOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useCallback, useState } from 'react';
import type { BotConfiguration } from '../../../../shared/model';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { useIdentity } from '../../app/identity';
import { navigate } from '../../app/useHashLocation';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { useCall } from '../../lib/useCall';
import { BotCard } from './BotCard';
import { BotEditor } from './BotEditor';
import { TemplatesPanel } from './TemplatesPanel';
import { TryBotPanel } from './TryBotPanel';
import { RefreshButton } from '../../components/RefreshButton';

type TabId = 'bots' | 'templates';

/** The assistants (edit, activate, try) and the approved message templates. */
export function BotsPage({ tab }: { tab: string | null }) {
  const current: TabId = tab === 'templates' ? 'templates' : 'bots';
  return (
    <PageLayout
      id="bots"
      title="Bots"
      subtitle="How the assistant answers voters, and the templates operators may send."
    >
      <Box sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Tabs
          value={current}
          onChange={(_, v: TabId) => navigate('bots', v === 'templates' ? 'templates' : null)}
          aria-label="Bots sections"
        >
          <Tab value="bots" label="Bots" data-testid="tab-bots" />
          <Tab value="templates" label="Templates" data-testid="tab-templates" />
        </Tabs>
      </Box>
      {current === 'templates' ? <TemplatesTab /> : <BotsPanel />}
    </PageLayout>
  );
}

/** Bots and templates are changed by admins only (core refuses others with 'forbidden'). */
function AdminOnlyNote({ what }: { what: string }) {
  return (
    <Alert severity="info" data-testid="admin-only-note">
      Only an admin can change {what}. Ask an admin of this office.
    </Alert>
  );
}

function BotsPanel() {
  const { api } = useClient();
  const me = useIdentity();
  const canEdit = me?.role === 'admin';
  const bots = useRemote(useCallback(() => api.listBots({}), [api]));
  const [editing, setEditing] = useState<BotConfiguration | 'new' | null>(null);
  const [deleting, setDeleting] = useState<BotConfiguration | null>(null);
  const [activating, setActivating] = useState<string | null>(null);
  const { error, run } = useCall();

  const activate = async (bot: BotConfiguration) => {
    setActivating(bot.id);
    await run(() => api.activateBot({ id: bot.id }));
    setActivating(null);
    bots.reload();
  };

  return (
    <Stack spacing={2} sx={{ flex: 1, minHeight: 0 }}>
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        <RefreshButton onClick={bots.reload} loading={bots.loading} />
        <Button
          variant="contained"
          startIcon={<AddOutlined />}
          onClick={() => setEditing('new')}
          disabled={!canEdit}
          data-testid="bot-new"
        >
          New bot
        </Button>
      </Stack>
      {me && !canEdit ? <AdminOnlyNote what="bots (you can still try them)" /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <RemoteContent
        remote={bots}
        loadingLabel="Loading bots…"
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState
            title="No bots configured"
            hint="Pulse Desk creates a default bot on first start. Create one with New bot, or restart Pulse Desk and check its log for a database error."
          />
        }
      >
        {(list) => (
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, lg: 7 }}>
              <Stack spacing={2}>
                {list.map((bot) => (
                  <BotCard
                    key={bot.id}
                    bot={bot}
                    onEdit={() => setEditing(bot)}
                    onActivate={() => void activate(bot)}
                    onDelete={() => setDeleting(bot)}
                    activating={activating === bot.id}
                    canEdit={canEdit}
                  />
                ))}
              </Stack>
            </Grid>
            <Grid size={{ xs: 12, lg: 5 }}>
              <Box sx={{ position: { lg: 'sticky' }, top: { lg: 0 } }}>
                <TryBotPanel bots={list} />
              </Box>
            </Grid>
          </Grid>
        )}
      </RemoteContent>
      {editing ? (
        <BotEditor
          bot={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            bots.reload();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'this bot'}?`}
        confirmLabel="Delete bot"
        testId="bot-delete-dialog"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.deleteBot({ id: deleting.id });
          bots.reload();
        }}
      >
        Its settings, prompts and knowledge base are removed for good. Conversations it answered are
        kept.
      </ConfirmDialog>
    </Stack>
  );
}

function TemplatesTab() {
  const me = useIdentity();
  const canEdit = me?.role === 'admin';
  return (
    <Stack spacing={2}>
      {me && !canEdit ? <AdminOnlyNote what="templates" /> : null}
      <TemplatesPanel canEdit={canEdit} />
    </Stack>
  );
}
