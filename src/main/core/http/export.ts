import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type express from 'express';
import { VoterExportFilter } from '../../../shared/contract';
import { AppError, toErrorData } from '../../../shared/result';
import { audit } from '../audit';
import type { ExportFormat } from '../export/voters';
import { EXPORT_FORMATS, exportVoters } from '../export/voters';
import type { Logger } from '../logger';
import type { CallContext } from '../rpc';
import { requireAdmin } from '../rpc';
import type { Store } from '../store/db';
import { HTTP_STATUS } from './errors';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const flag = (v: unknown) => v === '1' || v === 'true';

/**
 * `GET /api/export/voters.{csv,json,xlsx}?search=&language=&mask_phones=1&include_opted_out=1`:
 * admins only, streamed page by page, audited with who, filters and row count.
 */
export function mountExport(
  app: express.Express,
  deps: { store: () => Store; log: Logger; now: () => number },
): void {
  app.get('/api/export/voters.:format', async (req, res) => {
    const ctx = res.locals.ctx as CallContext;
    const format = String(req.params.format) as ExportFormat;
    let filter;
    try {
      requireAdmin(ctx);
      if (!EXPORT_FORMATS.includes(format))
        throw new AppError('not_found', 'Export as csv, json or xlsx.');
      const parsed = VoterExportFilter.safeParse({
        ...(typeof req.query.search === 'string' && req.query.search
          ? { search: req.query.search }
          : {}),
        ...(typeof req.query.language === 'string' && req.query.language
          ? { language: req.query.language }
          : {}),
      });
      if (!parsed.success)
        throw new AppError(
          'invalid_input',
          'Filter by search text and a language (ta, en, hi, te).',
        );
      filter = parsed.data;
    } catch (err) {
      const data = toErrorData(err);
      res.status(HTTP_STATUS[data.code]).json({ ok: false, error: data });
      return;
    }
    const options = {
      filter,
      maskPhones: flag(req.query.mask_phones),
      includeOptedOut: flag(req.query.include_opted_out),
    };
    const store = deps.store();
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let rows = 0;
    let total = 0;
    const stamp = new Date(deps.now()).toISOString().slice(0, 10);
    res.status(200).set({
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="voters-${stamp}.${format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    let completed = false;
    try {
      await pipeline(
        Readable.from(
          exportVoters(store, format, {
            ...options,
            signal: abort.signal,
            onProgress: (done, of) => {
              rows = done;
              total = of;
            },
          }),
        ),
        res,
      );
      completed = true;
    } catch (err) {
      if (!abort.signal.aborted) deps.log.error('voter export failed', { error: err });
      res.destroy();
    } finally {
      audit(
        store,
        ctx.actor,
        'voters_exported',
        null,
        { format, ...options, rows, total, completed },
        deps.now(),
      );
    }
  });
}
