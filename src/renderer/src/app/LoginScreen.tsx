import LockOutlined from '@mui/icons-material/LockOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Credentials } from '../api/session';

interface LoginScreenProps {
  /** Resolves to an error message, or null on success. */
  onSubmit: (credentials: Credentials) => Promise<string | null>;
  /** A message from before (e.g. "session ended" or a failed automatic sign-in). */
  notice?: string | null;
}

type Mode = 'account' | 'token';

/**
 * Operators sign in with their username and password; the admin token printed by the headless
 * server is kept as a second way in (first start, before any account exists).
 */
export function LoginScreen({ onSubmit, notice }: LoginScreenProps) {
  const [mode, setMode] = useState<Mode>('account');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const credentials = (): Credentials | string => {
    if (mode === 'token') {
      return token.trim()
        ? { token: token.trim() }
        : 'Enter the admin token. Pulse Desk prints it when the server starts.';
    }
    if (!username.trim()) return 'Enter your username.';
    if (!password) return 'Enter your password.';
    return { username: username.trim().toLowerCase(), password };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const given = credentials();
    if (typeof given === 'string') {
      setError(given);
      return;
    }
    setBusy(true);
    setError(null);
    const message = await onSubmit(given);
    setBusy(false);
    if (message) setError(message);
  };

  const switchMode = () => {
    setMode(mode === 'account' ? 'token' : 'account');
    setError(null);
  };

  const shown = error ?? notice ?? null;
  return (
    <Box
      data-testid="page-login"
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        p: 2,
        bgcolor: 'background.default',
      }}
    >
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent sx={{ p: 4 }}>
          <Stack component="form" spacing={3} onSubmit={submit} noValidate>
            <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
              <LockOutlined color="primary" />
              <Typography variant="h5" component="h1">
                Pulse Desk
              </Typography>
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {mode === 'account'
                ? 'Sign in with the username and password an admin of this office gave you.'
                : 'Sign in with the admin token shown in the terminal where Pulse Desk is running.'}
            </Typography>
            {shown ? (
              <Alert severity="error" role="alert">
                {shown}
              </Alert>
            ) : null}
            {mode === 'account' ? (
              <>
                <TextField
                  data-testid="login-username"
                  key="username"
                  label="Username"
                  name="username"
                  autoComplete="username"
                  autoFocus
                  fullWidth
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  disabled={busy}
                  slotProps={{
                    htmlInput: {
                      autoCapitalize: 'none',
                      spellCheck: false,
                    },
                  }}
                />
                <TextField
                  data-testid="login-password"
                  key="password"
                  label="Password"
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  fullWidth
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  disabled={busy}
                />
              </>
            ) : (
              <TextField
                data-testid="login-token"
                key="token"
                label="Admin token"
                type="password"
                name="token"
                autoComplete="off"
                autoFocus
                fullWidth
                value={token}
                onChange={(e) => setToken(e.target.value)}
                disabled={busy}
              />
            )}
            <Button
              type="submit"
              variant="contained"
              size="large"
              disabled={busy}
              data-testid="login-submit"
            >
              {busy ? 'Signing in…' : 'Sign in'}
            </Button>
            <Button
              variant="text"
              size="small"
              onClick={switchMode}
              disabled={busy}
              data-testid="login-use-token"
              sx={{ alignSelf: 'center' }}
            >
              {mode === 'account' ? 'Use admin token instead' : 'Use username and password instead'}
            </Button>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
