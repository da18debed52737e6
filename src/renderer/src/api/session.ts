import { z } from 'zod';
import { SESSION_PATH } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { requestResult } from './http';

// The admin listener's operator session (HTTP mode only; Electron has no login).

const SessionSchema = z.object({
  authenticated: z.boolean(),
  operator: z.string().nullable().optional(),
});

export interface SessionInfo {
  authenticated: boolean;
  operator: string | null;
}

function toSession(result: Result<unknown>): Result<SessionInfo> {
  if (!result.ok) return result;
  const parsed = SessionSchema.safeParse(result.value);
  if (!parsed.success) return { ok: true, value: { authenticated: true, operator: null } };
  return {
    ok: true,
    value: { authenticated: parsed.data.authenticated, operator: parsed.data.operator ?? null },
  };
}

/** Asks whether this browser already holds a session cookie. */
export async function getSession(): Promise<Result<SessionInfo>> {
  return toSession(await requestResult(SESSION_PATH, 'GET'));
}

/** What a person signs in with: their own account, or the installation's admin token. */
export type Credentials = { username: string; password: string } | { token: string };

/** Trades credentials for an HttpOnly session cookie. */
export async function signIn(credentials: Credentials): Promise<Result<SessionInfo>> {
  return toSession(await requestResult(SESSION_PATH, 'POST', credentials));
}

/** Ends the session on the server (the cookie is cleared there). */
export async function signOut(): Promise<Result<unknown>> {
  return requestResult(SESSION_PATH, 'DELETE');
}

/**
 * Reads a `#token=...` from the address (a link printed by the headless server) and removes
 * it from the URL and history so it is not bookmarked or shared. Returns null when absent.
 */
export function takeTokenFromHash(): string | null {
  const { hash, pathname, search } = window.location;
  if (!hash.startsWith('#token=')) return null;
  const token = decodeURIComponent(hash.slice('#token='.length)).trim();
  window.history.replaceState(window.history.state, '', pathname + search);
  return token || null;
}
