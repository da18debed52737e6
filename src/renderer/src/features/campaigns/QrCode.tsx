import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';
import { useClient } from '../../api/context';
import { useRemote } from '../../api/useRemote';
import { RemoteContent } from '../../components/RemoteContent';

/**
 * File names such as `whatsapp-qr-ward-12` for the tag `[camp:ward-12]` (or `…-ref-ABCD2345`
 * for a referral), with nothing a file system would refuse.
 */
export function qrFileBase(tag: string | null): string {
  const words = (tag ?? '')
    .replace(/\b(camp|ref):/g, (_, k: string) => (k === 'ref' ? 'ref-' : ''))
    .split(/[^A-Za-z0-9_-]+/)
    .filter(Boolean);
  return ['whatsapp-qr', ...words].join('-');
}

/** The link's QR code (SVG shown inline, SVG and PNG downloads for print). */
export function QrCode({ url, tag }: { url: string; tag: string | null }) {
  const { api } = useClient();
  const qr = useRemote(
    useCallback(async () => {
      const [svg, png] = await Promise.all([
        api.campaignQr({ url, format: 'svg' }),
        api.campaignQr({ url, format: 'png' }),
      ]);
      return {
        svg:
          svg.format === 'svg'
            ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.svg)}`
            : null,
        png: png.format === 'png' ? png.dataUrl : null,
      };
    }, [api, url]),
  );
  return (
    <RemoteContent remote={qr} loadingLabel="Drawing the QR code…">
      {(q) => (
        <Stack spacing={1} data-testid="campaign-qr">
          <Typography variant="subtitle2">QR code</Typography>
          {q.svg ? (
            <Box
              component="img"
              src={q.svg}
              alt={`QR code for ${url}`}
              sx={{ width: 220, height: 220, bgcolor: '#fff', p: 1, borderRadius: 1 }}
            />
          ) : null}
          <Stack direction="row" spacing={1}>
            {q.svg ? (
              <Button
                variant="outlined"
                size="small"
                startIcon={<DownloadOutlined />}
                href={q.svg}
                download={`${qrFileBase(tag)}.svg`}
              >
                SVG (print)
              </Button>
            ) : null}
            {q.png ? (
              <Button
                variant="outlined"
                size="small"
                startIcon={<DownloadOutlined />}
                href={q.png}
                download={`${qrFileBase(tag)}.png`}
              >
                PNG
              </Button>
            ) : null}
          </Stack>
        </Stack>
      )}
    </RemoteContent>
  );
}
