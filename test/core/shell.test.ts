import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, ipcChannel, methodNames } from '../../src/shared/contract';
import { runShell } from '../../src/main/shell/run';
import { RENDERER_CSP } from '../../src/main/shell/window';
import { tempDir } from '../helpers/core';
import { fakeElectron } from '../helpers/electron';

// The Electron shell's wiring, with the Electron API injected: Electron itself cannot start here.

describe('electron shell wiring', () => {
  it('opens one hardened window, binds the contract to IPC and forwards core events', async () => {
    const tmp = tempDir();
    const f = fakeElectron(tmp.dir);
    const core = await runShell(f.electron, {
      outDir: '/app/out',
      env: { PUBLIC_HOST: '127.0.0.1', PUBLIC_PORT: '0', ADMIN_PORT: '0' },
    });
    try {
      expect(core).toBeDefined();
      expect(f.windows).toHaveLength(1);
      const win = f.windows[0]!;
      expect(win.options.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        preload: '/app/out/preload/index.cjs',
      });
      expect(win.loaded).toBe('/app/out/renderer/index.html');

      // New windows are denied; https links go to the OS browser.
      expect(win.openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
      expect(win.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
      expect(f.opened).toEqual(['https://example.org/']);
      // Navigation away from the app is prevented.
      let prevented = 0;
      win.contentsEvents.emit(
        'will-navigate',
        { preventDefault: () => prevented++ },
        'https://evil.example/',
      );
      win.contentsEvents.emit(
        'will-navigate',
        { preventDefault: () => prevented++ },
        'file:///app/out/renderer/index.html#/settings',
      );
      expect(prevented).toBe(1);

      // Every permission request is denied and the CSP header is set.
      let granted: boolean | undefined;
      f.session.permissionRequest!(null, 'media', (ok) => (granted = ok));
      expect(granted).toBe(false);
      expect(f.session.permissionCheck!()).toBe(false);
      let headers: unknown;
      f.session.headers!({ responseHeaders: {} }, (r) => (headers = r));
      expect(headers).toEqual({ responseHeaders: { 'Content-Security-Policy': [RENDERER_CSP] } });

      // The contract, bound over IPC, answers from the real core.
      expect([...f.handled.keys()].sort()).toEqual(methodNames.map(ipcChannel).sort());
      const status = (await f.handled.get(ipcChannel('getStatus'))!(
        { senderFrame: { url: 'file:///app/out/renderer/index.html' } },
        {},
      )) as {
        ok: boolean;
        value: { mode: string; dataDir: string };
      };
      expect(status).toMatchObject({ ok: true, value: { mode: 'desktop', dataDir: tmp.dir } });

      // Media reaches the file:// window through its own protocol, confined to the media folder.
      expect(f.privileges.map((p) => p.scheme)).toEqual(['pulse-media', 'pulse-api']);
      mkdirSync(join(tmp.dir, 'media'), { recursive: true });
      writeFileSync(join(tmp.dir, 'media', 'abc-123.png'), 'png-bytes');
      const media = f.protocols.get('pulse-media')!;
      const ok = await media(new Request('pulse-media://media/abc-123.png'));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/png');
      expect(await ok.text()).toBe('png-bytes');
      expect((await media(new Request('pulse-media://media/..%2Fsecrets.json'))).status).toBe(404);
      expect((await media(new Request('pulse-media://media/missing.png'))).status).toBe(404);

      core!.events.emit('messageChanged', { conversationId: 'c1', messageId: 'm1' });
      expect(win.sent).toContainEqual([
        IPC_EVENT_CHANNEL,
        { name: 'messageChanged', payload: { conversationId: 'c1', messageId: 'm1' } },
      ]);
    } finally {
      await core?.stop();
      tmp.cleanup();
    }
  });

  it('reports a bad setting and quits instead of opening a window', async () => {
    const tmp = tempDir();
    const f = fakeElectron(tmp.dir);
    const messages: string[] = [];
    const core = await runShell(f.electron, {
      outDir: '/app/out',
      env: { PUBLIC_PORT: 'abc' },
      fail: (m) => messages.push(m),
    });
    expect(core).toBeUndefined();
    expect(f.windows).toHaveLength(0);
    expect(f.isQuit()).toBe(true);
    expect(messages[0]).toContain('PUBLIC_PORT');
    tmp.cleanup();
  });
});
