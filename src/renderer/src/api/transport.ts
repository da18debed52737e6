import type { EventName, Events, MethodName, Unsubscribe } from '../../../shared/contract';
import { EVENTS_PATH, RPC_PATH_PREFIX, eventNames } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { requestResult } from './http';

/** How the renderer reaches core: the rest of the UI never looks past this interface. */
export interface Transport {
  /** 'ipc' inside Electron (no login), 'http' in a browser against the admin listener. */
  readonly kind: 'ipc' | 'http';
  invoke(name: MethodName, input: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
}

/** Electron: the preload's bridge already speaks the contract. */
export function createIpcTransport(bridge: NonNullable<Window['pulse']>): Transport {
  return {
    kind: 'ipc',
    invoke: (name, input) => bridge.api[name](input as never) as Promise<Result<unknown>>,
    on: (event, listener) => bridge.on(event, listener),
  };
}

type AnyListener = (payload: unknown) => void;

/** Browser: JSON-over-POST for methods and one shared EventSource for events. */
export function createHttpTransport(): Transport {
  const listeners = new Map<EventName, Set<AnyListener>>();
  let source: EventSource | null = null;

  const subscriberCount = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);

  const dispatch = (event: EventName, data: string) => {
    let payload: unknown;
    try {
      payload = data ? JSON.parse(data) : {};
    } catch {
      return;
    }
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  const ensureSource = () => {
    // EventSource retries on its own after a dropped connection, but gives up for good on an
    // HTTP error (e.g. 401 before sign-in); a CLOSED source is replaced on the next subscribe.
    if (source && source.readyState !== EventSource.CLOSED) return;
    source?.close();
    const next = new EventSource(EVENTS_PATH);
    for (const name of eventNames) {
      next.addEventListener(name, (e) => dispatch(name, (e as MessageEvent<string>).data));
    }
    source = next;
  };

  return {
    kind: 'http',
    invoke: (name, input) => requestResult(RPC_PATH_PREFIX + name, 'POST', input ?? {}),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      const wrapped: AnyListener = (payload) => listener(payload as Events[typeof event]);
      set.add(wrapped);
      ensureSource();
      return () => {
        set.delete(wrapped);
        if (subscriberCount() === 0) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

/** Picks the transport for where the renderer runs. */
export function detectTransport(): Transport {
  return window.pulse ? createIpcTransport(window.pulse) : createHttpTransport();
}
