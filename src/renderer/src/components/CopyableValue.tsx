import CheckOutlined from '@mui/icons-material/CheckOutlined';
import ContentCopyOutlined from '@mui/icons-material/ContentCopyOutlined';
import VisibilityOffOutlined from '@mui/icons-material/VisibilityOffOutlined';
import VisibilityOutlined from '@mui/icons-material/VisibilityOutlined';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

/** Always the same number of dots, so the mask does not give the secret's length away. */
const MASK = '•'.repeat(16);

type CopyState = 'idle' | 'copied' | 'failed';

interface CopyableValueProps {
  label: string;
  value: string;
  /** On the element showing the value. */
  testId?: string;
  /** Masked until the Show button is pressed; Copy always copies the real value. */
  secret?: boolean;
}

/** A value to paste elsewhere (a URL, a token): shown in monospace with a Copy button. */
export function CopyableValue({ label, value, testId, secret = false }: CopyableValueProps) {
  const [shown, setShown] = useState(!secret);
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    if (copy === 'idle') return;
    const timer = window.setTimeout(() => setCopy('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [copy]);

  const onCopy = async () => setCopy((await copyText(value)) ? 'copied' : 'failed');

  const copyTitle =
    copy === 'copied'
      ? 'Copied'
      : copy === 'failed'
        ? 'Could not copy: show it, select it and press Ctrl+C'
        : `Copy ${label.toLowerCase()}`;

  return (
    <Stack spacing={0.5}>
      <Typography variant="body2" color="text.secondary" component="div">
        {label}
      </Typography>
      <Stack
        direction="row"
        spacing={0.5}
        sx={{
          alignItems: 'center',
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          bgcolor: 'action.hover',
          pl: 1.5,
          pr: 0.5,
          py: 0.25,
          minHeight: 44,
        }}
      >
        <Typography
          variant="body2"
          data-testid={testId}
          data-masked={secret ? String(!shown) : undefined}
          aria-label={shown ? undefined : `${label} (hidden)`}
          sx={{ fontFamily: 'monospace', flex: 1, minWidth: 0, wordBreak: 'break-all' }}
        >
          {shown ? value : MASK}
        </Typography>
        {secret ? (
          <Tooltip title={shown ? 'Hide' : 'Show'}>
            <IconButton
              size="small"
              onClick={() => setShown((s) => !s)}
              aria-label={`${shown ? 'Hide' : 'Show'} ${label.toLowerCase()}`}
              aria-pressed={shown}
            >
              {shown ? (
                <VisibilityOffOutlined fontSize="small" />
              ) : (
                <VisibilityOutlined fontSize="small" />
              )}
            </IconButton>
          </Tooltip>
        ) : null}
        <Tooltip title={copyTitle}>
          <IconButton
            size="small"
            onClick={() => void onCopy()}
            aria-label={`Copy ${label.toLowerCase()}`}
            color={copy === 'copied' ? 'success' : copy === 'failed' ? 'error' : 'default'}
          >
            {copy === 'copied' ? (
              <CheckOutlined fontSize="small" />
            ) : (
              <ContentCopyOutlined fontSize="small" />
            )}
          </IconButton>
        </Tooltip>
      </Stack>
    </Stack>
  );
}
