import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';
import { useClient, useEvent } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { EmptyState } from '../../components/EmptyState';
import { RemoteContent } from '../../components/RemoteContent';
import { formatCount } from '../../lib/format';
import { useCoalescedCallback } from '../../lib/useCoalescedCallback';
import { inboxHref } from '../analytics/charts';

/** Every campaign tag seen so far: conversations and voters who joined through it. */
export function CampaignList() {
  const { api } = useClient();
  const campaigns = useRemote(useCallback(() => api.listCampaigns({}), [api]));
  const refreshSoon = useCoalescedCallback(campaigns.reload, 5000);
  useEvent('conversationChanged', refreshSoon);
  return (
    <Card data-testid="campaign-list">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Campaigns
        </Typography>
        <RemoteContent
          remote={campaigns}
          loadingLabel="Loading campaigns…"
          isEmpty={(list) => list.length === 0}
          empty={
            <EmptyState
              title="No campaign conversations yet"
              hint="Conversations started from a link with a campaign tag are counted here."
            />
          }
        >
          {(list) => (
            <Table size="small" aria-label="Campaigns">
              <TableHead>
                <TableRow>
                  <TableCell>Campaign tag</TableCell>
                  <TableCell align="right">Conversations</TableCell>
                  <TableCell align="right">Voters joined</TableCell>
                  <TableCell align="right">Through a referral</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {list.map((c) => (
                  <TableRow key={c.campaign}>
                    <TableCell component="th" scope="row">
                      <Link href={inboxHref({ campaign: c.campaign })} underline="hover">
                        {c.campaign}
                      </Link>
                    </TableCell>
                    <TableCell align="right">{formatCount(c.conversations)}</TableCell>
                    <TableCell align="right">{formatCount(c.votersJoined)}</TableCell>
                    <TableCell align="right">{formatCount(c.referredVoters)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </RemoteContent>
      </CardContent>
    </Card>
  );
}
