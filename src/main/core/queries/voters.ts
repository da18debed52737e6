import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { VoterFilter } from '../../../shared/contract';
import type { Page, VoterProfile } from '../../../shared/model';
import { toVoterProfile } from '../store/mappers';
import type { DB } from '../store/schema';

export type VoterQuery = z.output<typeof VoterFilter>;

const SORT_COLUMNS = {
  lastContacted: 'last_contacted',
  name: 'name',
  totalMessagesSent: 'total_messages_sent',
  avgSentimentScore: 'avg_sentiment_score',
  referralsMade: 'referrals_made',
} as const;

/** The voter profiles a filter selects (shared by the list and the export). */
export function votersMatching(
  db: Kysely<DB>,
  f: { search?: string | undefined; language?: string | undefined },
) {
  let q = db.selectFrom('voter_profiles');
  if (f.language) q = q.where('preferred_language', '=', f.language);
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('name', 'like', like),
        eb('phone_number', 'like', like),
        eb('referral_code', 'like', like),
      ]),
    );
  }
  return q;
}

/** Voter profiles, sorted and paginated on the server. */
export async function listVoters(db: Kysely<DB>, f: VoterQuery): Promise<Page<VoterProfile>> {
  const q = votersMatching(db, f);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy(SORT_COLUMNS[f.sort], f.direction)
      .orderBy('id', 'asc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map(toVoterProfile),
    total: Number(count.n),
    offset: f.offset,
    limit: f.limit,
  };
}
