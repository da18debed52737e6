import type { Json, JsonObject } from '../../../shared/model';

// Reading the free-form JSON the store keeps (message metadata, demographics) without casts.

export function asObject(v: Json | undefined): JsonObject | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
}

export function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: Json | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function asNumber(v: Json | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Follows a path of keys through nested objects. */
export function pick(v: Json | undefined, ...path: string[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const key of path) {
    const o = asObject(cur);
    if (!o) return undefined;
    cur = o[key];
  }
  return cur;
}

/** A compact one-line rendering of any JSON value, for tables. */
export function compactJson(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v !== 'object') return String(v);
  const o = asObject(v);
  if (o) {
    return Object.entries(o)
      .map(
        ([k, x]) => `${k}: ${typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)}`,
      )
      .join(', ');
  }
  return JSON.stringify(v);
}
