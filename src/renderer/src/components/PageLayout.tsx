import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

interface PageLayoutProps {
  /** Lowercase page id, used for `data-testid="page-<id>"`. */
  id: string;
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** Shows a thin progress bar under the header (e.g. while refreshing). */
  busy?: boolean;
  children: ReactNode;
}

/** Every page's frame: an h1 title, optional actions on the right, then the content. */
export function PageLayout({ id, title, subtitle, actions, busy, children }: PageLayoutProps) {
  return (
    <Box
      data-testid={`page-${id}`}
      sx={{ display: 'flex', flexDirection: 'column', gap: 2, minHeight: 0, flex: 1 }}
    >
      <Stack
        direction="row"
        spacing={2}
        sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', rowGap: 1 }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="h5" component="h1">
            {title}
          </Typography>
          {subtitle ? (
            <Typography variant="body2" color="text.secondary">
              {subtitle}
            </Typography>
          ) : null}
        </Box>
        {actions ? (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            {actions}
          </Stack>
        ) : null}
      </Stack>
      <Box sx={{ height: 4 }}>
        {busy ? <LinearProgress aria-label={`Loading ${title}`} /> : null}
      </Box>
      {children}
    </Box>
  );
}
