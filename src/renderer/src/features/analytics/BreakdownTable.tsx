import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatCount, formatPercent } from '../../lib/format';

interface BreakdownTableProps {
  title: string;
  testId: string;
  counts: Record<string, number>;
  label: (key: string) => string;
}

/** A small count-and-share table, largest first (the same rows a chart will draw later). */
export function BreakdownTable({ title, testId, counts, label }: BreakdownTableProps) {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  return (
    <Card data-testid={testId} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {title}
        </Typography>
        <Table size="small" aria-label={title}>
          <TableHead>
            <TableRow>
              <TableCell />
              <TableCell align="right">Count</TableCell>
              <TableCell align="right">Share</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(([key, n]) => (
              <TableRow key={key}>
                <TableCell component="th" scope="row">
                  {label(key)}
                </TableCell>
                <TableCell align="right">{formatCount(n)}</TableCell>
                <TableCell align="right">{total ? formatPercent(n / total) : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
