import ContentCopyOutlined from '@mui/icons-material/ContentCopyOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import type { GeneratedLink } from '../../../../shared/model';
import { copyText } from '../../lib/clipboard';
import { QrCode } from './QrCode';

export function LinkResult({ link }: { link: GeneratedLink }) {
  const field = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const copy = async () => {
    const ok = await copyText(link.url, field.current);
    setNotice(ok ? 'Link copied.' : 'Could not copy: select the link and press Ctrl+C.');
  };

  return (
    <Card data-testid="generated-link">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            Your link
          </Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <TextField
              label="Link"
              value={link.url}
              fullWidth
              inputRef={field}
              slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'generated-url' } }}
              onFocus={(e) => e.target.select()}
            />
            <Button
              variant="contained"
              startIcon={<ContentCopyOutlined />}
              onClick={() => void copy()}
              sx={{ flexShrink: 0, height: 56 }}
            >
              Copy
            </Button>
          </Stack>
          {link.text ? (
            <Typography variant="body2">
              <Typography component="span" variant="body2" color="text.secondary">
                Message:{' '}
              </Typography>
              {link.text}
            </Typography>
          ) : null}
          <Typography variant="body2">
            <Typography component="span" variant="body2" color="text.secondary">
              Campaign tag:{' '}
            </Typography>
            {link.tag ?? 'none'}
          </Typography>
          <QrCode url={link.url} tag={link.tag} />
        </Stack>
      </CardContent>
      <Snackbar
        open={notice !== null}
        autoHideDuration={3000}
        onClose={() => setNotice(null)}
        message={notice}
      />
    </Card>
  );
}
