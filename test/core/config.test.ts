import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvFile } from '../../src/main/core/config';
import { createFileSecretStore, ensureGeneratedSecrets } from '../../src/main/core/secrets';
import { createLogger } from '../../src/main/core/logger';
import { tempDir } from '../helpers/core';

const opts = { mode: 'headless' as const, version: 't', dataDir: '/tmp/pulse-default' };

describe('configuration', () => {
  it('has working defaults: public on all interfaces, admin on loopback only', () => {
    const c = loadConfig({}, opts);
    expect(c.publicListener).toEqual({ host: '0.0.0.0', port: 8787 });
    expect(c.adminListener).toEqual({ host: '127.0.0.1', port: 8788 });
    expect(c.whatsapp.graphBaseUrl).toBe('https://graph.facebook.com/v25.0');
    expect(c.dataDir).toBe('/tmp/pulse-default');
  });

  it('opens the admin listener to the LAN only when asked', () => {
    expect(loadConfig({ ADMIN_LAN: 'true' }, opts).adminListener.host).toBe('0.0.0.0');
  });

  it.each([
    [{ PUBLIC_PORT: 'eighty' }, 'PUBLIC_PORT'],
    [{ ADMIN_PORT: '70000' }, 'ADMIN_PORT'],
    [{ OPENAI_BASE_URL: 'localhost:11434' }, 'OPENAI_BASE_URL'],
    [{ WHATSAPP_GRAPH_BASE_URL: 'ftp://graph' }, 'WHATSAPP_GRAPH_BASE_URL'],
    [{ WHATSAPP_PHONE_NUMBER_ID: '+91 98000' }, 'WHATSAPP_PHONE_NUMBER_ID'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_PORT: '9000', ADMIN_PORT: '9000' }, 'ADMIN_PORT'],
  ])('stops start-up on %j with a message naming %s', (env, setting) => {
    let error: unknown;
    try {
      loadConfig(env, opts);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as Error).message).toContain(setting);
  });

  it('reads a .env file', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, '.env');
      writeFileSync(file, '# comment\nOPENAI_MODEL="gpt-test"\nPUBLIC_PORT=9999\n');
      const env = readEnvFile(file);
      expect(loadConfig(env, opts)).toMatchObject({
        openai: { model: 'gpt-test' },
        publicListener: { port: 9999 },
      });
      expect(readEnvFile(join(tmp.dir, 'missing.env'))).toEqual({});
    } finally {
      tmp.cleanup();
    }
  });
});

describe('secrets', () => {
  it('keeps stored secrets in a file only its owner can read, and lets the environment win', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'secrets.json');
      const store = createFileSecretStore({ file, env: { OPENAI_API_KEY: 'sk-test-from-env' } });
      expect(store.get('WHATSAPP_VERIFY_TOKEN')).toBeUndefined();
      ensureGeneratedSecrets(store);
      const verify = store.get('WHATSAPP_VERIFY_TOKEN')!;
      expect(verify.length).toBeGreaterThanOrEqual(24);
      expect(store.source('WHATSAPP_VERIFY_TOKEN')).toBe('stored');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      store.set('OPENAI_API_KEY', 'sk-test-stored');
      expect(store.get('OPENAI_API_KEY')).toBe('sk-test-from-env');
      expect(store.source('OPENAI_API_KEY')).toBe('environment');

      // A second start keeps the generated token: generated once, not every time.
      const again = createFileSecretStore({ file });
      ensureGeneratedSecrets(again);
      expect(again.get('WHATSAPP_VERIFY_TOKEN')).toBe(verify);
      expect(again.get('OPENAI_API_KEY')).toBe('sk-test-stored');
      again.delete('OPENAI_API_KEY');
      expect(createFileSecretStore({ file }).get('OPENAI_API_KEY')).toBeUndefined();
    } finally {
      tmp.cleanup();
    }
  });

  it('passes stored values through the cipher (safeStorage on the desktop), never in clear', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'secrets.enc.json');
      const cipher = {
        encrypt: (s: string) => Buffer.from(s).toString('base64').split('').reverse().join(''),
        decrypt: (s: string) => Buffer.from(s.split('').reverse().join(''), 'base64').toString(),
      };
      createFileSecretStore({ file, cipher }).set(
        'WHATSAPP_ACCESS_TOKEN',
        'fake-meta-token-not-real',
      );
      expect(JSON.stringify(JSON.parse(readFileSync(file, 'utf8')))).not.toContain(
        'fake-meta-token-not-real',
      );
      expect(createFileSecretStore({ file, cipher }).get('WHATSAPP_ACCESS_TOKEN')).toBe(
        'fake-meta-token-not-real',
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('redacts every known secret from log lines', () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      secrets: () => ['sk-test-abcdef', undefined],
      write: (l) => lines.push(l),
    });
    log.error('call failed with key sk-test-abcdef', { header: 'Bearer sk-test-abcdef' });
    log.debug('not shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('sk-test-abcdef');
    expect(lines[0]).toContain('[redacted]');
  });
});
