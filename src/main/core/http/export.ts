import type express from 'express';
import { VoterExportFilter } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import { audit } from '../audit';
import type { ExportFormat } from '../export/voters';
import { EXPORT_FORMATS, exportVoters } from '../export/voters';
import type { Logger } from '../logger';
import type { CallContext } from '../rpc';
import { requireAdmin } from '../rpc';
import type { Store } from '../store/db';
import { errorResponse, expressRoute, streamedBody } from './web';

export const EXPORT_PATH = /^\/api\/export\/voters\.([^/]+)$/;

export interface ExportDeps {
  store: () => Store;
  log: Logger;
  now: () => number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const flag = (v: string | null) => v === '1' || v === 'true';

/**
 * `GET /api/export/voters.{csv,json,xlsx}?search=&language=&mask_phones=1&include_opted_out=1`:
 * admins only, streamed page by page (stopped when the request is aborted or the reader
 * cancels), audited with who, filters and row count.
 */
export async function exportVotersResponse(
  request: Request,
  ctx: CallContext,
  deps: ExportDeps,
): Promise<Response> {
  const url = new URL(request.url);
  const format = (EXPORT_PATH.exec(url.pathname)?.[1] ?? '') as ExportFormat;
  const query = (name: string) => url.searchParams.get(name);
  let filter;
  try {
    requireAdmin(ctx);
    if (!EXPORT_FORMATS.includes(format))
      throw new AppError('not_found', 'Export as csv, json or xlsx.');
    const parsed = VoterExportFilter.safeParse({
      ...(query('search') ? { search: query('search') } : {}),
      ...(query('language') ? { language: query('language') } : {}),
    });
    if (!parsed.success)
      throw new AppError('invalid_input', 'Filter by search text and a language (ta, en, hi, te).');
    filter = parsed.data;
  } catch (err) {
    return errorResponse(err);
  }
  const options = {
    filter,
    maskPhones: flag(query('mask_phones')),
    includeOptedOut: flag(query('include_opted_out')),
  };
  const store = deps.store();
  // The export stops at the next page once the caller is gone or the reader cancelled.
  const stop = new AbortController();
  let rows = 0;
  let total = 0;
  const body = streamedBody({
    source: exportVoters(store, format, {
      ...options,
      signal: AbortSignal.any([request.signal, stop.signal]),
      onProgress: (done, of) => {
        rows = done;
        total = of;
      },
    }),
    signal: request.signal,
    onEnd: ({ completed, error }) => {
      stop.abort();
      if (error && !request.signal.aborted) deps.log.error('voter export failed', { error });
      audit(
        store,
        ctx.actor,
        'voters_exported',
        null,
        { format, ...options, rows, total, completed },
        deps.now(),
      );
    },
  });
  const stamp = new Date(deps.now()).toISOString().slice(0, 10);
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="voters-${stamp}.${format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Mounts the voter export on the admin listener (behind its authentication). */
export function mountExport(app: express.Express, deps: ExportDeps): void {
  app.get(
    '/api/export/voters.:format',
    expressRoute((request, ctx) => exportVotersResponse(request, ctx, deps)),
  );
}
