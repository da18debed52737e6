import Box from '@mui/material/Box';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { createClient } from '../api/client';
import { ClientProvider } from '../api/context';
import { getSession, signIn, signOut, takeTokenFromHash } from '../api/session';
import type { Credentials } from '../api/session';
import type { Transport } from '../api/transport';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadingState } from '../components/LoadingState';
import { IdentityProvider } from './identity';
import { LoginScreen } from './LoginScreen';
import { SessionContext } from './session';
import type { SessionControls } from './session';

type AuthState =
  | { status: 'checking' }
  | { status: 'unreachable'; error: AppErrorData }
  | { status: 'signedOut'; notice: string | null }
  | { status: 'signedIn'; operator: string | null };

interface AuthGateProps {
  transport: Transport;
  /** A token taken from `#token=` before the first render, signed in automatically. */
  initialToken: string | null;
  children: ReactNode;
}

/**
 * Electron needs no login: the client is ready at once. Over HTTP, checks the session (or
 * signs in with the token from the address) and shows the login screen until signed in; any
 * call answering 'unauthorized' brings the login screen back.
 */
export function AuthGate({ transport, initialToken, children }: AuthGateProps) {
  const needsLogin = transport.kind === 'http';
  const [auth, setAuth] = useState<AuthState>(
    needsLogin ? { status: 'checking' } : { status: 'signedIn', operator: null },
  );
  const [attempt, setAttempt] = useState(0);

  const client = useMemo(
    () =>
      createClient(transport, () => {
        if (needsLogin) {
          setAuth({ status: 'signedOut', notice: 'Your session has ended. Please sign in again.' });
        }
      }),
    [transport, needsLogin],
  );

  useEffect(() => {
    if (!needsLogin) return;
    let cancelled = false;
    const check = async () => {
      if (initialToken) {
        const result = await signIn({ token: initialToken });
        if (cancelled) return;
        if (result.ok) setAuth({ status: 'signedIn', operator: result.value.operator });
        else if (result.error.code === 'unavailable')
          setAuth({ status: 'unreachable', error: result.error });
        else setAuth({ status: 'signedOut', notice: result.error.message });
        return;
      }
      const result = await getSession();
      if (cancelled) return;
      if (!result.ok) {
        if (result.error.code === 'unauthorized') setAuth({ status: 'signedOut', notice: null });
        else setAuth({ status: 'unreachable', error: result.error });
      } else if (result.value.authenticated) {
        setAuth({ status: 'signedIn', operator: result.value.operator });
      } else {
        setAuth({ status: 'signedOut', notice: null });
      }
    };
    void check();
    return () => {
      cancelled = true;
    };
  }, [needsLogin, initialToken, attempt]);

  const submit = useCallback(async (credentials: Credentials) => {
    const result = await signIn(credentials);
    if (!result.ok) return result.error.message;
    setAuth({ status: 'signedIn', operator: result.value.operator });
    return null;
  }, []);

  // A `#token=` link opened in a tab that already shows Pulse Desk arrives as a hash change.
  useEffect(() => {
    if (!needsLogin) return;
    const onHashChange = () => {
      const token = takeTokenFromHash();
      if (!token) return;
      void submit({ token }).then((message) => {
        if (message) setAuth({ status: 'signedOut', notice: message });
      });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [needsLogin, submit]);

  const controls = useMemo<SessionControls | null>(() => {
    if (!needsLogin || auth.status !== 'signedIn') return null;
    return {
      operator: auth.operator,
      signOut: () => {
        void signOut().finally(() => setAuth({ status: 'signedOut', notice: null }));
      },
    };
  }, [needsLogin, auth]);

  switch (auth.status) {
    case 'checking':
      return <LoadingState label="Connecting to Pulse Desk…" />;
    case 'unreachable':
      return (
        <Box sx={{ p: 4, maxWidth: 640, mx: 'auto' }} data-testid="page-unreachable">
          <ErrorAlert error={auth.error} onRetry={() => setAttempt((n) => n + 1)} />
        </Box>
      );
    case 'signedOut':
      return <LoginScreen onSubmit={submit} notice={auth.notice} />;
    case 'signedIn':
      return (
        <SessionContext.Provider value={controls}>
          <ClientProvider client={client}>
            <IdentityProvider>{children}</IdentityProvider>
          </ClientProvider>
        </SessionContext.Provider>
      );
  }
}
