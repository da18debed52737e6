import { timingSafeEqual, createHash } from 'node:crypto';
import { randomToken } from '../secrets';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'pulse_session';

export interface Session {
  actor: string;
  expiresAt: number;
}

/** Browser sessions on the admin listener (cookie ids kept in memory: a restart signs everyone out). */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  create(actor: string): string {
    const id = randomToken(32);
    this.sessions.set(id, { actor, expiresAt: Date.now() + SESSION_TTL_MS });
    return id;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt < Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
}

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
