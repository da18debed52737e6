import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import type { DrillFilter } from '../../../../shared/model';
import { useEvent } from '../../api/context';
import { useIdentity } from '../../app/identity';
import { navigate } from '../../app/useHashLocation';
import { describeDrill, parseDrill } from '../analytics/charts';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { PageLayout } from '../../components/PageLayout';
import { VirtualList } from '../../components/VirtualList';
import { formatCount } from '../../lib/format';
import { useCoalescedCallback } from '../../lib/useCoalescedCallback';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { ConversationPane } from './ConversationPane';
import { ConversationRow, ConversationRowPlaceholder, ROW_HEIGHT } from './ConversationRow';
import { InboxFilters, NO_FILTERS, isFiltered } from './InboxFilters';
import type { InboxFilterValues } from './InboxFilters';
import { useConversationPages } from './useConversationPages';
import type { ConversationQuery } from './useConversationPages';
import { RefreshButton } from '../../components/RefreshButton';

function toQuery(f: InboxFilterValues, search: string, campaign: string): ConversationQuery {
  return {
    search: search || undefined,
    humanHandoff: f.needsPerson ? true : undefined,
    mine: f.mine ? true : undefined,
    language: f.language || undefined,
    sentiment: f.sentiment || undefined,
    category: f.category || undefined,
    campaign: campaign || undefined,
    resolved: f.resolved === 'all' ? undefined : f.resolved === 'resolved',
  };
}

/**
 * The operator desk: every conversation (server-paged, virtualized, live) on the left, the
 * selected one's thread beside it.
 */
export function InboxPage({
  selectedId,
  query: address = '',
}: {
  selectedId: string | null;
  /** The hash's query (`#/inbox?topic=water`): a drill-down filter from Analytics. */
  query?: string;
}) {
  const me = useIdentity();
  const [filters, setFilters] = useState<InboxFilterValues>(NO_FILTERS);
  // A drill-down opened from the address stays while conversations are opened (their links
  // carry no query), until it is cleared or another drill-down address is opened.
  const [drill, setDrill] = useState<DrillFilter>(() => parseDrill(address));
  const [seenAddress, setSeenAddress] = useState(address);
  if (address !== seenAddress) {
    setSeenAddress(address);
    if (address) setDrill(parseDrill(address));
  }
  const drillText = describeDrill(drill);
  const search = useDebouncedValue(filters.search.trim(), 300);
  const campaign = useDebouncedValue(filters.campaign.trim(), 300);
  const query = useMemo(
    () => ({ ...toQuery(filters, search, campaign), ...drill }),
    [filters, search, campaign, drill],
  );
  const listKey = JSON.stringify(query);
  const list = useConversationPages(query);

  // A burst of changes (a busy hour) costs one refresh a second, not one per message.
  const refreshSoon = useCoalescedCallback(list.refresh, 1000);
  useEvent('conversationChanged', refreshSoon);
  // Read in another window or by another operator: unread badges change.
  useEvent('conversationRead', refreshSoon);
  useEvent('messageChanged', refreshSoon);
  useEvent('handoffRequested', refreshSoon);

  const filtered = isFiltered(filters) || Boolean(drillText);

  return (
    <PageLayout
      id="inbox"
      title="Inbox"
      busy={list.loading && list.total !== null}
      actions={<RefreshButton onClick={list.refresh} loading={list.loading} />}
    >
      <Box sx={{ display: 'flex', gap: 2, flex: 1, minHeight: 0 }}>
        <Paper
          variant="outlined"
          sx={{
            width: { xs: 320, lg: 400 },
            flexShrink: 0,
            display: 'flex',
            flexDirection: 'column',
            minHeight: 0,
            overflow: 'hidden',
          }}
        >
          <InboxFilters value={filters} onChange={setFilters} />
          {drillText ? (
            <Box sx={{ px: 1.5, pt: 1, flexShrink: 0 }}>
              <Chip
                data-testid="inbox-drill"
                color="primary"
                variant="outlined"
                label={`From Analytics: ${drillText}`}
                onDelete={() => {
                  setDrill({});
                  if (address) navigate('inbox', selectedId);
                }}
                sx={{ maxWidth: '100%' }}
              />
            </Box>
          ) : null}
          {list.error ? (
            <Box sx={{ p: 1.5, flexShrink: 0 }}>
              <ErrorAlert error={list.error} onRetry={list.refresh} />
            </Box>
          ) : null}
          {list.total === null ? (
            list.error ? null : (
              <LoadingState label="Loading conversations…" />
            )
          ) : list.total === 0 ? (
            <Box sx={{ p: 1.5 }}>
              <EmptyState
                title={filtered ? 'No conversation matches' : 'No conversations yet'}
                hint={
                  filtered
                    ? 'Clear the search or the filters to see every conversation.'
                    : 'Conversations appear here as soon as someone writes to your WhatsApp number. To try it now, send a message from the Test phone page.'
                }
              />
            </Box>
          ) : (
            <VirtualList
              key={listKey}
              count={list.total}
              rowHeight={ROW_HEIGHT}
              overscan={8}
              onVisibleRangeChange={list.setRange}
              aria-label="Conversations"
              testId="conversation-list"
              renderRow={(i) => {
                const c = list.itemAt(i);
                return c ? (
                  <ConversationRow conversation={c} selected={c.id === selectedId} me={me} />
                ) : (
                  <ConversationRowPlaceholder />
                );
              }}
            />
          )}
          <Typography
            variant="caption"
            color="text.secondary"
            data-testid="conversation-total"
            sx={{ px: 2, py: 0.75, borderTop: 1, borderColor: 'divider', flexShrink: 0 }}
          >
            {list.total === null
              ? '\u00a0'
              : `${formatCount(list.total)} conversation${list.total === 1 ? '' : 's'}${filtered ? ' match' : ''}`}
          </Typography>
        </Paper>
        <Paper
          variant="outlined"
          sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', minHeight: 0 }}
        >
          {selectedId ? (
            <ConversationPane key={selectedId} id={selectedId} onChanged={refreshSoon} />
          ) : (
            <Box sx={{ p: 3 }}>
              <EmptyState
                title="No conversation selected"
                hint="Pick a conversation on the left to read it and reply."
              />
            </Box>
          )}
        </Paper>
      </Box>
    </PageLayout>
  );
}
