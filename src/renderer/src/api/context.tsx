import { createContext, useContext, useEffect, useEffectEvent } from 'react';
import type { ReactNode } from 'react';
import type { EventName, Events } from '../../../shared/contract';
import type { Client } from './client';

const ClientContext = createContext<Client | null>(null);

export function ClientProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The contract client for this window. */
export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient must be used inside <ClientProvider>.');
  return client;
}

/** Calls `handler` for every `event` while the component is mounted. */
export function useEvent<E extends EventName>(event: E, handler: (payload: Events[E]) => void) {
  const client = useClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => client.on(event, (payload) => onEvent(payload)), [client, event]);
}
