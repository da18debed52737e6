import { AppError } from '../../../shared/result';
import type { BackupDeps } from './backup';
import { BACKUP_PATH, RESTORE_PATH, backupResponse, restoreResponse } from './backup';
import { EXPORT_PATH, exportVotersResponse } from './export';
import type { WebRoute } from './web';
import { errorResponse } from './web';

/**
 * The routes that move whole files (voter export, backup, restore) for a caller that is not the
 * admin listener, such as the desktop window's protocol: the same functions the listener mounts,
 * chosen by method and path. Any other request is not found.
 */
export function fileRoutes(deps: BackupDeps): WebRoute {
  return async (request, ctx) => {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && EXPORT_PATH.test(pathname))
      return exportVotersResponse(request, ctx, deps);
    if (request.method === 'GET' && pathname === BACKUP_PATH)
      return backupResponse(request, ctx, deps);
    if (request.method === 'POST' && pathname === RESTORE_PATH)
      return restoreResponse(request, ctx, deps);
    return errorResponse(new AppError('not_found', 'There is no such endpoint.'));
  };
}
