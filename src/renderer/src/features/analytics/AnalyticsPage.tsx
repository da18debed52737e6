import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo, useState } from 'react';
import { LANGUAGES } from '../../../../shared/model';
import type { Dashboard, Language } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { ChoiceFilter } from '../../components/ChoiceFilter';
import { EmptyState } from '../../components/EmptyState';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { formatCount, formatPercent, languageLabel } from '../../lib/format';
import { useCoalescedCallback } from '../../lib/useCoalescedCallback';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { ChartCard } from './ChartCard';
import { dashboardCharts } from './charts';
import { RefreshButton } from '../../components/RefreshButton';

/** `yyyy-mm-dd` from a date input as the start of that local day (or of the next one), in ISO. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (end) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** Live refreshes come at most this often, however busy the hour. */
const LIVE_REFRESH_MS = 5000;

/** The dashboard: every figure as a chart, filtered by dates, language and campaign; live. */
export function AnalyticsPage() {
  const { api } = useClient();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [language, setLanguage] = useState<Language | ''>('');
  const [campaignText, setCampaignText] = useState('');
  const [bot, setBot] = useState('');
  const bots = useRemote(useCallback(() => api.listBots({}), [api]));
  const [bucket, setBucket] = useState<'day' | 'week'>('day');
  const campaign = useDebouncedValue(campaignText.trim(), 300);
  const dashboard = useRemote(
    useCallback(
      () =>
        api.getDashboard({
          from: dayBoundary(from, false),
          to: dayBoundary(to, true),
          language: language || undefined,
          campaign: campaign || undefined,
          bot: bot || undefined,
          bucket,
        }),
      [api, from, to, language, campaign, bot, bucket],
    ),
  );
  const refreshSoon = useCoalescedCallback(dashboard.reload, LIVE_REFRESH_MS);
  useEvent('conversationChanged', refreshSoon);
  useEvent('messageChanged', refreshSoon);
  const filtered = Boolean(from || to || language || campaign || bot);

  return (
    <PageLayout
      id="analytics"
      title="Analytics"
      busy={dashboard.loading && dashboard.data !== undefined}
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
          <ChoiceFilter
            label="Language"
            value={language}
            options={LANGUAGES}
            labelOf={languageLabel}
            onChange={setLanguage}
            sx={{ minWidth: 130 }}
          />
          <TextField
            size="small"
            label="Campaign"
            value={campaignText}
            onChange={(e) => setCampaignText(e.target.value)}
            sx={{ width: 150 }}
            slotProps={{ htmlInput: { maxLength: 200 } }}
          />
          <ChoiceFilter
            label="Bot"
            value={bot}
            options={(bots.data ?? []).map((b) => b.id)}
            labelOf={(id) => bots.data?.find((b) => b.id === id)?.name ?? id}
            onChange={setBot}
            sx={{ minWidth: 130 }}
          />
          <TextField
            select
            size="small"
            label="Per"
            value={bucket}
            onChange={(e) => setBucket(e.target.value as 'day' | 'week')}
            sx={{ minWidth: 90 }}
          >
            <MenuItem value="day">Day</MenuItem>
            <MenuItem value="week">Week</MenuItem>
          </TextField>
          <RefreshButton onClick={dashboard.reload} loading={dashboard.loading} />
        </>
      }
    >
      <RemoteContent
        remote={dashboard}
        loadingLabel="Loading analytics…"
        isEmpty={(d) => d.conversations === 0 && d.messages === 0}
        empty={
          <EmptyState
            title={filtered ? 'Nothing matches these filters' : 'No data yet'}
            hint={
              filtered
                ? 'Widen the date range or clear the language, campaign and bot filters.'
                : 'Analytics fill in as conversations arrive. Send a message from the test phone or your WhatsApp number to get started.'
            }
          />
        }
      >
        {(d) => <DashboardView dashboard={d} />}
      </RemoteContent>
    </PageLayout>
  );
}

function StatCard({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card data-testid={testId} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p" sx={{ fontWeight: 700 }}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

function DashboardView({ dashboard: d }: { dashboard: Dashboard }) {
  const charts = useMemo(() => dashboardCharts(d), [d]);
  const stats = [
    { label: 'Conversations', value: formatCount(d.conversations), testId: 'stat-conversations' },
    { label: 'Messages', value: formatCount(d.messages), testId: 'stat-messages' },
    { label: 'New voters', value: formatCount(d.voters), testId: 'stat-voters' },
    { label: 'Handed to a person', value: formatPercent(d.handoff.rate), testId: 'stat-handoffs' },
  ];
  return (
    <Stack spacing={2}>
      <Grid container spacing={2}>
        {stats.map((stat) => (
          <Grid key={stat.testId} size={{ xs: 12, sm: 6, md: 3 }}>
            <StatCard {...stat} />
          </Grid>
        ))}
      </Grid>
      <Typography variant="body2" color="text.secondary">
        Click a bar or slice, or a link under a chart, to open those conversations in the inbox.
      </Typography>
      <Grid container spacing={2}>
        {charts.map((spec) => (
          <Grid
            key={spec.id}
            size={{
              xs: 12,
              md: spec.id === 'timeline' || spec.id === 'sentiment-trend' ? 12 : 6,
              lg: spec.id === 'timeline' || spec.id === 'sentiment-trend' ? 6 : 4,
            }}
          >
            <ChartCard spec={spec} />
          </Grid>
        ))}
      </Grid>
    </Stack>
  );
}
