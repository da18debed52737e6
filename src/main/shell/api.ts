import type { Logger } from '../core/logger';
import type { WebRoute } from '../core/http/web';
import { errorResponse } from '../core/http/web';
import { AppError } from '../../shared/result';
import { DESKTOP_CALLER } from './ipc';

/** The scheme through which the desktop window reaches core's file routes (export, backup, restore). */
export const API_SCHEME = 'pulse-api';
const API_HOST = 'app';

/** What Electron's protocol handler receives: a web Request plus the origin that issued it. */
export type ProtocolRequest = Request & { initiatorOrigin?: string };

const CORS_EXPOSED = 'content-disposition, content-length, content-type';

/**
 * Serves `pulse-api://app/api/…` to the desktop window with core's file routes, as the desktop
 * caller (the same identity IPC calls get). Requests that no page of ours issued are refused;
 * the window's origin (file:// or the dev server) differs from the scheme's, so answers carry
 * CORS headers for it.
 */
export async function serveDesktopApi(
  request: ProtocolRequest,
  routes: WebRoute,
  isAppOrigin: (origin: string) => boolean,
  log: Logger,
): Promise<Response> {
  const initiator = request.initiatorOrigin;
  if (!initiator || !isAppOrigin(initiator)) {
    log.warn('pulse-api request from outside the app refused', { initiator: initiator ?? null });
    return errorResponse(new AppError('forbidden', 'Only the Pulse Desk window may do this.'));
  }
  const cors = {
    'access-control-allow-origin': request.headers.get('origin') ?? initiator,
    'access-control-expose-headers': CORS_EXPOSED,
    vary: 'Origin',
  };
  if (request.method === 'OPTIONS') {
    return new Response(null, {
      status: 204,
      headers: {
        ...cors,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      },
    });
  }
  const response =
    new URL(request.url).host === API_HOST
      ? await routes(request, DESKTOP_CALLER)
      : errorResponse(new AppError('not_found', 'There is no such endpoint.'));
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(cors)) headers.set(name, value);
  return new Response(response.body, { status: response.status, headers });
}
