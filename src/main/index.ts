import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { runShell } from './shell/run';

// The desktop shell: thin. Everything the product does lives in ./core.

const outDir = join(fileURLToPath(new URL('.', import.meta.url)), '..');

void runShell(
  { app, BrowserWindow, ipcMain, safeStorage, session, shell, protocol },
  {
    outDir,
    env: process.env,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    fail: (message) => dialog.showErrorBox('Pulse Desk', message),
  },
);
