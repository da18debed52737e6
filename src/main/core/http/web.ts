import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type express from 'express';
import type { Result } from '../../../shared/result';
import { toErrorData } from '../../../shared/result';
import type { CallContext } from '../rpc';
import { HTTP_STATUS } from './errors';

// Routes that stream files (voter export, backup, restore) are written once as web
// Request → Response functions. The admin listener adapts them to express here; the desktop
// shell hands them the Request its custom protocol receives.

/** A route written against the web Fetch API, for whoever `ctx` says is calling. */
export type WebRoute = (request: Request, ctx: CallContext) => Promise<Response>;

/** A Result as JSON, with the HTTP status its error code maps to. */
export function resultResponse(result: Result<unknown>): Response {
  return Response.json(result, { status: result.ok ? 200 : HTTP_STATUS[result.error.code] });
}

/** An error (AppError or not) as a `{ok: false, error}` JSON answer. */
export function errorResponse(err: unknown): Response {
  return resultResponse({ ok: false, error: toErrorData(err) });
}

export interface StreamedBody {
  /** The next chunk, or done. Throwing ends the body with that error. */
  source: AsyncIterator<Uint8Array>;
  /** Stops the body when the caller goes away (the request's signal). */
  signal: AbortSignal;
  /** Called once: after the last chunk, on an error, or when the reader or caller gave up. */
  onEnd: (outcome: { completed: boolean; error?: unknown }) => void;
}

/**
 * A response body pulled chunk by chunk from `source` (so a slow reader slows the producer),
 * that ends the source when the reader cancels or the request is aborted.
 */
export function streamedBody({ source, signal, onEnd }: StreamedBody): ReadableStream<Uint8Array> {
  let ended = false;
  const end = (outcome: { completed: boolean; error?: unknown }) => {
    if (ended) return;
    ended = true;
    signal.removeEventListener('abort', onAbort);
    onEnd(outcome);
  };
  let stop: ((reason: unknown) => void) | undefined;
  const onAbort = () => stop?.(signal.reason);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        stop = (reason) => {
          if (ended) return;
          end({ completed: false });
          controller.error(reason);
          void source.return?.();
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      },
      async pull(controller) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await source.next();
        } catch (err) {
          if (ended) return;
          end({ completed: false, error: err });
          controller.error(err);
          return;
        }
        if (ended) return;
        if (next.done) {
          end({ completed: true });
          controller.close();
        } else controller.enqueue(next.value);
      },
      async cancel() {
        end({ completed: false });
        await source.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** The express request as a web Request; its signal aborts when the client goes away. */
function toWebRequest(req: express.Request, res: express.Response): Request {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort(new Error('The client went away.'));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.originalUrl, 'http://admin.invalid'), {
    method: req.method,
    headers,
    signal: abort.signal,
    ...(hasBody
      ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' as const }
      : {}),
  });
}

/** Writes a web Response to express, streaming its body; a reader that leaves cancels it. */
async function sendWebResponse(res: express.Response, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch {
    // The route logs its own failures; the client went away or the body broke mid-way.
    res.destroy();
  }
}

/** An express handler running a web route for the caller authenticated on `/api`. */
export function expressRoute(route: WebRoute): express.RequestHandler {
  return async (req, res) => {
    const ctx = res.locals.ctx as CallContext;
    await sendWebResponse(res, await route(toWebRequest(req, res), ctx));
  };
}
