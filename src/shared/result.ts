/** Errors cross every boundary as data: a stable code and a message a person can act on. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  /** Field-level problems for invalid_input: path -> message. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** An error thrown by core that is safe to show: it becomes `{ok:false, error}` at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }

  toData(): AppErrorData {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into error data without leaking a stack trace. */
export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  return {
    code: 'internal',
    message: 'Something went wrong inside Pulse Desk. See the log for details.',
  };
}
