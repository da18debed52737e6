import QRCode from 'qrcode';
import type { CampaignQr, CampaignSummary } from '../../../shared/model';
import type { Store } from '../store/db';

/** Per campaign tag: conversations, voters who first came through it, and how many were referred. */
export function listCampaigns(s: Store): CampaignSummary[] {
  const rows = s.all(
    s.db
      .selectFrom('rollups')
      .select(['campaign', 'kind', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('kind', 'in', ['conversation', 'voter', 'voter.referred'])
      .where('campaign', '<>', '')
      .where('period', '>=', 'M') // month rows: each record once
      .groupBy(['campaign', 'kind']),
  );
  const out = new Map<string, CampaignSummary>();
  for (const r of rows) {
    const c = out.get(r.campaign) ?? {
      campaign: r.campaign,
      conversations: 0,
      votersJoined: 0,
      referredVoters: 0,
    };
    const n = Number(r.n);
    if (r.kind === 'conversation') c.conversations += n;
    else if (r.kind === 'voter') c.votersJoined += n;
    else c.referredVoters += n;
    out.set(r.campaign, c);
  }
  return [...out.values()]
    .filter((c) => c.conversations > 0 || c.votersJoined > 0)
    .sort((a, b) => b.conversations - a.conversations || (a.campaign < b.campaign ? -1 : 1));
}

/** A QR code for a link (a campaign's wa.me link), as SVG text or a PNG data URL. */
export async function campaignQr(url: string, format: 'svg' | 'png'): Promise<CampaignQr> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  return format === 'svg'
    ? { format, svg: await QRCode.toString(url, { ...options, type: 'svg' }) }
    : { format, dataUrl: await QRCode.toDataURL(url, { ...options, width: 512 }) };
}
