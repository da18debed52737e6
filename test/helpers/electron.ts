import { EventEmitter } from 'node:events';
import type { ElectronApi } from '../../src/main/shell/run';

// A stand-in for the Electron API the shell uses (Electron itself cannot start here): it records
// what the shell registers — windows, IPC handlers, session hooks, protocol handlers — so tests
// can call them as Electron would.

/** A protocol handler as Electron calls it: a web Request plus the origin that issued it. */
export type ProtocolHandler = (
  request: Request & { initiatorOrigin?: string },
) => Response | Promise<Response>;

export function fakeElectron(dataDir: string) {
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
  const privileges: Array<{ scheme: string; privileges?: object }> = [];
  const protocols = new Map<string, ProtocolHandler>();
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
      registerSchemesAsPrivileged: (schemes: Array<{ scheme: string; privileges?: object }>) => {
        privileges.push(...schemes);
      },
      handle: (scheme: string, fn: ProtocolHandler) => {
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
    privileges,
    protocols,
  };
}
