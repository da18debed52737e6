import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { App, IpcMain, Protocol, SafeStorage, Session, Shell } from 'electron';
import { IPC_EVENT_CHANNEL } from '../../shared/contract';
import type { Core } from '../core';
import { createCore } from '../core';
import { loadConfig } from '../core/config';
import { createFileSecretStore } from '../core/secrets';
import { API_SCHEME, serveDesktopApi } from './api';
import { bindIpc } from './ipc';
import { safeStorageCipher } from './secrets';
import type { WindowConstructor } from './window';
import { hardenContents, hardenSession, windowOptions } from './window';

/** The Electron API the shell uses, injected so its wiring can be tested without Electron. */
export interface ElectronApi {
  app: Pick<
    App,
    'whenReady' | 'on' | 'quit' | 'getPath' | 'getVersion' | 'requestSingleInstanceLock'
  >;
  BrowserWindow: WindowConstructor & {
    getAllWindows(): Array<{ focus(): void; isMinimized(): boolean; restore(): void }>;
  };
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;
  session: {
    defaultSession: Pick<
      Session,
      'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'
    >;
  };
  shell: Pick<Shell, 'openExternal'>;
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
}

export interface ShellOptions {
  /** Folder holding the built preload/ and renderer/ bundles (out/). */
  outDir: string;
  env: Record<string, string | undefined>;
  /** The dev server URL when running `electron-vite dev`. */
  devServerUrl?: string | undefined;
  fail?: (message: string) => void;
}

/** Starts the desktop app: one core, one hardened window, the contract bound to IPC. */
export async function runShell(
  electron: ElectronApi,
  options: ShellOptions,
): Promise<Core | undefined> {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  electron.protocol.registerSchemesAsPrivileged([
    {
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
    {
      // Fetched cross-origin from the window (file:// or the dev server), so CORS applies.
      scheme: API_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        stream: true,
        corsEnabled: true,
      },
    },
  ]);
  await app.whenReady();
  let core: Core;
  try {
    const config = loadConfig(options.env, {
      mode: 'desktop',
      version: app.getVersion(),
      dataDir: app.getPath('userData'),
      rendererDir: join(options.outDir, 'renderer'),
    });
    const secrets = createFileSecretStore({
      file: join(config.dataDir, 'secrets.enc.json'),
      env: options.env,
      cipher: safeStorageCipher(electron.safeStorage),
    });
    core = createCore(config, { secrets });
    await core.start();
  } catch (err) {
    (options.fail ?? ((m: string) => process.stderr.write(m + '\n')))(
      `Pulse Desk could not start. ${(err as Error).message}`,
    );
    app.quit();
    return undefined;
  }

  const rendererFile = join(options.outDir, 'renderer', 'index.html');
  const appUrlPrefix = options.devServerUrl ?? 'file://';
  const isAppUrl = (url: string) =>
    options.devServerUrl
      ? url.startsWith(options.devServerUrl)
      : url.startsWith('file://') && url.includes('/renderer/index.html');

  // The page's origin: what the window's own requests carry as their initiator. A file:// page
  // may be reported as file:// or as an opaque origin ("null"), depending on Chromium's settings.
  const isAppOrigin = (origin: string) =>
    options.devServerUrl
      ? origin === new URL(options.devServerUrl).origin
      : origin === 'file://' || origin === 'null';

  hardenSession(electron.session.defaultSession);
  electron.protocol.handle(MEDIA_SCHEME, (request) =>
    serveMedia(join(core.config.dataDir, 'media'), request.url),
  );
  electron.protocol.handle(API_SCHEME, (request) =>
    serveDesktopApi(request, core.fileRoutes, isAppOrigin, core.log),
  );
  bindIpc(electron.ipcMain, core.handlers, core.log, isAppUrl);

  const open = () => {
    const win = new electron.BrowserWindow(
      windowOptions(join(options.outDir, 'preload', 'index.cjs')),
    );
    hardenContents(win.webContents, isAppUrl, electron.shell);
    const stopForwarding = core.events.onAny((name, payload) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { name, payload });
    });
    win.on('closed', stopForwarding);
    win.once('ready-to-show', () => win.show());
    if (options.devServerUrl) void win.loadURL(options.devServerUrl);
    else void win.loadFile(rendererFile);
    return win;
  };
  open();
  core.log.info('desktop window opened', { renderer: appUrlPrefix });

  app.on('second-instance', () => {
    const [win] = electron.BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('activate', () => {
    if (electron.BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void core.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  return core;
}

export const MEDIA_SCHEME = 'pulse-media';

const MEDIA_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.pdf': 'application/pdf',
};

/** Downloaded WhatsApp media for the desktop window: only plain file names inside the media folder. */
export async function serveMedia(mediaDir: string, url: string): Promise<Response> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\/+/, ''));
  if (!/^[\w-]+\.[A-Za-z0-9]{1,8}$/.test(name)) return new Response('Not found', { status: 404 });
  const file = join(mediaDir, name);
  if (!existsSync(file)) return new Response('Not found', { status: 404 });
  const type =
    MEDIA_TYPES[name.slice(name.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream';
  return new Response(new Uint8Array(await readFile(file)), { headers: { 'content-type': type } });
}
