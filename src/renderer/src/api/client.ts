import type { Api, EventName, Events, Unsubscribe } from '../../../shared/contract';
import { createApi } from '../../../shared/contract';
import type { Transport } from './transport';

/** What features use: the typed Api (throws AppError) and event subscription. */
export interface Client {
  readonly kind: Transport['kind'];
  readonly api: Api;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
}

/** Wraps a transport; `onUnauthorized` runs whenever any call answers code 'unauthorized'. */
export function createClient(transport: Transport, onUnauthorized: () => void): Client {
  const api = createApi(async (name, input) => {
    const result = await transport.invoke(name, input);
    if (!result.ok && result.error.code === 'unauthorized') onUnauthorized();
    return result;
  });
  return { kind: transport.kind, api, on: (event, listener) => transport.on(event, listener) };
}
