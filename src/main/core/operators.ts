import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Selectable } from 'kysely';
import type { Operator, Role } from '../../shared/model';
import { AppError } from '../../shared/result';
import { randomToken } from './secrets';
import { BUILT_IN_ACTORS } from './rpc';
import type { Store } from './store/db';
import type { OperatorsTable } from './store/schema';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** scrypt with a random salt; the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(got, expected);
}

export function toOperator(r: Selectable<OperatorsTable>): Operator {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    disabled: r.disabled_at !== null,
    createdAt: r.created_at,
  };
}

export function listOperators(s: Store): Operator[] {
  return s.all(s.db.selectFrom('operators').selectAll().orderBy('display_name')).map(toOperator);
}

const RESERVED_NAMES: readonly string[] = Object.values(BUILT_IN_ACTORS);

/**
 * A display name is who holds a conversation and who wrote a reply, so two people cannot share
 * one (nor take the name of the desktop window or the admin token).
 */
function checkDisplayName(s: Store, name: string, exceptId: string | null): void {
  const taken = s
    .all(s.db.selectFrom('operators').select(['id', 'display_name']))
    .some((o) => o.id !== exceptId && o.display_name.toLowerCase() === name.toLowerCase());
  if (taken || RESERVED_NAMES.includes(name.toLowerCase()))
    throw new AppError('conflict', `The name "${name}" is already used on this desk.`, {
      displayName: 'Someone already uses this name: pick another (add an initial).',
    });
}

export async function createOperator(
  s: Store,
  input: { username: string; displayName: string; role: Role; password: string },
  now: number,
): Promise<Operator> {
  checkDisplayName(s, input.displayName, null);
  const hash = await hashPassword(input.password);
  const at = new Date(now).toISOString();
  const id = randomUUID();
  try {
    s.run(
      s.db.insertInto('operators').values({
        id,
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        password_hash: hash,
        created_at: at,
        updated_at: at,
      }),
    );
  } catch (err) {
    if (String(err).includes('UNIQUE'))
      throw new AppError('conflict', `The username "${input.username}" is taken.`, {
        username: 'This username is taken.',
      });
    throw err;
  }
  return toOperator(s.first(s.db.selectFrom('operators').selectAll().where('id', '=', id))!);
}

export async function updateOperator(
  s: Store,
  input: {
    id: string;
    displayName?: string | undefined;
    role?: Role | undefined;
    password?: string | undefined;
    disabled?: boolean | undefined;
  },
  now: number,
): Promise<Operator> {
  const current = s.first(s.db.selectFrom('operators').selectAll().where('id', '=', input.id));
  if (!current) throw new AppError('not_found', 'That operator does not exist.');
  if (input.displayName) checkDisplayName(s, input.displayName, input.id);
  const at = new Date(now).toISOString();
  const hash = input.password ? await hashPassword(input.password) : undefined;
  s.transaction(() => {
    // The conversations they hold, and their open sessions, follow the new name.
    if (input.displayName && input.displayName !== current.display_name) {
      s.run(
        s.db
          .updateTable('conversations')
          .set({ assigned_operator: input.displayName })
          .where('assigned_operator', '=', current.display_name),
      );
      s.run(
        s.db
          .updateTable('sessions')
          .set({ actor: input.displayName })
          .where('operator_id', '=', input.id),
      );
    }
    s.run(
      s.db
        .updateTable('operators')
        .set({
          ...(input.displayName ? { display_name: input.displayName } : {}),
          ...(input.role ? { role: input.role } : {}),
          ...(hash ? { password_hash: hash } : {}),
          ...(input.disabled !== undefined ? { disabled_at: input.disabled ? at : null } : {}),
          updated_at: at,
        })
        .where('id', '=', input.id),
    );
    // A disabled account, a new password or a new role ends the person's sessions.
    if (input.disabled || hash || input.role)
      s.run(s.db.deleteFrom('sessions').where('operator_id', '=', input.id));
  });
  return toOperator(s.first(s.db.selectFrom('operators').selectAll().where('id', '=', input.id))!);
}

/** Checks a username and password; null when they do not match an active account. */
export async function authenticateOperator(
  s: Store,
  username: string,
  password: string,
): Promise<Operator | null> {
  const row = s.first(
    s.db.selectFrom('operators').selectAll().where('username', '=', username.trim().toLowerCase()),
  );
  if (!row || row.disabled_at) {
    // Same work either way, so timing does not reveal which usernames exist.
    await hashPassword(password);
    return null;
  }
  return (await verifyPassword(password, row.password_hash)) ? toOperator(row) : null;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionInfo {
  actor: string;
  role: Role;
  operatorId: string | null;
}

export function createSession(s: Store, who: SessionInfo, now: number): string {
  const token = randomToken(32);
  s.run(
    s.db.insertInto('sessions').values({
      token_hash: tokenHash(token),
      operator_id: who.operatorId,
      actor: who.actor,
      role: who.role,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + SESSION_TTL_MS).toISOString(),
    }),
  );
  return token;
}

export function readSession(
  s: Store,
  token: string | undefined,
  now: number,
): SessionInfo | undefined {
  if (!token) return undefined;
  const row = s.first(
    s.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash(token)),
  );
  if (!row || row.expires_at < new Date(now).toISOString()) return undefined;
  return { actor: row.actor, role: row.role as Role, operatorId: row.operator_id };
}

export function deleteSession(s: Store, token: string | undefined): void {
  if (token) s.run(s.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)));
}
