// Webhook acknowledgement benchmark: signed POSTs over loopback at 50 concurrent connections
// for 10 s against the real public listener (out/main/serve.js), beside a bare node:http server
// that only answers 200, in the same run. Prints figures; it is not a test.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const ROOT = join(import.meta.dirname, '..');
const SECRET = 'bench-app-secret-not-a-secret';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const BARE = `
const http = require('node:http');
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200); res.end('OK'); }); });
s.keepAliveTimeout = 65000;
s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port));`;

function startChild(args, env, pattern) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

function body(n) {
  const phone = `91980${String(1000000 + (n % 5000)).slice(1)}`;
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '110000000000001',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '919800000000',
                phone_number_id: '120000000000001',
              },
              contacts: [{ wa_id: phone, profile: { name: 'Bench' } }],
              messages: [
                {
                  from: phone,
                  id: `wamid.BENCH${process.pid}x${n}`,
                  timestamp: String(1781000000 + n),
                  type: 'text',
                  text: { body: `வணக்கம் ${n}: water supply is irregular in our street` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

// The load generator runs in this process, so its own cost is part of what is measured: on a
// 2-core machine node's http client takes a whole core and caps the bare server (~5-6k req/s,
// p99 20-30 ms). So the bench runs twice: with node's http.Agent, and with a lean client (one
// raw keep-alive socket per connection, the request written in one piece and the response
// parsed just enough, like wrk or autocannon), which lets the bare server reach 13-16k req/s
// and leaves the server a core. Both servers are measured with the same client in the same
// round. BENCH_CLIENT=http or BENCH_CLIENT=lean runs one round.
const CLIENTS = process.env.BENCH_CLIENT ? [process.env.BENCH_CLIENT] : ['http', 'lean'];

function signed(n) {
  const b = body(n);
  return { b, sig: 'sha256=' + createHmac('sha256', SECRET).update(b).digest('hex') };
}

function httpClient(port, path) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const one = (n) =>
    new Promise((resolve) => {
      const { b, sig } = signed(n);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(b),
            'x-hub-signature-256': sig,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', () => resolve(0));
      req.end(b);
    });
  return { connection: () => one, close: () => agent.destroy() };
}

/** One keep-alive socket; `send` resolves with the status code (0 when the socket failed). */
function leanConnection(port, path) {
  let socket;
  let buf = Buffer.alloc(0);
  let waiting;
  const connect = () => {
    socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0 || !waiting) return;
      const text = buf.toString('latin1', 0, head);
      const status = Number(text.slice(9, 12));
      const len = /\r\ncontent-length: *(\d+)/i.exec(text);
      let end;
      if (len) end = head + 4 + Number(len[1]);
      else {
        const last = buf.indexOf('\r\n0\r\n\r\n', head);
        end = last < 0 ? Infinity : last + 7;
      }
      if (buf.length < end) return;
      buf = buf.subarray(end);
      const w = waiting;
      waiting = undefined;
      if (/\r\nconnection: *close/i.test(text)) reset();
      w(status);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (waiting) {
        const w = waiting;
        waiting = undefined;
        w(0);
      }
      socket = undefined;
    });
  };
  const reset = () => {
    socket?.destroy();
    socket = undefined;
    buf = Buffer.alloc(0);
  };
  return {
    send(n) {
      if (!socket) connect();
      const { b, sig } = signed(n);
      const bytes = Buffer.from(b);
      const head =
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
        `content-length: ${bytes.length}\r\nx-hub-signature-256: ${sig}\r\n\r\n`;
      return new Promise((resolve) => {
        waiting = resolve;
        socket.write(Buffer.concat([Buffer.from(head, 'latin1'), bytes]));
      });
    },
    close: reset,
  };
}

function leanClient(port, path) {
  const all = [];
  return {
    connection: () => {
      const c = leanConnection(port, path);
      all.push(c);
      return (n) => c.send(n);
    },
    close: () => all.forEach((c) => c.close()),
  };
}

/** Seconds of CPU a child has used so far (Linux /proc), or NaN elsewhere. */
function childCpu(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function load(kind, port, path, pid) {
  const client = kind === 'lean' ? leanClient(port, path) : httpClient(port, path);
  const latencies = [];
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const childCpu0 = childCpu(pid);
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  const worker = async () => {
    const send = client.connection();
    while (performance.now() < end) {
      const t = performance.now();
      const status = await send(sent++);
      latencies.push(performance.now() - t);
      if (status === 200) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverCpu = childCpu(pid) - childCpu0;
  client.close();
  latencies.sort((a, b) => a - b);
  const q = (p) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    sent,
    ok,
    failed,
    rps: ok / SECONDS,
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max: latencies.at(-1) ?? NaN,
    clientCpu: (cpu.user + cpu.system) / 1e6 / wall,
    serverCpu: serverCpu / wall,
  };
}

export async function benchWebhook() {
  for (const kind of CLIENTS) await round(kind);
}

async function round(kind) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-bench-'));
  const bare = await startChild(['-e', BARE], {}, /PORT (\d+)/);
  const bareResult = await load(kind, bare.port, '/', bare.child.pid);
  bare.child.kill();

  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the Pulse Desk child there.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  const real = await startChild(
    [...profile, join(ROOT, 'out/main/serve.js')],
    {
      DATA_DIR: dataDir,
      PUBLIC_HOST: '127.0.0.1',
      PUBLIC_PORT: '0',
      ADMIN_PORT: '0',
      WHATSAPP_APP_SECRET: SECRET,
      LOG_LEVEL: 'warn',
    },
    /webhook \(public\)\s+http:\/\/127\.0\.0\.1:(\d+)/,
  );
  const realResult = await load(kind, real.port, '/api/whatsapp/webhook/', real.child.pid);
  real.child.kill('SIGTERM');
  await new Promise((r) => real.child.once('exit', r));
  const db = new Database(join(dataDir, 'pulse-desk.sqlite'), { readonly: true });
  const stored = db.prepare('SELECT count(*) n FROM inbound_messages').get().n;
  db.close();
  rmSync(dataDir, { recursive: true, force: true });

  const f = (x) => x.toFixed(1);
  const line = (r) =>
    `${f(r.rps)} req/s   p50 ${f(r.p50)} ms   p90 ${f(r.p90)} ms   p99 ${f(r.p99)} ms   max ${f(r.max)} ms   cpu: server ${r.serverCpu.toFixed(2)} cores (${f((r.serverCpu * 1e6) / r.rps)} µs/req), client ${r.clientCpu.toFixed(2)} cores`;
  console.log(
    `\nWebhook acknowledgement (${CONNECTIONS} connections, ${SECONDS} s, loopback, ${kind} client)`,
  );
  console.log(`  bare node:http        ${line(bareResult)}`);
  console.log(`  Pulse Desk webhook    ${line(realResult)}   (non-200: ${realResult.failed})`);
  console.log(
    `  ratio                 ${(realResult.rps / bareResult.rps).toFixed(3)}   (target >= 0.25)`,
  );
  console.log(`  p99 acknowledgement   ${f(realResult.p99)} ms   (target < 20 ms)`);
  console.log(
    `  stored vs acknowledged ${stored} / ${realResult.ok}   (target: equal)   requests sent: ${realResult.sent}`,
  );
}
