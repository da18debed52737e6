import { createContext, useCallback, useContext } from 'react';
import type { ReactNode } from 'react';
import type { Identity } from '../../../shared/model';
import { useClient } from '../api/context';
import { useRemote } from '../api/useRemote';

const IdentityContext = createContext<Identity | null>(null);

/** Asks core who this window acts as (whoAmI) once per sign-in, for every page to read. */
export function IdentityProvider({ children }: { children: ReactNode }) {
  const { api } = useClient();
  const me = useRemote(useCallback(() => api.whoAmI({}), [api]));
  return <IdentityContext.Provider value={me.data ?? null}>{children}</IdentityContext.Provider>;
}

/** Who is signed in (name, role, operator account); null until known. */
export function useIdentity(): Identity | null {
  return useContext(IdentityContext);
}

export function roleLabel(role: Identity['role']): string {
  return role === 'admin' ? 'Admin' : 'Operator';
}

/**
 * Whether `assignedOperator` (the name core recorded when someone took the conversation over)
 * is the signed-in person.
 */
export function heldByMe(assignedOperator: string | null, me: Identity | null): boolean {
  // Core records the caller's name (whoAmI's `name`) as the holder; display names are unique
  // on a desk and a rename carries the conversations held over to the new name.
  return !!assignedOperator && !!me && assignedOperator === me.name;
}
