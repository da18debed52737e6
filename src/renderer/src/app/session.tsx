import { createContext, useContext } from 'react';

/** HTTP mode only: who is signed in and how to sign out. Null inside Electron. */
export interface SessionControls {
  operator: string | null;
  signOut: () => void;
}

export const SessionContext = createContext<SessionControls | null>(null);

export function useSession(): SessionControls | null {
  return useContext(SessionContext);
}
