import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Handlers } from '../../shared/contract';
import { ipcChannel, methodNames } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Logger } from '../core/logger';
import type { CallContext } from '../core/rpc';
import { BUILT_IN_ACTORS, invokeMethod } from '../core/rpc';

/** Who the desktop window is, whichever way it calls: the office's owner, acting as admin. */
export const DESKTOP_CALLER: CallContext = { actor: BUILT_IN_ACTORS.desktop, transport: 'ipc' };

/** Binds every contract method to ipcMain; only our own window's frames may call. Returns the channels bound. */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers<CallContext>,
  log: Logger,
  isTrustedUrl: (url: string) => boolean,
): string[] {
  const channels: string[] = [];
  for (const name of methodNames) {
    const channel = ipcChannel(name);
    ipcMain.removeHandler(channel);
    ipcMain.handle(
      channel,
      async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
        const url = event.senderFrame?.url ?? '';
        if (!isTrustedUrl(url)) {
          log.warn('IPC call from an untrusted frame refused', { method: name });
          return {
            ok: false,
            error: { code: 'forbidden', message: 'This window may not call Pulse Desk.' },
          };
        }
        return invokeMethod(handlers, name, input, DESKTOP_CALLER, log);
      },
    );
    channels.push(channel);
  }
  return channels;
}
