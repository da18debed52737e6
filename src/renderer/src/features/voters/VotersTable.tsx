import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import type { VoterProfile } from '../../../../shared/model';
import { hrefFor } from '../../app/routes';
import {
  formatCount,
  formatDateTime,
  formatRelative,
  formatScore,
  languageLabel,
} from '../../lib/format';
import type { SortDirection, VoterSort } from './voterSort';

interface Column {
  label: string;
  sort?: VoterSort;
  align?: 'right';
}

const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Phone' },
  { label: 'Language' },
  { label: 'Messages', sort: 'totalMessagesSent', align: 'right' },
  { label: 'Avg. sentiment', sort: 'avgSentimentScore', align: 'right' },
  { label: 'Referrals', sort: 'referralsMade', align: 'right' },
  { label: 'Referral code' },
  { label: 'Last contacted', sort: 'lastContacted' },
];

interface VotersTableProps {
  items: VoterProfile[];
  sort: VoterSort;
  direction: SortDirection;
  onSort: (column: VoterSort) => void;
}

export function VotersTable({ items, sort, direction, onSort }: VotersTableProps) {
  return (
    <TableContainer>
      <Table size="small" aria-label="Voters" data-testid="voters-table">
        <TableHead>
          <TableRow>
            {COLUMNS.map((col) => (
              <TableCell
                key={col.label}
                align={col.align}
                sortDirection={col.sort && col.sort === sort ? direction : false}
              >
                {col.sort ? (
                  <TableSortLabel
                    active={col.sort === sort}
                    direction={col.sort === sort ? direction : 'asc'}
                    onClick={() => col.sort && onSort(col.sort)}
                  >
                    {col.label}
                  </TableSortLabel>
                ) : (
                  col.label
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((v) => (
            <TableRow key={v.id} hover data-testid="voter-row">
              <TableCell lang={v.preferredLanguage}>
                <Link href={hrefFor('voters', v.id)} data-testid="voter-link" underline="hover">
                  {v.name?.trim() || (
                    <Typography component="span" variant="body2" color="text.secondary">
                      No name given
                    </Typography>
                  )}
                </Link>
                {v.optedOutAt ? (
                  <Typography variant="caption" color="warning.main" sx={{ display: 'block' }}>
                    Opted out {formatDateTime(v.optedOutAt)}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell>{v.phoneNumber ?? '—'}</TableCell>
              <TableCell>{languageLabel(v.preferredLanguage)}</TableCell>
              <TableCell align="right">{formatCount(v.totalMessagesSent)}</TableCell>
              <TableCell align="right">{formatScore(v.avgSentimentScore)}</TableCell>
              <TableCell align="right">{formatCount(v.referralsMade)}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{v.referralCode}</TableCell>
              <TableCell title={formatDateTime(v.lastContacted)}>
                {formatRelative(v.lastContacted)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
