import InboxOutlined from '@mui/icons-material/InboxOutlined';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** Says there is nothing here yet and what to do about it. */
export function EmptyState({
  title,
  hint,
  icon,
  action,
}: {
  title: string;
  hint: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Paper
      variant="outlined"
      data-testid="empty-state"
      sx={{
        p: 4,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        textAlign: 'center',
        gap: 1,
        color: 'text.secondary',
      }}
    >
      {icon ?? <InboxOutlined fontSize="large" />}
      <Typography variant="h6" component="p" color="text.primary">
        {title}
      </Typography>
      <Typography variant="body2" sx={{ maxWidth: 520 }}>
        {hint}
      </Typography>
      {action}
    </Paper>
  );
}
