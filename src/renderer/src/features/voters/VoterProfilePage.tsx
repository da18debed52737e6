import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo } from 'react';
import type { Conversation, VoterDetail, VoterRef } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { hrefFor } from '../../app/routes';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import {
  categoryLabel,
  displayName,
  formatCount,
  formatDateTime,
  languageLabel,
  sentimentColor,
  sentimentLabel,
} from '../../lib/format';
import { useCoalescedCallback } from '../../lib/useCoalescedCallback';
import { ChartCard } from '../analytics/ChartCard';
import { VoterPanel } from '../inbox/VoterPanel';
import { sentimentHistoryChart } from './voterCharts';

function ConversationItem({ c }: { c: Conversation }) {
  return (
    <ListItemButton
      component="a"
      href={hrefFor('inbox', c.id)}
      divider
      data-testid="voter-conversation"
    >
      <ListItemText
        primary={
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {formatDateTime(c.startedAt)}
            </Typography>
            <Chip size="small" label={languageLabel(c.language)} />
            {c.sentiment ? (
              <Chip
                size="small"
                color={sentimentColor(c.sentiment)}
                label={sentimentLabel(c.sentiment)}
              />
            ) : null}
            {c.category ? (
              <Chip size="small" variant="outlined" label={categoryLabel(c.category)} />
            ) : null}
            {c.humanHandoff ? (
              <Chip size="small" color="warning" label="Handed to a person" />
            ) : null}
            {c.sourceCampaign ? (
              <Chip size="small" variant="outlined" label={`Campaign ${c.sourceCampaign}`} />
            ) : null}
          </Stack>
        }
        secondary={[
          `${formatCount(c.messageCount)} messages`,
          c.topics.length ? `topics: ${c.topics.join(', ')}` : null,
          c.issues.length ? `issues: ${c.issues.join(', ')}` : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      />
    </ListItemButton>
  );
}

function VoterLink({ v }: { v: VoterRef }) {
  return (
    <Link href={hrefFor('voters', v.id)} data-testid="voter-ref">
      {displayName(v.name, null, null)} ({v.referralCode})
    </Link>
  );
}

function Profile({ detail }: { detail: VoterDetail }) {
  const chart = useMemo(
    () => sentimentHistoryChart(detail.voter.sentimentHistory),
    [detail.voter.sentimentHistory],
  );
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 4 }}>
        <Paper variant="outlined">
          <VoterPanel voter={detail.voter} />
        </Paper>
      </Grid>
      <Grid size={{ xs: 12, md: 8 }}>
        <Stack spacing={2}>
          <ChartCard spec={chart} height={200} />
          <Card data-testid="voter-conversations">
            <CardContent>
              <Typography variant="h6" component="h2">
                Conversations ({formatCount(detail.conversationCount)})
              </Typography>
              {detail.conversations.length ? (
                <List dense disablePadding>
                  {detail.conversations.map((c) => (
                    <ConversationItem key={c.id} c={c} />
                  ))}
                </List>
              ) : (
                <Typography variant="body2" color="text.secondary">
                  No conversation kept.
                </Typography>
              )}
              {detail.conversationCount > detail.conversations.length ? (
                <Typography variant="caption" color="text.secondary">
                  The latest {detail.conversations.length} are listed; search the inbox for the
                  number to see every one.
                </Typography>
              ) : null}
            </CardContent>
          </Card>
          <Card data-testid="voter-referrals">
            <CardContent>
              <Typography variant="h6" component="h2">
                Referrals
              </Typography>
              <Typography variant="body2">
                {detail.voter.sourceCampaign
                  ? `Came through campaign ${detail.voter.sourceCampaign}. `
                  : ''}
                {detail.referredBy ? (
                  <>
                    Referred by <VoterLink v={detail.referredBy} />.
                  </>
                ) : (
                  'Not referred by anyone.'
                )}
              </Typography>
              <Typography variant="body2" sx={{ mt: 1 }}>
                {detail.referred.length
                  ? `Brought ${formatCount(detail.voter.referralsMade)}:`
                  : 'Has not brought anyone yet.'}
              </Typography>
              <Stack component="ul" sx={{ m: 0, pl: 2.5 }}>
                {detail.referred.map((v) => (
                  <Typography component="li" variant="body2" key={v.id}>
                    <VoterLink v={v} />
                    {v.firstContacted ? ` · since ${formatDateTime(v.firstContacted)}` : ''}
                  </Typography>
                ))}
              </Stack>
            </CardContent>
          </Card>
        </Stack>
      </Grid>
    </Grid>
  );
}

/** One voter: profile, sentiment history, conversations (each opens in the inbox), referrals. */
export function VoterProfilePage({ id }: { id: string }) {
  const { api } = useClient();
  const detail = useRemote(useCallback(() => api.getVoter({ id }), [api, id]));
  const refreshSoon = useCoalescedCallback(detail.reload, 2000);
  useEvent('conversationChanged', refreshSoon);
  const voter = detail.data?.voter;
  return (
    <PageLayout
      id="voter"
      title={voter ? displayName(voter.name, voter.phoneNumber, voter.waUserId) : 'Voter'}
      subtitle={voter ? (voter.phoneNumber ?? voter.waUserId ?? undefined) : undefined}
      busy={detail.loading && detail.data !== undefined}
      actions={
        <Button href={hrefFor('voters')} startIcon={<ArrowBackOutlined />}>
          All voters
        </Button>
      }
    >
      <RemoteContent remote={detail} loadingLabel="Loading the voter…">
        {(d) => <Profile detail={d} />}
      </RemoteContent>
    </PageLayout>
  );
}
