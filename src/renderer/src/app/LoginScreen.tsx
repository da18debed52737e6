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

interface LoginScreenProps {
  /** Resolves to an error message, or null on success. */
  onSubmit: (token: string) => Promise<string | null>;
  /** A message from before (e.g. "session ended" or a failed automatic sign-in). */
  notice?: string | null;
}

/** Asks for the admin token (printed by the headless server) and trades it for a session. */
export function LoginScreen({ onSubmit, notice }: LoginScreenProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) {
      setError('Enter the admin token. Pulse Desk prints it when the server starts.');
      return;
    }
    setBusy(true);
    setError(null);
    const message = await onSubmit(token.trim());
    setBusy(false);
    if (message) setError(message);
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
              Sign in with the admin token shown in the terminal where Pulse Desk is running.
            </Typography>
            {shown ? (
              <Alert severity="error" role="alert">
                {shown}
              </Alert>
            ) : null}
            <TextField
              label="Admin token"
              type="password"
              name="token"
              autoComplete="current-password"
              autoFocus
              fullWidth
              value={token}
              onChange={(e) => setToken(e.target.value)}
              disabled={busy}
            />
            <Button type="submit" variant="contained" size="large" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </Button>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
