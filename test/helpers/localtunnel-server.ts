import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import type { Duplex } from 'node:stream';

// A localtunnel relay on 127.0.0.1 that speaks the protocol of localtunnel/server, so the tunnel
// code is tested against real sockets instead of a stubbed client:
// - control: `GET /?new` or `GET /{subdomain}` answers `{id, port, max_conn_count, url}`;
// - each tunnel client gets its own TCP listener on `port`, which the client dials up to
//   `max_conn_count` times;
// - public: `{url}/path` is forwarded over one of those sockets (one request per socket at a
//   time, through an http.Agent like the real server) and the response streamed back.
// Unlike the real relay, tunnels are told apart by the first path segment instead of a
// subdomain, because `*.localhost` does not resolve everywhere; the segment is stripped before
// the request goes through the tunnel.

export interface LocalTunnelServer {
  /** Base URL to hand the tunnel client as its `host`. */
  controlUrl: string;
  /** How many `GET /?new` or `GET /{subdomain}` requests the relay has received. */
  newRequests(): number;
  /** Resolves once the relay has received `n` tunnel requests in all. */
  waitForNewRequests(n: number): Promise<void>;
  /** Ids of the tunnels the relay is serving now. */
  tunnels(): string[];
  /** The most tunnels that had client sockets connected at the same time. */
  peakLiveTunnels(): number;
  /** Destroys every client socket and forgets every tunnel, like a relay restart. */
  kill(): void;
  /** Answers the next `n` tunnel requests with 500 and a JSON error. */
  failNextNew(n: number): void;
  /** Never answers the next tunnel request (until close()). */
  hangNextNew(): void;
  /**
   * Answers public requests with the relay's reminder page instead of forwarding them; with
   * `unlessBypassed`, like localtunnel.me, not those sent with a `bypass-tunnel-reminder` header.
   */
  servePageInstead(on: boolean, status?: 200 | 511, options?: { unlessBypassed?: boolean }): void;
  /** Hands out this id on the next `/?new` instead of a fresh one. */
  idOnNextNew(id: string): void;
  close(): Promise<void>;
}

interface RelayTunnel {
  id: string;
  tcp: ReturnType<typeof createTcpServer>;
  port: number;
  sockets: Set<Socket>;
  idle: Socket[];
  waiting: Array<(err: Error | null, socket: Duplex) => void>;
  agent: Agent;
  grace: NodeJS.Timeout | undefined;
  dropped: boolean;
}

const REMINDER_PAGE =
  '<!doctype html><html><body><h1>Friendly Reminder</h1>' +
  '<p>This website is served for free via a localtunnel.</p></body></html>';

/** Starts the relay (control and public HTTP servers) on free loopback ports. */
export async function startLocalTunnelServer(
  options: {
    maxConnCount?: number;
    /** How long a tunnel whose sockets all closed keeps its id before the relay drops it. */
    graceMs?: number;
    /** false: close each socket after one request, so every request opens a fresh one. */
    reuseSockets?: boolean;
  } = {},
): Promise<LocalTunnelServer> {
  const maxConnCount = options.maxConnCount ?? 2;
  const graceMs = options.graceMs ?? 1000;
  const tunnels = new Map<string, RelayTunnel>();
  const hung = new Set<ServerResponse>();
  let newCount = 0;
  const newWaiters: Array<{ n: number; resolve: () => void }> = [];
  let live = 0;
  let peakLive = 0;
  let nextId = 1;
  let failures = 0;
  let hangs = 0;
  let page: 200 | 511 | null = null;
  let pageUnlessBypassed = false;
  let forcedId: string | null = null;

  const publicServer = createServer((req, res) => forwardPublic(req, res));
  const control = createServer((req, res) => void answerControl(req, res));
  const publicBase = `http://127.0.0.1:${await listenOn(publicServer)}`;
  const controlUrl = `http://127.0.0.1:${await listenOn(control)}`;

  function dropTunnel(t: RelayTunnel): void {
    if (t.dropped) return;
    t.dropped = true;
    if (tunnels.get(t.id) === t) tunnels.delete(t.id);
    clearTimeout(t.grace);
    t.tcp.close();
    for (const s of t.sockets) s.destroy();
    // Node's agent ignores the stream argument when there is an error.
    for (const w of t.waiting.splice(0)) w(new Error('tunnel closed'), null as unknown as Duplex);
    t.agent.destroy();
  }

  async function openTunnel(requested: string | null): Promise<RelayTunnel> {
    // Like localtunnel/server: a requested id that is taken gets a fresh one instead.
    let id = requested && !tunnels.has(requested) ? requested : (forcedId ?? `t${nextId++}`);
    forcedId = null;
    while (tunnels.has(id)) id = `t${nextId++}`;
    const t: RelayTunnel = {
      id,
      tcp: createTcpServer(),
      port: 0,
      sockets: new Set(),
      idle: [],
      waiting: [],
      // As many sockets as the client keeps: more requests queue for a free one.
      agent: new Agent({ keepAlive: options.reuseSockets ?? true, maxSockets: maxConnCount }),
      grace: undefined,
      dropped: false,
    };
    // The agent takes its sockets from the tunnel instead of dialing anywhere.
    t.agent.createConnection = (_opts, cb) => {
      const socket = t.idle.shift();
      if (socket) cb?.(null, socket);
      else if (cb) t.waiting.push(cb);
      return undefined;
    };
    t.tcp.on('connection', (socket) => acceptSocket(t, socket));
    t.port = await listenOn(t.tcp);
    tunnels.set(id, t);
    armGrace(t);
    return t;
  }

  function acceptSocket(t: RelayTunnel, socket: Socket): void {
    if (t.dropped || t.sockets.size >= maxConnCount) {
      socket.destroy();
      return;
    }
    clearTimeout(t.grace);
    t.sockets.add(socket);
    if (t.sockets.size === 1) peakLive = Math.max(peakLive, ++live);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      t.sockets.delete(socket);
      t.idle = t.idle.filter((s) => s !== socket);
      if (t.sockets.size === 0) {
        live--;
        armGrace(t);
      }
    });
    const waiter = t.waiting.shift();
    if (waiter) waiter(null, socket);
    else t.idle.push(socket);
  }

  function armGrace(t: RelayTunnel): void {
    clearTimeout(t.grace);
    if (t.dropped) return;
    t.grace = setTimeout(() => dropTunnel(t), graceMs);
  }

  async function answerControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', controlUrl);
    const isNew = url.pathname === '/' && url.searchParams.has('new');
    const segment = /^\/([^/]+)$/.exec(url.pathname)?.[1] ?? null;
    if (req.method !== 'GET' || (!isNew && !segment)) {
      sendJson(res, 404, { message: 'not found' });
      return;
    }
    newCount++;
    for (const w of newWaiters.filter((w) => newCount >= w.n)) {
      newWaiters.splice(newWaiters.indexOf(w), 1);
      w.resolve();
    }
    const sub = segment && /^[a-z0-9][a-z0-9-]{3,62}$/.test(segment) ? segment : null;
    if (segment && !sub) {
      // What localtunnel/server says to a subdomain it does not accept.
      sendJson(res, 403, {
        message:
          'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.',
      });
      return;
    }
    if (hangs > 0) {
      hangs--;
      hung.add(res);
      return;
    }
    if (failures > 0) {
      failures--;
      sendJson(res, 500, { message: 'relay is having a bad day' });
      return;
    }
    const t = await openTunnel(sub);
    sendJson(res, 200, {
      id: t.id,
      port: t.port,
      max_conn_count: maxConnCount,
      url: `${publicBase}/${t.id}`,
    });
  }

  function forwardPublic(req: IncomingMessage, res: ServerResponse): void {
    const match = /^\/([^/?]+)(.*)$/.exec(req.url ?? '/');
    const t = match?.[1] ? tunnels.get(match[1]) : undefined;
    if (!match || !t) {
      sendJson(res, 404, { message: 'no such tunnel' });
      return;
    }
    if (page !== null && !(pageUnlessBypassed && req.headers['bypass-tunnel-reminder'])) {
      res.writeHead(page, { 'content-type': 'text/html' }).end(REMINDER_PAGE);
      return;
    }
    const path = match[2]?.startsWith('/') ? match[2] : `/${match[2] ?? ''}`;
    const upstream = request(
      { agent: t.agent, method: req.method, path, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.rawHeaders);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) sendJson(res, 502, { message: 'tunnel unavailable' });
      else res.destroy();
    });
    req.pipe(upstream);
  }

  return {
    controlUrl,
    newRequests: () => newCount,
    waitForNewRequests: (n) =>
      newCount >= n ? Promise.resolve() : new Promise((resolve) => newWaiters.push({ n, resolve })),
    tunnels: () => [...tunnels.keys()],
    peakLiveTunnels: () => peakLive,
    kill() {
      for (const t of [...tunnels.values()]) dropTunnel(t);
    },
    failNextNew(n) {
      failures = n;
    },
    hangNextNew() {
      hangs++;
    },
    servePageInstead(on, status = 511, pageOptions = {}) {
      page = on ? status : null;
      pageUnlessBypassed = pageOptions.unlessBypassed ?? false;
    },
    idOnNextNew(id) {
      forcedId = id;
    },
    async close() {
      for (const t of [...tunnels.values()]) dropTunnel(t);
      for (const res of hung) res.destroy();
      hung.clear();
      await Promise.all([closeServer(control), closeServer(publicServer)]);
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function listenOn(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
