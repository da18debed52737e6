import RefreshOutlined from '@mui/icons-material/RefreshOutlined';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import { useCallback } from 'react';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { EmptyState } from '../../components/EmptyState';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { BotCard } from './BotCard';

/** The configured assistants and how each one behaves. */
export function BotsPage() {
  const { api } = useClient();
  const bots = useRemote(useCallback(() => api.listBots({}), [api]));

  return (
    <PageLayout
      id="bots"
      title="Bots"
      busy={bots.loading && bots.data !== undefined}
      actions={
        <Button
          variant="outlined"
          startIcon={<RefreshOutlined />}
          onClick={bots.reload}
          disabled={bots.loading}
        >
          Refresh
        </Button>
      }
    >
      <RemoteContent
        remote={bots}
        loadingLabel="Loading bots…"
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState
            title="No bots configured"
            hint="Pulse Desk creates a default bot on first start. If none is listed, restart Pulse Desk or check its log for a database error."
          />
        }
      >
        {(list) => (
          <Grid container spacing={2}>
            {list.map((bot) => (
              <Grid key={bot.id} size={{ xs: 12, lg: 6 }}>
                <BotCard bot={bot} />
              </Grid>
            ))}
          </Grid>
        )}
      </RemoteContent>
    </PageLayout>
  );
}
