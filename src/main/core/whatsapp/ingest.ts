import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Emitted } from '../jobs';
import { enqueueJob } from '../jobs';
import type { Store } from '../store/db';
import { prepared } from '../store/db';
import type {
  InboundMessagesTable,
  MessageStatusesTable,
  WebhookEventsTable,
} from '../store/schema';
import type { ParsedWebhook, StatusUpdate } from './webhook';

export type WebhookSource = 'whatsapp' | 'simulator';

export interface IngestItem {
  source: WebhookSource;
  body: string;
  signature: string | null;
  parsed: ParsedWebhook;
  receivedAt: string;
}

export interface IngestResult {
  duplicateBody: boolean;
  newMessages: number;
  duplicateMessages: number;
  statuses: number;
}

const RANK = sql`CASE delivery_status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE -1 END`;
const RANK_OF: Record<string, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 3,
  failed: 4,
};

/** The delivery status a Meta status maps to (played is a read voice note); null for the rest. */
export function deliveryStatusOf(status: string): 'sent' | 'delivered' | 'read' | 'failed' | null {
  if (status === 'played') return 'read';
  return status === 'sent' || status === 'delivered' || status === 'read' || status === 'failed'
    ? status
    : null;
}

export const laneOf = (phone: string | null, userId: string | null, fallback: string) =>
  `voter:${phone ?? userId ?? fallback}`;

/**
 * Moves a sent message's delivery status forward only (sent < delivered < read; failed keeps
 * its error and never overwrites delivered or read), whatever order the statuses arrive in.
 * Returns the messages that changed.
 */
export function applyStatus(
  store: Store,
  wamid: string,
  status: string,
  error: string | null,
): Array<{ id: string; conversation_id: string }> {
  const target = deliveryStatusOf(status);
  if (!target) return [];
  const rank = RANK_OF[target]!;
  return store.all(
    store.db
      .updateTable('messages')
      .set({
        delivery_status: target,
        delivery_error: target === 'failed' ? error : sql`delivery_error`,
      })
      .where('whatsapp_message_id', '=', wamid)
      .where(sql<boolean>`${RANK} < ${rank}`)
      .where(sql<boolean>`NOT (${target} = 'failed' AND delivery_status IN ('delivered','read'))`)
      .returning(['id', 'conversation_id']),
  );
}

/** Re-applies every status already received for a wamid (a status can arrive before our send is recorded). */
export function applyKnownStatuses(
  store: Store,
  wamid: string,
): Array<{ id: string; conversation_id: string }> {
  const known = store.all(
    store.db.selectFrom('message_statuses').select(['status', 'errors']).where('wamid', '=', wamid),
  );
  const changed: Array<{ id: string; conversation_id: string }> = [];
  for (const s of known)
    changed.push(
      ...applyStatus(
        store,
        wamid,
        s.status,
        errorText(JSON.parse(s.errors) as StatusUpdate['errors']),
      ),
    );
  return changed;
}

export function errorText(errors: StatusUpdate['errors']): string | null {
  const e = errors[0];
  if (!e) return null;
  return [e.code, e.title ?? e.message, e.error_data?.details]
    .filter((x) => x !== undefined && x !== null && x !== '')
    .join(': ');
}

// The writes done for every webhook body, prepared once per store.
const insertEvent = prepared(
  ['source', 'received_at', 'body', 'signature', 'body_sha256'],
  (db, row: Insertable<WebhookEventsTable>) =>
    db
      .insertInto('webhook_events')
      .values(row)
      .onConflict((oc) => oc.column('body_sha256').doNothing())
      .returning('id'),
);
const insertInbound = prepared(
  [
    'wamid',
    'event_id',
    'channel',
    'phone_number_id',
    'from_phone',
    'from_user_id',
    'sent_at',
    'received_at',
    'payload',
  ],
  (db, row: Insertable<InboundMessagesTable>) =>
    db
      .insertInto('inbound_messages')
      .values(row)
      .onConflict((oc) => oc.column('wamid').doNothing()),
);
const insertStatus = prepared(
  ['wamid', 'status', 'at', 'recipient', 'errors', 'payload', 'event_id'],
  (db, row: Insertable<MessageStatusesTable>) =>
    db
      .insertInto('message_statuses')
      .values(row)
      .onConflict((oc) => oc.columns(['wamid', 'status']).doNothing()),
);

/**
 * Writes one webhook body and everything in it; synchronous, to run inside the batch's
 * transaction. Duplicate bodies and duplicate message ids are acknowledged and dropped.
 */
export function writeWebhook(
  store: Store,
  item: IngestItem,
  now: number,
): { result: IngestResult; emitted: Emitted[] } {
  const { db } = store;
  const result: IngestResult = {
    duplicateBody: false,
    newMessages: 0,
    duplicateMessages: 0,
    statuses: 0,
  };
  const emitted: Emitted[] = [];
  const sha = createHash('sha256').update(item.body).digest('hex');
  const event = store.first(insertEvent, {
    source: item.source,
    received_at: item.receivedAt,
    body: item.body,
    signature: item.signature,
    body_sha256: sha,
  });
  if (!event) {
    result.duplicateBody = true;
    return { result, emitted };
  }
  const channel = item.source;
  for (const m of item.parsed.messages) {
    const inserted = store.run(insertInbound, {
      wamid: m.wamid,
      event_id: event.id,
      channel,
      phone_number_id: m.phoneNumberId,
      from_phone: m.fromPhone,
      from_user_id: m.fromUserId,
      sent_at: m.sentAt,
      received_at: item.receivedAt,
      payload: JSON.stringify(m),
    });
    if (inserted.changes === 0) {
      result.duplicateMessages++;
      continue;
    }
    result.newMessages++;
    enqueueJob(
      store,
      {
        kind: 'inbound',
        payload: { wamid: m.wamid },
        dedupeKey: `inbound:${m.wamid}`,
        lane: laneOf(m.fromPhone, m.fromUserId, m.wamid),
      },
      now,
    );
  }
  for (const s of item.parsed.statuses) {
    const inserted = store.run(insertStatus, {
      wamid: s.wamid,
      status: s.status,
      at: s.at,
      recipient: s.recipient ?? s.recipientUserId,
      errors: JSON.stringify(s.errors),
      payload: JSON.stringify(s.raw),
      event_id: event.id,
    });
    if (inserted.changes === 0) continue;
    result.statuses++;
    for (const changed of applyStatus(store, s.wamid, s.status, errorText(s.errors))) {
      emitted.push([
        'messageChanged',
        { conversationId: changed.conversation_id, messageId: changed.id },
      ]);
    }
    if (s.status === 'failed' || s.callbackData) {
      enqueueJob(
        store,
        {
          kind: 'status',
          payload: {
            wamid: s.wamid,
            status: s.status,
            callbackData: s.callbackData,
            errors: s.errors,
            recipient: s.recipient,
            recipientUserId: s.recipientUserId,
          },
        },
        now,
      );
    }
  }
  for (const p of item.parsed.preferences) {
    enqueueJob(
      store,
      { kind: 'preference', payload: { ...p }, lane: laneOf(p.phone, p.userId, 'unknown') },
      now,
    );
  }
  for (const e of item.parsed.errors) {
    store.run(
      db.insertInto('channel_alerts').values({
        at: item.receivedAt,
        source: 'webhook',
        code: e.code ?? null,
        title: e.title ?? null,
        message: e.error_data?.details ?? e.message ?? null,
        details: JSON.stringify(e),
      }),
    );
    emitted.push(['statusChanged', {}]);
  }
  return { result, emitted };
}
