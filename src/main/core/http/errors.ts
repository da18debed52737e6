import type { ErrorCode } from '../../../shared/result';

/** The HTTP status for each error code, the same for RPC and REST. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
