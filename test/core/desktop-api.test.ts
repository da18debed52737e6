import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core';
import { VOTER_COLUMNS } from '../../src/main/core/export/voters';
import { runShell } from '../../src/main/shell/run';
import { RENDERER_CSP } from '../../src/main/shell/window';
import { ipcChannel } from '../../src/shared/contract';
import { FAKE_ADMIN_TOKEN, tempDir } from '../helpers/core';
import type { ProtocolHandler } from '../helpers/electron';
import { fakeElectron } from '../helpers/electron';
import { seedInsight } from '../helpers/insight-seed';

// The desktop window's pulse-api: protocol, called as Electron calls the handler the shell
// registers, against the shell's real core; answers compared with the admin listener's.

const tmp = tempDir();
const f = fakeElectron(tmp.dir);
let core: Core;
let api: ProtocolHandler;
let adminUrl: string;
const bearer = { authorization: `Bearer ${FAKE_ADMIN_TOKEN}` };

/** A request from the app window (loaded from file://), as Electron hands it to the handler. */
const fromWindow = (path: string, init: RequestInit = {}, initiatorOrigin = 'file://') =>
  api(Object.assign(new Request(`pulse-api://app${path}`, init), { initiatorOrigin }));

/** The audit log, read as the desktop window reads it: over IPC. */
async function auditLog(): Promise<
  Array<{ actor: string; action: string; details: Record<string, unknown> }>
> {
  const res = (await f.handled.get(ipcChannel('listAudit'))!(
    { senderFrame: { url: 'file:///app/out/renderer/index.html' } },
    { offset: 0, limit: 50 },
  )) as { ok: true; value: { items: [] } };
  return res.value.items;
}

beforeAll(async () => {
  const started = await runShell(f.electron, {
    outDir: '/app/out',
    env: {
      PUBLIC_HOST: '127.0.0.1',
      PUBLIC_PORT: '0',
      ADMIN_PORT: '0',
      ADMIN_TOKEN: FAKE_ADMIN_TOKEN,
    },
  });
  core = started!;
  api = f.protocols.get('pulse-api')!;
  adminUrl = (await core.status()).listeners.admin!.url;
  const s = core.store();
  s.transaction(() => seedInsight(s));
});
afterAll(async () => {
  await core?.stop();
  tmp.cleanup();
});

describe('pulse-api: protocol (desktop window)', () => {
  it('is registered privileged for fetch with CORS, and the CSP lets the window connect to it', () => {
    expect(f.privileges.find((p) => p.scheme === 'pulse-api')).toEqual({
      scheme: 'pulse-api',
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        stream: true,
        corsEnabled: true,
      },
    });
    const connectSrc = (csp: string) => /connect-src ([^;]+)/.exec(csp)?.[1];
    expect(connectSrc(RENDERER_CSP)).toBe("'self' pulse-api:");
    // The renderer's own meta tag must say the same, or it would block the fetch anyway.
    const html = readFileSync(join(__dirname, '../../src/renderer/index.html'), 'utf8');
    expect(connectSrc(html)).toBe("'self' pulse-api:");
  });

  it('exports voters as CSV (BOM, header, rows) with the same bytes as HTTP, audited as the desktop', async () => {
    const res = await fromWindow('/api/export/voters.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="voters-.*\.csv"$/,
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('file://');
    expect(res.headers.get('access-control-expose-headers')).toContain('content-disposition');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(VOTER_COLUMNS.join(','));
    // Opted-out v3 is left out by default; v5's name spans two lines inside quotes.
    expect(lines.filter((l) => /^v\d,/.test(l)).map((l) => l.split(',')[0])).toEqual([
      'v1',
      'v2',
      'v4',
      'v5',
    ]);
    expect(bytes.toString('utf8')).toContain('கவிதா');
    const exported = (await auditLog()).find((a) => a.action === 'voters_exported');
    expect(exported).toMatchObject({
      actor: 'desktop',
      details: { format: 'csv', rows: 4, total: 4, completed: true },
    });
    const http = await fetch(`${adminUrl}/api/export/voters.csv`, { headers: bearer });
    expect(Buffer.from(await http.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('takes the same query parameters as HTTP, for every format', async () => {
    const query = 'language=ta&mask_phones=1&include_opted_out=1';
    const desktop = (await (await fromWindow(`/api/export/voters.json?${query}`)).json()) as Array<{
      id: string;
      phone_number: string | null;
    }>;
    expect(desktop.map((r) => r.id)).toEqual(['v1', 'v4', 'v5']);
    expect(desktop[0]!.phone_number).toBe('91********01');
    const http = await fetch(`${adminUrl}/api/export/voters.json?${query}`, { headers: bearer });
    expect(desktop).toEqual(await http.json());

    const xlsx = await fromWindow('/api/export/voters.xlsx?search=x');
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    const bad = await fromWindow('/api/export/voters.csv?language=fr');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('answers nothing but export, backup and restore, and only to the app window', async () => {
    for (const [path, method] of [
      ['/api/export/voters.pdf', 'GET'],
      ['/api/rpc/getStatus', 'POST'],
      ['/api/media/abc.png', 'GET'],
      ['/api/session', 'GET'],
      ['/api/restore', 'GET'],
      ['/api/backup', 'POST'],
      ['/', 'GET'],
    ] as const) {
      const res = await fromWindow(path, { method });
      expect([path, method, res.status]).toEqual([path, method, 404]);
    }
    const otherHost = await api(
      Object.assign(new Request('pulse-api://elsewhere/api/backup'), {
        initiatorOrigin: 'file://',
      }),
    );
    expect(otherHost.status).toBe(404);

    // A page from anywhere else, or a request no page made, is refused before any route runs.
    const before = (await auditLog()).length;
    for (const origin of ['https://evil.example', 'http://localhost:5173', undefined]) {
      const res = await api(
        Object.assign(new Request('pulse-api://app/api/backup'), { initiatorOrigin: origin }),
      );
      expect([origin, res.status]).toEqual([origin, 403]);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await auditLog()).length).toBe(before);

    // The window's CORS preflight (the upload sets a content type) is answered for it.
    const preflight = await fromWindow('/api/restore', {
      method: 'OPTIONS',
      headers: { origin: 'file://', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('file://');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('stops the export when the request is aborted, and audits it as not completed', async () => {
    const s = core.store();
    s.transaction(() => {
      for (let i = 0; i < 2500; i++) {
        const id = `w${String(i).padStart(4, '0')}`;
        s.run(
          s.db.insertInto('voter_profiles').values({
            id,
            referral_code: `CODE${id.toUpperCase()}`,
            phone_number: `9177${String(i).padStart(8, '0')}`,
            created_at: '2026-11-20T10:00:00.000Z',
            updated_at: '2026-11-20T10:00:00.000Z',
          }),
        );
      }
    });
    const abort = new AbortController();
    const res = await fromWindow('/api/export/voters.csv', { signal: abort.signal });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString('utf8')).toContain('phone_number');
    abort.abort();
    const drain = async () => {
      for (;;) if ((await reader.read()).done) return;
    };
    await expect(drain()).rejects.toThrow();
    const exported = (await auditLog()).find((a) => a.action === 'voters_exported')!;
    expect(exported.details).toMatchObject({ completed: false, total: 2504 });
    expect(exported.details.rows).toBeLessThan(2504);
  });

  let backup: Buffer;

  it('downloads a backup that is a whole SQLite data file with the same rows', async () => {
    const voters = (await core.status()).counts.voters;
    const res = await fromWindow('/api/backup');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="pulse-desk-backup-.*\.sqlite"$/,
    );
    backup = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(backup.length);
    const file = join(tmp.dir, 'downloaded.sqlite');
    writeFileSync(file, backup);
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (db.prepare('SELECT count(*) AS n FROM voter_profiles').get() as { n: number }).n;
      expect(n).toBe(voters);
      expect(n).toBe(2505);
    } finally {
      db.close();
    }
    expect(readdirSync(tmp.dir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
    expect((await auditLog())[0]).toMatchObject({
      actor: 'desktop',
      action: 'data_backed_up',
      details: { bytes: backup.length, completed: true },
    });
  });

  it('refuses to restore garbage with the same answer as HTTP, and restores a real backup', async () => {
    const garbage = new Uint8Array(randomBytes(64 * 1024));
    const init = (body: Uint8Array<ArrayBuffer>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    const desktop = await fromWindow('/api/restore', init(garbage));
    const http = await fetch(`${adminUrl}/api/restore`, {
      ...init(garbage),
      headers: { ...bearer, 'content-type': 'application/octet-stream' },
    });
    expect(desktop.status).toBe(400);
    expect(http.status).toBe(400);
    const refused = await desktop.json();
    expect(refused).toEqual(await http.json());
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(
      ((refused as { error: { message: string } }).error.message as string).toLowerCase(),
    ).toContain('not an sqlite database');

    // Delete a voter, then bring it back from the backup taken above.
    core.store().run(core.store().db.deleteFrom('voter_profiles').where('id', '=', 'w0000'));
    expect((await core.status()).counts.voters).toBe(2504);
    const restored = await fromWindow('/api/restore', init(new Uint8Array(backup)));
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({ ok: true, value: { counts: { voters: 2505 } } });
    expect((await core.status()).counts.voters).toBe(2505);
    expect((await auditLog())[0]).toMatchObject({ actor: 'desktop', action: 'data_restored' });
  });
});
