// Webhook acknowledgement benchmark: signed POSTs over loopback at 50 concurrent connections
// for 10 s against the real public listener (out/main/serve.js), beside a bare node:http server
// that only answers 200, in the same run. Prints figures; it is not a test.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
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

async function load(port, path) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = [];
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const end = performance.now() + SECONDS * 1000;
  const one = (n) =>
    new Promise((resolve) => {
      const b = body(n);
      const sig = 'sha256=' + createHmac('sha256', SECRET).update(b).digest('hex');
      const t0 = performance.now();
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
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (res.statusCode === 200) ok++;
            else failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(b);
    });
  const worker = async () => {
    while (performance.now() < end) await one(sent++);
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { sent, ok, failed, rps: ok / SECONDS, p50: q(0.5), p99: q(0.99) };
}

export async function benchWebhook() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-bench-'));
  const bare = await startChild(['-e', BARE], {}, /PORT (\d+)/);
  const bareResult = await load(bare.port, '/');
  bare.child.kill();

  const real = await startChild(
    [join(ROOT, 'out/main/serve.js')],
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
  const realResult = await load(real.port, '/api/whatsapp/webhook/');
  real.child.kill('SIGTERM');
  await new Promise((r) => real.child.once('exit', r));
  const db = new Database(join(dataDir, 'pulse-desk.sqlite'), { readonly: true });
  const stored = db.prepare('SELECT count(*) n FROM inbound_messages').get().n;
  db.close();
  rmSync(dataDir, { recursive: true, force: true });

  const f = (x) => x.toFixed(1);
  console.log(`\nWebhook acknowledgement (${CONNECTIONS} connections, ${SECONDS} s, loopback)`);
  console.log(
    `  bare node:http        ${f(bareResult.rps)} req/s   p50 ${f(bareResult.p50)} ms   p99 ${f(bareResult.p99)} ms`,
  );
  console.log(
    `  Pulse Desk webhook    ${f(realResult.rps)} req/s   p50 ${f(realResult.p50)} ms   p99 ${f(realResult.p99)} ms   (non-200: ${realResult.failed})`,
  );
  console.log(
    `  ratio                 ${(realResult.rps / bareResult.rps).toFixed(3)}   (target >= 0.25)`,
  );
  console.log(`  p99 acknowledgement   ${f(realResult.p99)} ms   (target < 20 ms)`);
  console.log(
    `  stored vs acknowledged ${stored} / ${realResult.ok}   (target: equal)   requests sent: ${realResult.sent}`,
  );
}
