import { z } from 'zod';
import type { Result } from '../../../shared/result';

// One place where the renderer reads HTTP answers from the admin listener: every answer is a
// JSON Result, and anything else (no network, a proxy's HTML page) becomes error data too.

const ErrorCodeSchema = z.enum([
  'invalid_input',
  'unknown_method',
  'not_found',
  'unauthorized',
  'forbidden',
  'conflict',
  'unavailable',
  'internal',
]);

const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  }),
]);

function unreachable(): Result<never> {
  return {
    ok: false,
    error: {
      code: 'unavailable',
      message: `Cannot reach Pulse Desk at ${window.location.origin}. Is it running?`,
    },
  };
}

/** Sends one request to the same origin and always resolves to a Result, never throws. */
export async function requestResult(
  path: string,
  method: 'GET' | 'POST' | 'DELETE',
  body?: unknown,
): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return unreachable();
  }

  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  const parsed = ResultSchema.safeParse(json);
  if (parsed.success) return parsed.data as Result<unknown>;
  if (response.status === 401) {
    return { ok: false, error: { code: 'unauthorized', message: 'Please sign in again.' } };
  }
  return {
    ok: false,
    error: {
      code: response.status >= 500 || response.ok ? 'internal' : 'unavailable',
      message: `Pulse Desk answered ${path} with an unexpected response (HTTP ${response.status}). Check that this page is served by Pulse Desk's admin listener.`,
    },
  };
}
