import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core, CoreDeps } from '../../src/main/core';
import { createCore } from '../../src/main/core';
import { loadConfig } from '../../src/main/core/config';
import type { Logger } from '../../src/main/core/logger';
import { createFileSecretStore } from '../../src/main/core/secrets';

export const FAKE_ADMIN_TOKEN = 'test-admin-token-not-a-secret';
export const FAKE_APP_SECRET = 'test-app-secret-not-a-secret';

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps what it is told, so tests can read the log. */
export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push(fields ? { level, msg, fields } : { level, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function tempDir(prefix = 'pulse-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real core on a temp data folder with both listeners on free loopback ports. With `dataDir`,
 * on that folder instead (left in place on close), as a restart of an earlier core would.
 */
export async function startTestCore(
  env: Record<string, string> = {},
  deps: Partial<Pick<CoreDeps, 'now' | 'modelTimeoutMs' | 'tuning'>> = {},
  options: { dataDir?: string } = {},
): Promise<{
  core: Core;
  log: ReturnType<typeof memoryLogger>;
  adminUrl: string;
  publicUrl: string;
  dataDir: string;
  close(): Promise<void>;
}> {
  const tmp = options.dataDir ? { dir: options.dataDir, cleanup: () => undefined } : tempDir();
  const fullEnv = {
    DATA_DIR: tmp.dir,
    PUBLIC_HOST: '127.0.0.1',
    PUBLIC_PORT: '0',
    ADMIN_PORT: '0',
    ADMIN_TOKEN: FAKE_ADMIN_TOKEN,
    ...env,
  };
  const config = loadConfig(fullEnv, { mode: 'headless', version: '0.0.0-test' });
  const secrets = createFileSecretStore({ file: join(tmp.dir, 'secrets.json'), env: fullEnv });
  const log = memoryLogger();
  const core = createCore(config, { secrets, log, ...deps });
  await core.start();
  const status = await core.status();
  return {
    core,
    log,
    dataDir: tmp.dir,
    adminUrl: status.listeners.admin!.url,
    publicUrl: status.listeners.public!.url,
    async close() {
      await core.stop();
      tmp.cleanup();
    },
  };
}
