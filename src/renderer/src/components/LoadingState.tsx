import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <Stack
      role="status"
      aria-live="polite"
      direction="row"
      spacing={2}
      sx={{ alignItems: 'center', justifyContent: 'center', py: 6, color: 'text.secondary' }}
    >
      <CircularProgress size={24} />
      <Typography variant="body2">{label}</Typography>
    </Stack>
  );
}
