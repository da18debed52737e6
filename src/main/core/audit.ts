import type { Store } from './store/db';

/** Records who did what to what, and when; part of the caller's transaction. */
export function audit(
  s: Store,
  actor: string,
  action: string,
  target: string | null,
  details: Record<string, unknown>,
  now: number,
): void {
  s.run(
    s.db.insertInto('audit_log').values({
      at: new Date(now).toISOString(),
      actor,
      action,
      target,
      details: JSON.stringify(details),
    }),
  );
}
