import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json';
import { createCore } from './core';
import { ConfigError, loadConfig, readEnvFile } from './core/config';
import { createFileSecretStore } from './core/secrets';

// `npm run serve`: the same core as the desktop app, without Electron.

const here = fileURLToPath(new URL('.', import.meta.url));

async function main(): Promise<void> {
  const env = { ...readEnvFile(resolve('.env')), ...process.env };
  const config = loadConfig(env, {
    mode: 'headless',
    version: pkg.version,
    rendererDir: join(here, '../renderer'),
  });
  const secretsFile = join(config.dataDir, 'secrets.json');
  const secrets = createFileSecretStore({ file: secretsFile, env });
  const core = createCore(config, { secrets });
  await core.start();
  const status = await core.status();
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`Pulse Desk ${config.version} (headless)`);
  out(`  data folder      ${config.dataDir}`);
  out(`  webhook (public) ${status.listeners.public?.url}/api/whatsapp/webhook/`);
  out(`  admin UI         ${status.listeners.admin?.url}/`);
  out(`  sign in with ADMIN_TOKEN from the environment or from ${secretsFile}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    core.log.info(`${signal} received, stopping`);
    core.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Pulse Desk could not start. ${err instanceof ConfigError ? '' : '\n'}${(err as Error).message}\n`,
  );
  process.exit(1);
});
