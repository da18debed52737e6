import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BotConfiguration } from '../../../shared/model';
import { toBotConfiguration } from '../store/mappers';
import type { DB } from '../store/schema';

/** Every bot configuration, by name. */
export async function listBots(db: Kysely<DB>): Promise<BotConfiguration[]> {
  const rows = await db.selectFrom('bot_configurations').selectAll().orderBy('name').execute();
  return rows.map(toBotConfiguration);
}

/** A fresh install gets one active bot, so the test phone answers from the first minute. */
export async function ensureDefaultBot(db: Kysely<DB>, model: string, now: string): Promise<void> {
  const existing = await db
    .selectFrom('bot_configurations')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('bot_configurations')
    .values({
      id: randomUUID(),
      name: 'Field office assistant',
      description: 'Answers voters for the field office and hands over to a person when needed.',
      personality: 'friendly',
      ai_model: model,
      system_prompt:
        'You answer people who write to the field office on WhatsApp. Be brief, polite and factual. ' +
        'Answer in the language the person writes in. Say when a person from the office will follow up.',
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
