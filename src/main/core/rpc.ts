import type { Handlers, MethodName } from '../../shared/contract';
import { isMethodName, parseInput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { AppError, toErrorData } from '../../shared/result';
import type { Logger } from './logger';

/** Who is calling: the desktop window, a signed-in operator, or a holder of the admin token. */
export interface CallContext {
  /** The name recorded in the audit log and on replies. */
  actor: string;
  transport: 'ipc' | 'http';
  /** The desktop window and the admin token act as admin. */
  role?: 'admin' | 'operator';
  operatorId?: string | null;
}

/** The names recorded for callers that are not operator accounts (no operator may take them). */
export const BUILT_IN_ACTORS = {
  /** A holder of the admin token, per request. */
  adminToken: 'admin-token',
  /** A browser signed in with the admin token. */
  admin: 'admin',
  /** The desktop window. */
  desktop: 'desktop',
} as const;

export const isAdmin = (ctx: CallContext): boolean => (ctx.role ?? 'admin') === 'admin';

/** Refuses a call that needs an admin. */
export function requireAdmin(ctx: CallContext): void {
  if (!isAdmin(ctx))
    throw new AppError('forbidden', 'Only an admin can do this. Ask an admin of this office.');
}

/**
 * The one dispatcher both transports use: validates the input against the contract, runs the
 * handler, and turns whatever happens into a Result.
 */
export async function invokeMethod(
  handlers: Handlers<CallContext>,
  name: string,
  input: unknown,
  ctx: CallContext,
  log: Logger,
): Promise<Result<unknown>> {
  if (!isMethodName(name)) {
    return {
      ok: false,
      error: { code: 'unknown_method', message: `There is no method "${name}".` },
    };
  }
  const parsed = parseInput(name, input);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[name] as (i: unknown, c: CallContext) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.value, ctx) };
  } catch (err) {
    if (!(err instanceof AppError))
      log.error(`method ${name as MethodName} failed`, { error: err });
    return { ok: false, error: toErrorData(err) };
  }
}
