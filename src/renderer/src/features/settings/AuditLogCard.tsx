import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { EmptyState } from '../../components/EmptyState';
import { RemoteContent } from '../../components/RemoteContent';
import { clampPage, formatDateTime } from '../../lib/format';
import { compactJson } from '../../lib/json';
import { RefreshButton } from '../../components/RefreshButton';

const PAGE_SIZES = [25, 50, 100];

/** Who did what when (sign-ins, takeovers, bot and team changes), newest first. */
export function AuditLogCard() {
  const { api } = useClient();
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0] ?? 25);
  const audit = useRemote(
    useCallback(
      () => api.listAudit({ offset: page * pageSize, limit: pageSize }),
      [api, page, pageSize],
    ),
  );
  const total = audit.data?.total ?? 0;

  return (
    <Card data-testid="audit-card">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
              Every change made through Pulse Desk, with who made it.
            </Typography>
            <RefreshButton onClick={audit.reload} loading={audit.loading} />
          </Stack>
          <RemoteContent
            remote={audit}
            loadingLabel="Loading the audit log…"
            isEmpty={(p) => p.items.length === 0}
            empty={
              <EmptyState
                title="Nothing recorded yet"
                hint="Changes appear here as people make them."
              />
            }
          >
            {(p) => (
              <Table size="small" aria-label="Audit log">
                <TableHead>
                  <TableRow>
                    <TableCell>When</TableCell>
                    <TableCell>Who</TableCell>
                    <TableCell>What</TableCell>
                    <TableCell>On</TableCell>
                    <TableCell>Details</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {p.items.map((e) => {
                    const details = compactJson(e.details);
                    return (
                      <TableRow key={e.id} data-testid="audit-row">
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</TableCell>
                        <TableCell>{e.actor}</TableCell>
                        <TableCell>
                          <code>{e.action}</code>
                        </TableCell>
                        <TableCell sx={{ wordBreak: 'break-all' }}>{e.target ?? '—'}</TableCell>
                        <TableCell sx={{ maxWidth: 360 }}>
                          <Tooltip title={details.length > 80 ? details : ''}>
                            <Typography variant="body2" noWrap>
                              {details || '—'}
                            </Typography>
                          </Tooltip>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </RemoteContent>
          <TablePagination
            component="div"
            count={total}
            page={clampPage(page, total, pageSize)}
            rowsPerPage={pageSize}
            rowsPerPageOptions={PAGE_SIZES}
            labelRowsPerPage="Per page"
            onPageChange={(_, n) => setPage(n)}
            onRowsPerPageChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(0);
            }}
          />
        </Stack>
      </CardContent>
    </Card>
  );
}
