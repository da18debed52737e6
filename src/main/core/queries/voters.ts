import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { VoterFilter } from '../../../shared/contract';
import type { Page, VoterDetail, VoterProfile, VoterRef } from '../../../shared/model';
import { AppError } from '../../../shared/result';
import type { Store } from '../store/db';
import { toConversation, toVoterProfile } from '../store/mappers';
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

const PROFILE_LIST_LIMIT = 100;

/** A voter's profile page: the profile, their conversations, who referred them and whom they did. */
export function voterDetail(s: Store, id: string): VoterDetail {
  const row = s.first(s.db.selectFrom('voter_profiles').selectAll().where('id', '=', id));
  if (!row)
    throw new AppError('not_found', 'That voter does not exist (their data may have been erased).');
  const ref = (r: {
    id: string;
    name: string | null;
    referral_code: string;
    first_contacted: string | null;
  }): VoterRef => ({
    id: r.id,
    name: r.name,
    referralCode: r.referral_code,
    firstContacted: r.first_contacted,
  });
  const refColumns = ['id', 'name', 'referral_code', 'first_contacted'] as const;
  const referrer = row.referred_by
    ? s.first(
        s.db.selectFrom('voter_profiles').select(refColumns).where('id', '=', row.referred_by),
      )
    : undefined;
  const conversations = s.db.selectFrom('conversations').where('voter_id', '=', id);
  return {
    voter: toVoterProfile(row),
    conversations: s
      .all(conversations.selectAll().orderBy('started_at', 'desc').limit(PROFILE_LIST_LIMIT))
      .map(toConversation),
    conversationCount: Number(
      s.first(conversations.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0,
    ),
    referredBy: referrer ? ref(referrer) : null,
    referred: s
      .all(
        s.db
          .selectFrom('voter_profiles')
          .select(refColumns)
          .where('referred_by', '=', id)
          .orderBy('first_contacted', 'desc')
          .limit(PROFILE_LIST_LIMIT),
      )
      .map(ref),
  };
}
