import Paper from '@mui/material/Paper';
import TablePagination from '@mui/material/TablePagination';
import { useCallback, useState } from 'react';
import { LANGUAGES } from '../../../../shared/model';
import type { Language } from '../../../../shared/model';
import Stack from '@mui/material/Stack';
import { useClient } from '../../api/context';
import { useIdentity } from '../../app/identity';
import { useRemote } from '../../api/useRemote';
import { ChoiceFilter } from '../../components/ChoiceFilter';
import { EmptyState } from '../../components/EmptyState';
import { PageLayout } from '../../components/PageLayout';
import { RemoteContent } from '../../components/RemoteContent';
import { SearchField } from '../../components/SearchField';
import { clampPage, languageLabel } from '../../lib/format';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import type { SortDirection, VoterSort } from './voterSort';
import { VoterExport } from './VoterExport';
import { VotersTable } from './VotersTable';

const PAGE_SIZES = [25, 50, 100];

/** Everyone who has written in: searchable, sortable, paginated on the server. */
export function VotersPage() {
  const { api } = useClient();
  const me = useIdentity();
  const [search, setSearch] = useState('');
  const [language, setLanguage] = useState<Language | ''>('');
  const [sort, setSort] = useState<VoterSort>('lastContacted');
  const [direction, setDirection] = useState<SortDirection>('desc');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0] ?? 25);
  const query = useDebouncedValue(search.trim(), 300);

  const voters = useRemote(
    useCallback(
      () =>
        api.listVoters({
          search: query || undefined,
          language: language || undefined,
          sort,
          direction,
          offset: page * pageSize,
          limit: pageSize,
        }),
      [api, query, language, sort, direction, page, pageSize],
    ),
  );

  const onSort = (column: VoterSort) => {
    if (column === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setDirection(column === 'name' ? 'asc' : 'desc');
    }
    setPage(0);
  };

  const filtered = Boolean(query || language);

  return (
    <PageLayout
      id="voters"
      title="Voters"
      busy={voters.loading && voters.data !== undefined}
      actions={
        <>
          <SearchField
            placeholder="Search name or number"
            ariaLabel="Search voters"
            value={search}
            onChange={(v) => {
              setSearch(v);
              setPage(0);
            }}
          />
          <ChoiceFilter
            label="Language"
            value={language}
            options={LANGUAGES}
            labelOf={languageLabel}
            onChange={(v) => {
              setLanguage(v);
              setPage(0);
            }}
            sx={{ minWidth: 140 }}
          />
        </>
      }
    >
      <Stack spacing={2}>
        {me?.role === 'admin' ? <VoterExport search={query} language={language} /> : null}
        <RemoteContent
          remote={voters}
          loadingLabel="Loading voters…"
          isEmpty={(p) => p.items.length === 0}
          empty={
            <EmptyState
              title={filtered ? 'No voter matches' : 'No voters yet'}
              hint={
                filtered
                  ? 'Clear the search or the language filter to see everyone.'
                  : 'A voter profile is created the first time someone messages your number. Share a campaign link (Campaigns) to invite people.'
              }
            />
          }
        >
          {(p) => (
            <Paper variant="outlined">
              <VotersTable items={p.items} sort={sort} direction={direction} onSort={onSort} />
              <TablePagination
                component="div"
                count={p.total}
                page={clampPage(page, p.total, pageSize)}
                rowsPerPage={pageSize}
                rowsPerPageOptions={PAGE_SIZES}
                onPageChange={(_, next) => setPage(next)}
                onRowsPerPageChange={(e) => {
                  setPageSize(Number(e.target.value));
                  setPage(0);
                }}
              />
            </Paper>
          )}
        </RemoteContent>
      </Stack>
    </PageLayout>
  );
}
