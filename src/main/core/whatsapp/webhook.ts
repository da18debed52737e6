import { z } from 'zod';
import type { MessageType } from '../../../shared/model';

// Meta's webhook body, read defensively: every entry, change, message and status; every field
// optional unless Meta always sends it; unknown fields and types kept, never a reason to fail.

const Obj = z.looseObject({});
const ErrorItem = z.looseObject({
  code: z.number().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});
const Contact = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z
    .looseObject({ name: z.string().optional(), username: z.string().optional() })
    .optional(),
});
const RawMessage = z.looseObject({
  id: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  type: z.string().default('unknown'),
  context: Obj.optional(),
  referral: Obj.optional(),
  errors: z.array(ErrorItem).optional(),
});
const RawStatus = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: z.union([z.string(), z.number()]).optional(),
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(ErrorItem).optional(),
});
const Preference = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  value: z.string().optional(),
  category: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
});
const Value = z.looseObject({
  metadata: z
    .looseObject({
      phone_number_id: z.string().optional(),
      display_phone_number: z.string().optional(),
    })
    .optional(),
  contacts: z.array(Contact).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(ErrorItem).optional(),
  user_preferences: z.array(z.unknown()).optional(),
});
const Envelope = z.looseObject({
  object: z.string().optional(),
  entry: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        changes: z
          .array(z.looseObject({ field: z.string().optional(), value: z.unknown() }))
          .default([]),
      }),
    )
    .default([]),
});

export type WebhookErrorItem = z.infer<typeof ErrorItem>;

export interface InboundMessage {
  wamid: string;
  phoneNumberId: string | null;
  fromPhone: string | null;
  fromUserId: string | null;
  profileName: string | null;
  username: string | null;
  /** ISO time the voter sent it (Meta's timestamp), or the receive time if absent. */
  sentAt: string;
  waType: string;
  type: MessageType;
  /** What a person reads in the inbox for this message. */
  content: string;
  media: {
    id: string | null;
    url: string | null;
    mimeType: string | null;
    sha256: string | null;
    filename: string | null;
  } | null;
  context: Record<string, unknown> | null;
  referral: Record<string, unknown> | null;
  errors: WebhookErrorItem[];
  /** The message object exactly as Meta sent it. */
  raw: Record<string, unknown>;
}

export interface StatusUpdate {
  wamid: string;
  status: string;
  at: string;
  recipient: string | null;
  recipientUserId: string | null;
  callbackData: string | null;
  errors: WebhookErrorItem[];
  raw: Record<string, unknown>;
}

export interface PreferenceUpdate {
  phone: string | null;
  userId: string | null;
  value: string;
  category: string | null;
  at: string;
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  preferences: PreferenceUpdate[];
  /** value.errors: problems with the app or account, not tied to one message. */
  errors: WebhookErrorItem[];
  /** Items skipped because they lacked what identifies them (an id), with the reason. */
  skipped: string[];
}

export class WebhookFormatError extends Error {}

const MEDIA_TYPES = new Set(['image', 'video', 'document', 'audio', 'sticker']);

function isoFromUnix(ts: string | number | undefined, fallback: string): string {
  const n = typeof ts === 'number' ? ts : Number(ts);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : fallback;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Our message type and the text an operator reads, for every type Meta documents. */
export function describeMessage(
  m: Record<string, unknown>,
  waType: string,
): { type: MessageType; content: string } {
  const body = rec(m[waType]);
  switch (waType) {
    case 'text':
      return { type: 'text', content: str(body.body) ?? '' };
    case 'audio':
      return { type: body.voice === true ? 'voice' : 'audio', content: '' };
    case 'image':
    case 'video':
    case 'sticker':
      return { type: waType, content: str(body.caption) ?? '' };
    case 'document':
      return { type: 'document', content: str(body.caption) ?? str(body.filename) ?? '' };
    case 'location': {
      const label = [str(body.name), str(body.address)].filter(Boolean).join(', ');
      return {
        type: 'location',
        content: label || `${String(body.latitude)}, ${String(body.longitude)}`,
      };
    }
    case 'contacts': {
      const cards = Array.isArray(m.contacts) ? m.contacts : [];
      const names = cards.map((c) => str(rec(rec(c).name).formatted_name)).filter(Boolean);
      return { type: 'contacts', content: names.join(', ') };
    }
    case 'interactive': {
      const kind = str(body.type);
      const reply = rec(kind ? body[kind] : undefined);
      return {
        type: 'interactive',
        content: str(reply.title) ?? str(reply.body) ?? str(reply.description) ?? '',
      };
    }
    case 'button':
      return { type: 'button', content: str(body.text) ?? str(body.payload) ?? '' };
    case 'reaction':
      return { type: 'reaction', content: str(body.emoji) ?? '' };
    case 'order': {
      const items = Array.isArray(body.product_items) ? body.product_items.length : 0;
      return {
        type: 'order',
        content: str(body.text) ?? `Order: ${items} item${items === 1 ? '' : 's'}`,
      };
    }
    case 'system':
      return { type: 'system', content: str(body.body) ?? str(body.type) ?? '' };
    default:
      // unsupported, unknown, edit, revoke, request_welcome and whatever comes next.
      return { type: 'unsupported', content: str(rec(m.unsupported).type) ?? waType };
  }
}

function mediaOf(m: Record<string, unknown>, waType: string): InboundMessage['media'] {
  if (!MEDIA_TYPES.has(waType)) return null;
  const b = rec(m[waType]);
  return {
    id: str(b.id),
    url: str(b.url),
    mimeType: str(b.mime_type),
    sha256: str(b.sha256),
    filename: str(b.filename),
  };
}

/** Reads a webhook body (already signature-checked) into what the store keeps. */
export function parseWebhook(body: unknown, receivedAt: string): ParsedWebhook {
  const env = Envelope.safeParse(body);
  if (!env.success)
    throw new WebhookFormatError('The webhook body is not a WhatsApp notification.');
  const out: ParsedWebhook = {
    messages: [],
    statuses: [],
    preferences: [],
    errors: [],
    skipped: [],
  };
  for (const entry of env.data.entry) {
    for (const change of entry.changes) {
      const value = Value.safeParse(change.value ?? {});
      if (!value.success) {
        out.skipped.push(`change ${change.field ?? '?'}: unreadable value`);
        continue;
      }
      const v = value.data;
      const phoneNumberId = v.metadata?.phone_number_id ?? null;
      out.errors.push(...(v.errors ?? []));
      const contacts = v.contacts ?? [];
      for (const item of v.messages ?? []) {
        const m = RawMessage.safeParse(item);
        if (!m.success) {
          out.skipped.push('message without an id');
          continue;
        }
        const raw = m.data as Record<string, unknown>;
        const fromPhone = m.data.from ?? null;
        const fromUserId = m.data.from_user_id ?? null;
        const contact =
          contacts.find(
            (c) => (fromUserId && c.user_id === fromUserId) || (fromPhone && c.wa_id === fromPhone),
          ) ?? (contacts.length === 1 ? contacts[0] : undefined);
        const { type, content } = describeMessage(raw, m.data.type);
        out.messages.push({
          wamid: m.data.id,
          phoneNumberId,
          fromPhone: fromPhone ?? contact?.wa_id ?? null,
          fromUserId: fromUserId ?? contact?.user_id ?? null,
          profileName: contact?.profile?.name ?? null,
          username: contact?.profile?.username ?? null,
          sentAt: isoFromUnix(m.data.timestamp, receivedAt),
          waType: m.data.type,
          type,
          content,
          media: mediaOf(raw, m.data.type),
          context: m.data.context ?? null,
          referral: m.data.referral ?? null,
          errors: m.data.errors ?? [],
          raw,
        });
      }
      for (const item of v.statuses ?? []) {
        const s = RawStatus.safeParse(item);
        if (!s.success) {
          out.skipped.push('status without an id');
          continue;
        }
        out.statuses.push({
          wamid: s.data.id,
          status: s.data.status,
          at: isoFromUnix(s.data.timestamp, receivedAt),
          recipient: s.data.recipient_id ?? null,
          recipientUserId: s.data.recipient_user_id ?? null,
          callbackData: s.data.biz_opaque_callback_data ?? null,
          errors: s.data.errors ?? [],
          raw: s.data as Record<string, unknown>,
        });
      }
      for (const item of v.user_preferences ?? []) {
        const p = Preference.safeParse(item);
        if (!p.success || !p.data.value) continue;
        out.preferences.push({
          phone: p.data.wa_id ?? null,
          userId: p.data.user_id ?? null,
          value: p.data.value,
          category: p.data.category ?? null,
          at: isoFromUnix(p.data.timestamp, receivedAt),
        });
      }
    }
  }
  return out;
}
