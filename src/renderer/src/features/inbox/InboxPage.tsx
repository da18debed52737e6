import SearchOutlined from '@mui/icons-material/SearchOutlined';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TablePagination from '@mui/material/TablePagination';
import TextField from '@mui/material/TextField';
import { useCallback, useState } from 'react';
import { LANGUAGES } from '../../../../shared/model';
import type { Language } from '../../../../shared/model';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { EmptyState } from '../../components/EmptyState';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { clampPage, languageLabel } from '../../lib/format';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { ConversationList } from './ConversationList';
import { ConversationPane } from './ConversationPane';

const PAGE_SIZES = [25, 50, 100];

/** Live list of conversations (server-paginated) with the selected one's messages beside it. */
export function InboxPage({ selectedId }: { selectedId: string | null }) {
  const { api } = useClient();
  const [search, setSearch] = useState('');
  const [handoffOnly, setHandoffOnly] = useState(false);
  const [language, setLanguage] = useState<Language | ''>('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0] ?? 25);
  const query = useDebouncedValue(search.trim(), 300);

  const list = useRemote(
    useCallback(
      () =>
        api.listConversations({
          search: query || undefined,
          humanHandoff: handoffOnly ? true : undefined,
          language: language || undefined,
          offset: page * pageSize,
          limit: pageSize,
        }),
      [api, query, handoffOnly, language, page, pageSize],
    ),
  );
  useEvent('conversationChanged', list.reload);
  useEvent('messageChanged', list.reload);

  const filtered = Boolean(query || handoffOnly || language);

  return (
    <PageLayout id="inbox" title="Inbox" busy={list.loading && list.data !== undefined}>
      <Box sx={{ display: 'flex', gap: 2, flex: 1, minHeight: 0 }}>
        <Paper
          variant="outlined"
          sx={{
            width: { xs: 300, lg: 380 },
            flexShrink: 0,
            display: 'flex',
            flexDirection: 'column',
            minHeight: 0,
          }}
        >
          <Stack spacing={1} sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider' }}>
            <TextField
              size="small"
              placeholder="Search name, number or text"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(0);
              }}
              slotProps={{
                htmlInput: { 'aria-label': 'Search conversations' },
                input: {
                  startAdornment: (
                    <InputAdornment position="start">
                      <SearchOutlined fontSize="small" />
                    </InputAdornment>
                  ),
                },
              }}
            />
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <FormControlLabel
                sx={{ flex: 1, mr: 0 }}
                control={
                  <Switch
                    size="small"
                    checked={handoffOnly}
                    onChange={(e) => {
                      setHandoffOnly(e.target.checked);
                      setPage(0);
                    }}
                  />
                }
                label="Needs a person"
              />
              <TextField
                select
                size="small"
                label="Language"
                value={language}
                onChange={(e) => {
                  setLanguage(e.target.value as Language | '');
                  setPage(0);
                }}
                sx={{ minWidth: 130 }}
              >
                <MenuItem value="">All</MenuItem>
                {LANGUAGES.map((l) => (
                  <MenuItem key={l} value={l}>
                    {languageLabel(l)}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
          </Stack>
          <Box sx={{ flex: 1, overflow: 'auto', minHeight: 0 }}>
            <RemoteContent
              remote={list}
              loadingLabel="Loading conversations…"
              isEmpty={(p) => p.items.length === 0}
              empty={
                <Box sx={{ p: 1.5 }}>
                  <EmptyState
                    title={filtered ? 'No conversation matches' : 'No conversations yet'}
                    hint={
                      filtered
                        ? 'Clear the search or the filters to see every conversation.'
                        : 'Conversations appear here as soon as someone writes to your WhatsApp number. To try it now, send a message from the test phone (see Settings).'
                    }
                  />
                </Box>
              }
            >
              {(p) => <ConversationList items={p.items} selectedId={selectedId} />}
            </RemoteContent>
          </Box>
          <TablePagination
            component="div"
            count={list.data?.total ?? 0}
            page={clampPage(page, list.data?.total ?? 0, pageSize)}
            rowsPerPage={pageSize}
            rowsPerPageOptions={PAGE_SIZES}
            labelRowsPerPage="Per page"
            onPageChange={(_, p) => setPage(p)}
            onRowsPerPageChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(0);
            }}
            sx={{ borderTop: 1, borderColor: 'divider', flexShrink: 0 }}
          />
        </Paper>
        <Paper
          variant="outlined"
          sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', minHeight: 0 }}
        >
          {selectedId ? (
            <ConversationPane key={selectedId} id={selectedId} />
          ) : (
            <Box sx={{ p: 3 }}>
              <EmptyState
                title="No conversation selected"
                hint="Pick a conversation on the left to read its messages."
              />
            </Box>
          )}
        </Paper>
      </Box>
    </PageLayout>
  );
}
