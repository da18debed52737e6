import RefreshOutlined from '@mui/icons-material/RefreshOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import type { AnalyticsSummary, Category, Sentiment } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { EmptyState } from '../../components/EmptyState';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { categoryLabel, formatCount, languageLabel, sentimentLabel } from '../../lib/format';
import { BreakdownTable } from './BreakdownTable';

/** `yyyy-mm-dd` from a date input as the start (or end) of that local day, in ISO form. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Totals and breakdowns for a date range (all time by default). */
export function AnalyticsPage() {
  const { api } = useClient();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const summary = useRemote(
    useCallback(
      () => api.getAnalytics({ from: dayBoundary(from, false), to: dayBoundary(to, true) }),
      [api, from, to],
    ),
  );
  useEvent('conversationChanged', summary.reload);

  return (
    <PageLayout
      id="analytics"
      title="Analytics"
      busy={summary.loading && summary.data !== undefined}
      actions={
        <>
          <TextField
            type="date"
            size="small"
            label="From"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            type="date"
            size="small"
            label="To"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button
            variant="outlined"
            startIcon={<RefreshOutlined />}
            onClick={summary.reload}
            disabled={summary.loading}
          >
            Refresh
          </Button>
        </>
      }
    >
      <RemoteContent
        remote={summary}
        loadingLabel="Loading analytics…"
        isEmpty={(s) => s.conversations === 0 && s.messages === 0 && s.voters === 0}
        empty={
          <EmptyState
            title={from || to ? 'Nothing in this date range' : 'No data yet'}
            hint={
              from || to
                ? 'Widen or clear the date range to see more.'
                : 'Analytics fill in as conversations arrive. Send a message from the test phone or your WhatsApp number to get started.'
            }
          />
        }
      >
        {(s) => <SummaryView summary={s} />}
      </RemoteContent>
    </PageLayout>
  );
}

function StatCard({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card data-testid={testId} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p" sx={{ fontWeight: 700 }}>
          {formatCount(value)}
        </Typography>
      </CardContent>
    </Card>
  );
}

function SummaryView({ summary: s }: { summary: AnalyticsSummary }) {
  const stats = [
    { label: 'Conversations', value: s.conversations, testId: 'stat-conversations' },
    { label: 'Messages', value: s.messages, testId: 'stat-messages' },
    { label: 'Voters', value: s.voters, testId: 'stat-voters' },
    { label: 'Handoffs to a person', value: s.handoffs, testId: 'stat-handoffs' },
  ];
  return (
    <Stack spacing={3}>
      <Grid container spacing={2}>
        {stats.map((stat) => (
          <Grid key={stat.testId} size={{ xs: 12, sm: 6, md: 3 }}>
            <StatCard {...stat} />
          </Grid>
        ))}
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <BreakdownTable
            title="By language"
            testId="by-language"
            counts={s.byLanguage}
            label={languageLabel}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <BreakdownTable
            title="By sentiment"
            testId="by-sentiment"
            counts={s.bySentiment}
            label={(k) => sentimentLabel(k as Sentiment | 'unknown')}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <BreakdownTable
            title="By category"
            testId="by-category"
            counts={s.byCategory}
            label={(k) => categoryLabel(k as Category | 'unknown')}
          />
        </Grid>
      </Grid>
    </Stack>
  );
}
