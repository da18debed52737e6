import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, ipcChannel, methodNames } from '../../src/shared/contract';
import type { ElectronApi } from '../../src/main/shell/run';
import { runShell } from '../../src/main/shell/run';
import { RENDERER_CSP } from '../../src/main/shell/window';
import { tempDir } from '../helpers/core';

// The Electron shell's wiring, with the Electron API injected: Electron itself cannot start here.

function fakeElectron(dataDir: string) {
  const appEvents = new EventEmitter();
  const windows: FakeWindow[] = [];
  const handled = new Map<string, (e: unknown, input: unknown) => Promise<unknown>>();
  const session = {
    permissionRequest: undefined as
      undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    headers: undefined as
      | undefined
      | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  };
  const opened: string[] = [];
  const privileged: string[] = [];
  const protocols = new Map<string, (req: { url: string }) => Promise<Response>>();
  let quit = false;

  class FakeWindow extends EventEmitter {
    options: Record<string, unknown>;
    loaded: string | undefined;
    sent: Array<[string, unknown]> = [];
    openHandler: ((d: { url: string }) => { action: string }) | undefined;
    contentsEvents = new EventEmitter();
    webContents = {
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => {
        this.openHandler = fn;
      },
      on: (name: string, fn: (...a: unknown[]) => void) => this.contentsEvents.on(name, fn),
      send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
    };
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
    }
    static getAllWindows() {
      return windows;
    }
    loadFile(f: string) {
      this.loaded = f;
      return Promise.resolve();
    }
    loadURL(u: string) {
      this.loaded = u;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    show() {}
    focus() {}
    isMinimized() {
      return false;
    }
    restore() {}
  }

  const electron = {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => dataDir,
      getVersion: () => '0.0.0-test',
      on: (name: string, fn: (...a: unknown[]) => void) => appEvents.on(name, fn),
      quit: () => {
        quit = true;
      },
    },
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, fn: (e: unknown, input: unknown) => Promise<unknown>) =>
        handled.set(channel, fn),
      removeHandler: (channel: string) => handled.delete(channel),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s, 'utf8').reverse(),
      decryptString: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof session.permissionRequest) => {
          session.permissionRequest = fn;
        },
        setPermissionCheckHandler: (fn: typeof session.permissionCheck) => {
          session.permissionCheck = fn;
        },
        webRequest: {
          onHeadersReceived: (fn: typeof session.headers) => {
            session.headers = fn;
          },
        },
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Array<{ scheme: string }>) => {
        privileged.push(...schemes.map((x) => x.scheme));
      },
      handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) => {
        protocols.set(scheme, fn);
      },
    },
    shell: {
      openExternal: (url: string) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
  };
  return {
    electron: electron as unknown as ElectronApi,
    windows,
    handled,
    session,
    opened,
    appEvents,
    isQuit: () => quit,
    privileged,
    protocols,
  };
}

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
      expect(f.privileged).toEqual(['pulse-media']);
      mkdirSync(join(tmp.dir, 'media'), { recursive: true });
      writeFileSync(join(tmp.dir, 'media', 'abc-123.png'), 'png-bytes');
      const media = f.protocols.get('pulse-media')!;
      const ok = await media({ url: 'pulse-media://media/abc-123.png' });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/png');
      expect(await ok.text()).toBe('png-bytes');
      expect((await media({ url: 'pulse-media://media/..%2Fsecrets.json' })).status).toBe(404);
      expect((await media({ url: 'pulse-media://media/missing.png' })).status).toBe(404);

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
