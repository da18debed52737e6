import type { AppErrorData } from '../../../shared/result';
import { AppError } from '../../../shared/result';

/** Turns anything a call threw into error data the UI can show. */
export function toUiError(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  return {
    code: 'internal',
    message:
      err instanceof Error
        ? `Something went wrong in this window: ${err.message}`
        : 'Something went wrong in this window.',
  };
}
