import type { Kysely } from 'kysely';
import type {
  AnalyticsSummary,
  Category,
  Language,
  ModelPrice,
  Sentiment,
} from '../../../shared/model';
import { CATEGORIES, LANGUAGES, SENTIMENTS } from '../../../shared/model';
import type { DB } from '../store/schema';

/** Headline figures over conversations started in [from, to). Shares of one total add up. */
export async function analyticsSummary(
  db: Kysely<DB>,
  range: { from?: string | undefined; to?: string | undefined },
  prices: Record<string, ModelPrice> = {},
): Promise<AnalyticsSummary> {
  const from = range.from ? new Date(range.from).toISOString() : null;
  const to = range.to ? new Date(range.to).toISOString() : null;
  let conv = db.selectFrom('conversations');
  if (from) conv = conv.where('started_at', '>=', from);
  if (to) conv = conv.where('started_at', '<', to);
  let msgs = db.selectFrom('messages');
  if (from) msgs = msgs.where('timestamp', '>=', from);
  if (to) msgs = msgs.where('timestamp', '<', to);

  const [totals, messages, voters, byLanguage, bySentiment, byCategory, tokens] = await Promise.all(
    [
      conv
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.sum<number>('human_handoff').as('handoffs'),
        ])
        .executeTakeFirstOrThrow(),
      msgs.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      conv
        .select((eb) => eb.fn.count<number>('voter_id').distinct().as('n'))
        .executeTakeFirstOrThrow(),
      conv
        .select(['language as key', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('language')
        .execute(),
      conv
        .select(['sentiment as key', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('sentiment')
        .execute(),
      conv
        .select(['category as key', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('category')
        .execute(),
      msgs
        .where('prompt_tokens', 'is not', null)
        .select((eb) => [
          'model_used',
          eb.fn.sum<number>('prompt_tokens').as('p'),
          eb.fn.sum<number>('completion_tokens').as('c'),
        ])
        .groupBy('model_used')
        .execute(),
    ],
  );
  const tally = <K extends string>(
    keys: readonly K[],
    rows: { key: string | null; n: number }[],
    other?: K,
  ) => {
    const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    if (other) out[other] = 0;
    for (const r of rows) {
      const k = (r.key ?? other) as K | undefined;
      if (k !== undefined && k in out) out[k] += Number(r.n);
    }
    return out;
  };
  return {
    from,
    to,
    conversations: Number(totals.n),
    messages: Number(messages.n),
    voters: Number(voters.n),
    handoffs: Number(totals.handoffs ?? 0),
    byLanguage: tally<Language>(LANGUAGES, byLanguage),
    bySentiment: tally<Sentiment | 'unknown'>(SENTIMENTS, bySentiment, 'unknown'),
    byCategory: tally<Category | 'unknown'>(CATEGORIES, byCategory, 'unknown'),
    model: priceTokens(tokens, prices),
  };
}

/** Token totals per model priced by the admin's table; models without a price are listed. */
export function priceTokens(
  tokens: { model_used: string | null; p: number | null; c: number | null }[],
  prices: Record<string, ModelPrice>,
): AnalyticsSummary['model'] {
  const cost: Record<string, number> = {};
  const unpriced: string[] = [];
  for (const t of tokens) {
    const price = prices[t.model_used ?? ''];
    if (!price) {
      unpriced.push(t.model_used ?? 'unknown');
      continue;
    }
    cost[price.currency] =
      (cost[price.currency] ?? 0) +
      (Number(t.p ?? 0) * price.inputPerMillion + Number(t.c ?? 0) * price.outputPerMillion) / 1e6;
  }
  return {
    promptTokens: tokens.reduce((x, t) => x + Number(t.p ?? 0), 0),
    completionTokens: tokens.reduce((x, t) => x + Number(t.c ?? 0), 0),
    cost,
    unpriced,
  };
}
