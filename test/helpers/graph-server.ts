import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for Meta's Graph API on 127.0.0.1, speaking the subset Pulse Desk uses:
// send / mark read, media lookup and download, app subscriptions. Tests script failures in
// Meta's exact error envelope and read back every request it received.

export const GRAPH_TEST_TOKEN = 'test-graph-token-not-a-secret';
export const GRAPH_TEST_PHONE_NUMBER_ID = '106540352242922';
export const GRAPH_VERSION = 'v25.0';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /v25.0/106540352242922/messages */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body, or undefined for none / not JSON. */
  body: unknown;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  /** What the server answered (null if it dropped the connection). */
  response: { status: number; body: unknown } | null;
}

export interface ScriptedFailure {
  httpStatus: number;
  /** Meta's error code; without one the body is plain text (a proxy's 5xx, say). */
  code?: number;
  message?: string;
  subcode?: number;
  details?: string;
  type?: string;
}

type Answer = { status: number; body: unknown; contentType?: string };

type Script =
  { kind: 'fail'; failure: ScriptedFailure } | { kind: 'delay'; ms: number } | { kind: 'drop' };

interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
  sha256: string;
}

export interface GraphServer {
  /** e.g. http://127.0.0.1:12345/v25.0 */
  baseUrl: string;
  origin: string;
  token: string;
  phoneNumberId: string;
  requests: RecordedRequest[];
  /** Requests to the messages endpoint only. */
  messageRequests(): RecordedRequest[];
  /** The next `n` requests (of any kind) fail with this error. */
  failNext(n: number, failure: ScriptedFailure): void;
  /** The next request is answered normally, but only after `ms`. */
  delayNext(ms: number): void;
  /** The next request gets its socket destroyed, without an answer (a network error). */
  dropNext(): void;
  /** Stores a file; `sha256` overrides the announced hash (to test a bad one). Returns its media id. */
  addMedia(file: { bytes: Buffer; mimeType: string; sha256?: string }): string;
  /** The download url the lookup would announce for a media id. */
  mediaUrl(mediaId: string): string;
  /** Makes every download url announced so far answer 404, as an expired one does. */
  expireMediaUrls(): void;
  subscriptions: Array<{ appId: string; body: unknown }>;
  close(): Promise<void>;
}

/** Starts the fake Graph API on a free loopback port. */
export async function startGraphServer(
  opts: { token?: string; phoneNumberId?: string } = {},
): Promise<GraphServer> {
  const token = opts.token ?? GRAPH_TEST_TOKEN;
  const phoneNumberId = opts.phoneNumberId ?? GRAPH_TEST_PHONE_NUMBER_ID;
  const requests: RecordedRequest[] = [];
  const scripts: Script[] = [];
  const media = new Map<string, StoredMedia>();
  const subscriptions: GraphServer['subscriptions'] = [];
  // Bumped by expireMediaUrls(): urls announced before then answer 404, as expired ones do.
  let urlGeneration = 1;
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = Date.now();
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: parseJson(raw),
      receivedAt,
      response: null,
    };
    requests.push(record);

    const script = scripts.shift();
    if (script?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (script?.kind === 'delay') await sleep(script.ms);
    const answer =
      script?.kind === 'fail' ? failureAnswer(script.failure) : route(record, req.headers);
    record.response = { status: answer.status, body: answer.body };
    if (res.destroyed || req.socket.destroyed) return; // the client gave up (timeout)
    if (Buffer.isBuffer(answer.body)) {
      res.writeHead(answer.status, {
        'content-type': answer.contentType ?? 'application/octet-stream',
      });
      res.end(answer.body);
    } else if (typeof answer.body === 'string') {
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body);
    } else {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    }
  };

  const route = (r: RecordedRequest, headers: IncomingMessage['headers']): Answer => {
    const path = r.path.split('/').filter(Boolean);
    if (r.method === 'POST' && path.length === 3 && path[2] === 'subscriptions') {
      // Subscriptions take the app access token `{app-id}|{app-secret}`, not the user token.
      const fields = (r.body ?? {}) as Record<string, string>;
      if (
        !fields.access_token?.startsWith(`${path[1]}|`) ||
        fields.access_token.length <= path[1]!.length + 1
      )
        return graphError(400, 190, 'Invalid OAuth access token', 'OAuthException');
      subscriptions.push({ appId: path[1]!, body: r.body });
      return { status: 200, body: { success: true } };
    }
    if (headers.authorization !== `Bearer ${token}`)
      return graphError(
        401,
        190,
        'Invalid OAuth access token - Cannot parse access token',
        'OAuthException',
      );
    const parts = r.path.split('/').filter(Boolean);
    if (parts[0] === 'media-download' && r.method === 'GET')
      return download(decodeURIComponent(parts[1] ?? ''), r.query.get('g'));
    if (parts[0] !== GRAPH_VERSION)
      return graphError(400, 2500, `Unknown path components: ${r.path}`);
    if (r.method === 'POST' && parts.length === 3 && parts[2] === 'messages') {
      if (parts[1] !== phoneNumberId)
        return graphError(
          400,
          100,
          `Unsupported post request. Object with ID '${parts[1]}' does not exist`,
        );
      return messages(r.body);
    }
    if (r.method === 'GET' && parts.length === 2) return mediaInfo(parts[1]!);
    return graphError(400, 100, `Unsupported ${r.method} request`);
  };

  const messages = (body: unknown): Answer => {
    const problem = messageBodyProblem(body);
    if (problem) return graphError(400, 100, `(#100) Invalid parameter`, 'OAuthException', problem);
    const b = body as Record<string, unknown>;
    if (b.status === 'read') return { status: 200, body: { success: true } };
    const input = (b.to ?? b.recipient) as string;
    const contact =
      typeof b.to === 'string'
        ? { input, wa_id: input.replace(/^\+/, '') }
        : { input, user_id: input };
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [contact],
        messages: [{ id: `wamid.${randomBytes(18).toString('base64url')}` }],
      },
    };
  };

  const mediaInfo = (id: string): Answer => {
    const m = media.get(id);
    if (!m)
      return graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist`);
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        url: mediaUrl(id),
        mime_type: m.mimeType,
        sha256: m.sha256,
        file_size: m.bytes.length,
        id,
      },
    };
  };

  const download = (id: string, generation: string | null): Answer => {
    const m = media.get(id);
    if (!m || generation !== String(urlGeneration)) return { status: 404, body: 'Not Found' };
    return { status: 200, body: m.bytes, contentType: m.mimeType };
  };

  const mediaUrl = (id: string) =>
    `${origin}/media-download/${encodeURIComponent(id)}?g=${urlGeneration}`;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: `${origin}/${GRAPH_VERSION}`,
    origin,
    token,
    phoneNumberId,
    requests,
    subscriptions,
    messageRequests: () =>
      requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')),
    failNext(n, failure) {
      for (let i = 0; i < n; i++) scripts.push({ kind: 'fail', failure });
    },
    delayNext(ms) {
      scripts.push({ kind: 'delay', ms });
    },
    dropNext() {
      scripts.push({ kind: 'drop' });
    },
    addMedia(file) {
      const id = String(1_000_000_000_000 + media.size + 1);
      const sha256 = file.sha256 ?? createHash('sha256').update(file.bytes).digest('base64');
      media.set(id, { bytes: file.bytes, mimeType: file.mimeType, sha256 });
      return id;
    },
    mediaUrl,
    expireMediaUrls() {
      urlGeneration += 1;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Meta's error envelope (whatsapp-cloud-api.md §5.1). */
function graphError(
  status: number,
  code: number,
  message: string,
  type = 'OAuthException',
  details?: string,
  subcode?: number,
): Answer {
  return {
    status,
    body: {
      error: {
        message,
        type,
        code,
        ...(subcode !== undefined ? { error_subcode: subcode } : {}),
        error_data: { messaging_product: 'whatsapp', details: details ?? message },
        fbtrace_id: `A${randomBytes(8).toString('hex')}`,
      },
    },
  };
}

function failureAnswer(f: ScriptedFailure): Answer {
  if (f.code === undefined)
    return { status: f.httpStatus, body: f.message ?? 'Internal Server Error' };
  return graphError(
    f.httpStatus,
    f.code,
    f.message ?? `(#${f.code}) scripted failure`,
    f.type,
    f.details,
    f.subcode,
  );
}

const MESSAGE_TYPES = new Set([
  'text',
  'template',
  'interactive',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'reaction',
]);

/** What Meta would reject in a messages body, or null if it is well formed. */
function messageBodyProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  const b = body as Record<string, unknown>;
  if (b.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  if (b.status !== undefined) {
    if (b.status !== 'read') return 'status must be read';
    if (typeof b.message_id !== 'string') return 'message_id is required';
    return null;
  }
  if (typeof b.to !== 'string' && typeof b.recipient !== 'string')
    return 'to or recipient is required';
  if (typeof b.to === 'string' && !/^\+\d{6,15}$/.test(b.to)) return 'to must be +<digits>';
  if (typeof b.type !== 'string' || !MESSAGE_TYPES.has(b.type))
    return `unsupported type ${String(b.type)}`;
  if (!b[b.type] || typeof b[b.type] !== 'object') return `the ${b.type} object is missing`;
  if (b.type === 'reaction' && b.context !== undefined) return 'a reaction cannot be a reply';
  return null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // Form posts (the app subscriptions call) are kept as their fields.
    return /^[\w.%+-]+=/.test(raw) ? Object.fromEntries(new URLSearchParams(raw)) : undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
