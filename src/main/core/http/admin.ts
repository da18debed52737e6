import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import type { Handlers } from '../../../shared/contract';
import { EVENTS_PATH, RPC_PATH_PREFIX, SESSION_PATH, eventNames } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import type { CallContext } from '../rpc';
import { BUILT_IN_ACTORS, invokeMethod } from '../rpc';
import { HTTP_STATUS } from './errors';
import type { BackupDeps } from './backup';
import { mountBackup } from './backup';
import { mountExport } from './export';
import { mountRest } from './rest';
import { SESSION_COOKIE, readCookie, sameSecret } from './sessions';
import { authenticateOperator, createSession, deleteSession, readSession } from '../operators';
import type { Store } from '../store/db';
import { FailureLimiter } from './public';

export interface AdminDeps {
  log: Logger;
  handlers: Handlers<CallContext>;
  events: EventBus;
  adminToken: () => string | undefined;
  rendererDir: string | undefined;
  store: () => Store;
  now?: () => number;
  /** Downloaded WhatsApp media, served to signed-in people only. */
  mediaDir?: string;
  /** Backup download and restore upload of the data file (admins only). */
  backup?: Pick<BackupDeps, 'dir' | 'backup' | 'restore'>;
}

// Mirrors the renderer's index.html meta tag, so the UI gets the same policy over HTTP.
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  fontSrc: ["'self'", 'data:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function sendResult(res: express.Response, result: Result<unknown>): void {
  res.status(result.ok ? 200 : HTTP_STATUS[result.error.code]).json(result);
}

/** The listener for people: web UI, contract over RPC + SSE, and the REST endpoints, behind auth. */
export function createAdminApp(deps: AdminDeps): express.Express {
  const now = deps.now ?? Date.now;
  const signInFailures = new FailureLimiter(10, 1 / 30);
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: { directives: CSP }, crossOriginEmbedderPolicy: false }));

  const authenticate = (req: express.Request): CallContext | undefined => {
    const token = deps.adminToken();
    const auth = req.get('authorization');
    if (token && auth?.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) {
      return {
        actor: BUILT_IN_ACTORS.adminToken,
        transport: 'http',
        role: 'admin',
        operatorId: null,
      };
    }
    const session = readSession(deps.store(), readCookie(req.get('cookie'), SESSION_COOKIE), now());
    return session
      ? {
          actor: session.actor,
          transport: 'http',
          role: session.role,
          operatorId: session.operatorId,
        }
      : undefined;
  };

  app.use('/api', express.json({ limit: '1mb' }));

  app.get(SESSION_PATH, (req, res) => {
    const ctx = authenticate(req);
    sendResult(res, {
      ok: true,
      value: { authenticated: ctx !== undefined, operator: ctx?.actor ?? null },
    });
  });
  app.post(SESSION_PATH, async (req, res) => {
    const ip = req.ip ?? 'unknown';
    if (!signInFailures.allowed(ip)) {
      sendResult(res, {
        ok: false,
        error: {
          code: 'unauthorized',
          message: 'Too many failed sign-ins from this computer. Wait a few minutes and try again.',
        },
      });
      return;
    }
    const body = (req.body ?? {}) as { token?: unknown; username?: unknown; password?: unknown };
    let who: { actor: string; role: 'admin' | 'operator'; operatorId: string | null } | null = null;
    if (typeof body.username === 'string' && typeof body.password === 'string') {
      const op = await authenticateOperator(deps.store(), body.username, body.password);
      if (op) who = { actor: op.displayName, role: op.role, operatorId: op.id };
    } else if (typeof body.token === 'string') {
      const token = deps.adminToken();
      if (token && body.token.trim() && sameSecret(body.token.trim(), token))
        who = { actor: BUILT_IN_ACTORS.admin, role: 'admin', operatorId: null };
    }
    if (!who) {
      signInFailures.charge(ip);
      deps.log.warn('admin sign-in refused', { ip });
      sendResult(res, {
        ok: false,
        error: {
          code: 'unauthorized',
          message:
            'That sign-in is not right. Check the username and password (or the admin token: ADMIN_TOKEN or the secrets file in the data folder).',
        },
      });
      return;
    }
    const id = createSession(deps.store(), who, now());
    res.cookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: req.secure,
    });
    sendResult(res, { ok: true, value: { authenticated: true, operator: who.actor } });
  });
  app.delete(SESSION_PATH, (req, res) => {
    deleteSession(deps.store(), readCookie(req.get('cookie'), SESSION_COOKIE));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    sendResult(res, { ok: true, value: { authenticated: false, operator: null } });
  });

  // Everything else under /api needs a token or a session.
  app.use('/api', (req, res, next) => {
    const ctx = authenticate(req);
    if (!ctx) {
      sendResult(res, {
        ok: false,
        error: {
          code: 'unauthorized',
          message: 'Sign in first: this needs the admin token or an operator session.',
        },
      });
      return;
    }
    res.locals.ctx = ctx;
    next();
  });

  app.post(`${RPC_PATH_PREFIX}:method`, async (req, res) => {
    const ctx = res.locals.ctx as CallContext;
    const name = String(req.params.method);
    sendResult(res, await invokeMethod(deps.handlers, name, req.body ?? {}, ctx, deps.log));
  });

  app.get(EVENTS_PATH, (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\n: connected, events: ${eventNames.join(',')}\n\n`);
    const stop = deps.events.onAny((name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  });

  if (deps.mediaDir) {
    app.use(
      '/api/media',
      express.static(deps.mediaDir, { index: false, dotfiles: 'deny', fallthrough: true }),
    );
  }

  mountExport(app, { store: deps.store, log: deps.log, now });
  if (deps.backup) mountBackup(app, { store: deps.store, log: deps.log, now, ...deps.backup });
  mountRest(app, deps.handlers);

  app.use('/api', (_req, res) => {
    sendResult(res, {
      ok: false,
      error: { code: 'not_found', message: 'There is no such endpoint.' },
    });
  });

  if (deps.rendererDir && existsSync(join(deps.rendererDir, 'index.html'))) {
    app.use(express.static(deps.rendererDir, { index: 'index.html', maxAge: 0 }));
  } else {
    app.get('/', (_req, res) => {
      res
        .type('text/plain')
        .send('Pulse Desk admin listener is running, but the UI is not built. Run: npm run build');
    });
  }
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  app.use(
    (
      err: Error & { status?: number },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
      if (status === 500) deps.log.error('admin listener error', { error: err });
      sendResult(res, {
        ok: false,
        error:
          status === 500
            ? {
                code: 'internal',
                message: 'Something went wrong inside Pulse Desk. See the log for details.',
              }
            : {
                code: 'invalid_input',
                message:
                  status === 413
                    ? 'The request is too large.'
                    : 'The request body is not valid JSON.',
              },
      });
    },
  );
  return app;
}
