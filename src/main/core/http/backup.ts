import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type express from 'express';
import type { RestoreResult } from '../../../shared/model';
import type { Result } from '../../../shared/result';
import { AppError, toErrorData } from '../../../shared/result';
import { audit } from '../audit';
import { removeDataFile, tempDataFile } from '../backup';
import type { Logger } from '../logger';
import type { CallContext } from '../rpc';
import { requireAdmin } from '../rpc';
import type { Store } from '../store/db';
import { HTTP_STATUS } from './errors';

export const BACKUP_PATH = '/api/backup';
export const RESTORE_PATH = '/api/restore';

/** The largest data file a restore accepts. */
export const MAX_RESTORE_BYTES = 4 * 1024 ** 3;

export interface BackupDeps {
  store: () => Store;
  log: Logger;
  now: () => number;
  /** Where temporary copies go: the data folder, so a restore can rename its upload in. */
  dir: string;
  /** Makes a consistent copy of the data file; returns its path (removed after sending). */
  backup: () => Promise<string>;
  /** Checks the uploaded file and swaps it in; throws AppError and changes nothing when it is refused. */
  restore: (file: string, actor: string) => Promise<RestoreResult>;
}

function send(res: express.Response, result: Result<unknown>): void {
  res.status(result.ok ? 200 : HTTP_STATUS[result.error.code]).json(result);
}

function fail(res: express.Response, err: unknown): void {
  send(res, { ok: false, error: toErrorData(err) });
}

/**
 * `GET /api/backup`: a consistent copy of the data file as a download. `POST /api/restore` with
 * the file as the request body: replaces the data file. Admins only, both audited.
 */
export function mountBackup(app: express.Express, deps: BackupDeps): void {
  app.get(BACKUP_PATH, async (req, res) => {
    const ctx = res.locals.ctx as CallContext;
    let file: string;
    try {
      requireAdmin(ctx);
      file = await deps.backup();
    } catch (err) {
      if (!(err instanceof AppError)) deps.log.error('backup failed', { error: err });
      fail(res, err);
      return;
    }
    const bytes = statSync(file).size;
    const stamp = new Date(deps.now()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
    res.status(200).set({
      'content-type': 'application/vnd.sqlite3',
      'content-length': String(bytes),
      'content-disposition': `attachment; filename="pulse-desk-backup-${stamp}.sqlite"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    let completed = false;
    try {
      await pipeline(createReadStream(file), res);
      completed = true;
    } catch (err) {
      if (!req.destroyed) deps.log.warn('backup download interrupted', { error: err });
    } finally {
      removeDataFile(file);
      audit(deps.store(), ctx.actor, 'data_backed_up', null, { bytes, completed }, deps.now());
    }
  });

  app.post(RESTORE_PATH, async (req, res) => {
    const ctx = res.locals.ctx as CallContext;
    const upload = tempDataFile(deps.dir, 'restore');
    try {
      requireAdmin(ctx);
      const declared = Number(req.get('content-length'));
      if (Number.isFinite(declared) && declared > MAX_RESTORE_BYTES)
        throw new AppError('invalid_input', 'The file is larger than a data file can be (4 GB).');
      let received = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          received += chunk.length;
          if (received > MAX_RESTORE_BYTES)
            done(
              new AppError('invalid_input', 'The file is larger than a data file can be (4 GB).'),
            );
          else done(null, chunk);
        },
      });
      await pipeline(req, limit, createWriteStream(upload, { mode: 0o600 }));
      if (received === 0)
        throw new AppError('invalid_input', 'No file arrived: choose a backup file to restore.');
      const result = await deps.restore(upload, ctx.actor);
      send(res, { ok: true, value: result });
    } catch (err) {
      if (!(err instanceof AppError)) deps.log.error('restore failed', { error: err });
      fail(res, err);
    } finally {
      removeDataFile(upload);
    }
  });
}
