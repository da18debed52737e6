import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type express from 'express';
import type { RestoreResult } from '../../../shared/model';
import { AppError } from '../../../shared/result';
import { audit } from '../audit';
import { removeDataFile, tempDataFile } from '../backup';
import type { Logger } from '../logger';
import type { CallContext } from '../rpc';
import { requireAdmin } from '../rpc';
import type { Store } from '../store/db';
import { errorResponse, expressRoute, resultResponse, streamedBody } from './web';

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

const tooLarge = () =>
  new AppError('invalid_input', 'The file is larger than a data file can be (4 GB).');

/** `GET /api/backup`: a consistent copy of the data file as a download. Admins only, audited. */
export async function backupResponse(
  request: Request,
  ctx: CallContext,
  deps: BackupDeps,
): Promise<Response> {
  let file: string;
  try {
    requireAdmin(ctx);
    file = await deps.backup();
  } catch (err) {
    if (!(err instanceof AppError)) deps.log.error('backup failed', { error: err });
    return errorResponse(err);
  }
  const bytes = statSync(file).size;
  const stamp = new Date(deps.now()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const body = streamedBody({
    source: createReadStream(file)[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>,
    signal: request.signal,
    onEnd: ({ completed, error }) => {
      if (error) deps.log.warn('backup download interrupted', { error });
      removeDataFile(file);
      audit(deps.store(), ctx.actor, 'data_backed_up', null, { bytes, completed }, deps.now());
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'application/vnd.sqlite3',
      'content-length': String(bytes),
      'content-disposition': `attachment; filename="pulse-desk-backup-${stamp}.sqlite"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/**
 * `POST /api/restore` with the file as the request body: checks it and replaces the data file.
 * Admins only, audited by the restore itself.
 */
export async function restoreResponse(
  request: Request,
  ctx: CallContext,
  deps: BackupDeps,
): Promise<Response> {
  const upload = tempDataFile(deps.dir, 'restore');
  try {
    requireAdmin(ctx);
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_RESTORE_BYTES) throw tooLarge();
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > MAX_RESTORE_BYTES) done(tooLarge());
        else done(null, chunk);
      },
    });
    if (request.body) {
      await pipeline(
        Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
        limit,
        createWriteStream(upload, { mode: 0o600 }),
      );
    }
    if (received === 0)
      throw new AppError('invalid_input', 'No file arrived: choose a backup file to restore.');
    return resultResponse({ ok: true, value: await deps.restore(upload, ctx.actor) });
  } catch (err) {
    if (!(err instanceof AppError)) deps.log.error('restore failed', { error: err });
    return errorResponse(err);
  } finally {
    removeDataFile(upload);
  }
}

/** Mounts backup download and restore upload on the admin listener (behind its authentication). */
export function mountBackup(app: express.Express, deps: BackupDeps): void {
  app.get(
    BACKUP_PATH,
    expressRoute((request, ctx) => backupResponse(request, ctx, deps)),
  );
  app.post(
    RESTORE_PATH,
    expressRoute((request, ctx) => restoreResponse(request, ctx, deps)),
  );
}
