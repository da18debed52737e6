import type { Compilable } from 'kysely';
import { sql } from 'kysely';
import QRCode from 'qrcode';
import type { CampaignQr, CampaignSummary } from '../../../shared/model';
import type { Store } from '../store/db';

/** Per campaign tag: conversations, voters who first came through it, and how many were referred. */
export function listCampaigns(s: Store): CampaignSummary[] {
  const q: Compilable<{
    campaign: string;
    conversations: number;
    joined: number;
    referred: number;
  }> = {
    compile: () =>
      sql<{ campaign: string; conversations: number; joined: number; referred: number }>`
      with firsts as (
        select c.voter_id as voter_id, c.source_campaign as campaign
        from conversations c
        where c.voter_id is not null and c.started_at = (
          select min(c2.started_at) from conversations c2 where c2.voter_id = c.voter_id)
        group by c.voter_id
      ),
      joined as (
        select f.campaign as campaign, count(*) as joined,
          sum(v.referred_by is not null) as referred
        from firsts f join voter_profiles v on v.id = f.voter_id
        where f.campaign is not null group by 1
      )
      select c.source_campaign as campaign, count(*) as conversations,
        coalesce(j.joined, 0) as joined, coalesce(j.referred, 0) as referred
      from conversations c left join joined j on j.campaign = c.source_campaign
      where c.source_campaign is not null
      group by 1 order by 2 desc, 1`.compile(s.db),
  };
  return s.all(q).map((r) => ({
    campaign: r.campaign,
    conversations: Number(r.conversations),
    votersJoined: Number(r.joined),
    referredVoters: Number(r.referred),
  }));
}

/** A QR code for a link (a campaign's wa.me link), as SVG text or a PNG data URL. */
export async function campaignQr(url: string, format: 'svg' | 'png'): Promise<CampaignQr> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  return format === 'svg'
    ? { format, svg: await QRCode.toString(url, { ...options, type: 'svg' }) }
    : { format, dataUrl: await QRCode.toDataURL(url, { ...options, width: 512 }) };
}
