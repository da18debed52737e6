import type { EventName, Events, PreloadBridge, ResultApi } from '../shared/contract';
import { IPC_EVENT_CHANNEL, eventNames, ipcChannel, methodNames } from '../shared/contract';

/** The part of ipcRenderer the bridge needs (injected so the wiring is testable without Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Builds exactly the contract's surface: one invoke per method, one subscription for events. */
export function buildBridge(ipc: IpcRendererLike): PreloadBridge {
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of methodNames) {
    api[name] = (input: unknown) => ipc.invoke(ipcChannel(name), input ?? {});
  }
  const known = new Set<string>(eventNames);
  return {
    api: api as unknown as ResultApi,
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      if (!known.has(event)) throw new Error(`Unknown event: ${String(event)}`);
      const handler = (_e: unknown, ...args: unknown[]) => {
        const message = args[0] as { name?: string; payload?: unknown } | undefined;
        if (message?.name === event) listener(message.payload as Events[E]);
      };
      ipc.on(IPC_EVENT_CHANNEL, handler);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, handler);
      };
    },
  };
}
