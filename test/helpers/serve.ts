import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';

export const ROOT = join(import.meta.dirname, '../..');

export interface ServeProcess {
  child: ChildProcess;
  adminUrl: string;
  publicUrl: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** Starts `npm run serve`'s program (the built out/main/serve.js) and waits until it listens. */
export function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'out/main/serve.js')], {
    cwd: env.DATA_DIR ?? ROOT,
    env: { ...process.env, PUBLIC_HOST: '127.0.0.1', PUBLIC_PORT: '0', ADMIN_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const admin = /admin UI\s+(http:\/\/\S+?)\/\s*$/m.exec(out);
      const pub = /webhook \(public\)\s+(http:\/\/\S+?)\/api\/whatsapp\/webhook\/\s*$/m.exec(out);
      if (admin && pub) resolve({ child, adminUrl: admin[1]!, publicUrl: pub[1]!, exited });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** Stops a server started by startServe. */
export async function stopServe(s: ServeProcess | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return;
  s.child.kill('SIGTERM');
  await s.exited;
}

/** Calls a contract method on a served core's admin listener with the admin token. */
export async function adminRpc<M extends MethodName>(
  server: ServeProcess,
  token: string,
  name: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const res = await fetch(`${server.adminUrl}/api/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.value as MethodOutput<M>;
}
