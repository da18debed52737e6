import RefreshOutlined from '@mui/icons-material/RefreshOutlined';
import Button from '@mui/material/Button';

/** Loads a page's or a card's data again; disabled while it is loading. */
export function RefreshButton({ onClick, loading }: { onClick: () => void; loading: boolean }) {
  return (
    <Button variant="outlined" startIcon={<RefreshOutlined />} onClick={onClick} disabled={loading}>
      Refresh
    </Button>
  );
}
