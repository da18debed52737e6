import type { z } from 'zod';
import type { AppErrorData } from '../../../shared/result';

/** Field path ("knowledgeBase.2.question") to the message to show under that input. */
export type FieldErrors = Record<string, string>;

/** The first message per field of a failed parse, keyed like the server's `error.fields`. */
export function issuesToFields(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '(input)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * Validates `input` with a contract schema. Returns the parsed value, or the field errors to
 * show (a form never sends what the contract would refuse).
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; fields: FieldErrors } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, fields: issuesToFields(parsed.error) };
}

/** The field errors a server error carries (invalid_input and some conflicts). */
export function serverFields(error: AppErrorData | null | undefined): FieldErrors {
  return error?.fields ?? {};
}
