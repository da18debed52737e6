import MenuItem from '@mui/material/MenuItem';
import type { SxProps, Theme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';

/**
 * A filter that picks one of a list, or "All" (the empty value): the language, sentiment,
 * category and bot filters of the inbox, the dashboard and the voters table.
 */
export function ChoiceFilter<T extends string>({
  label,
  value,
  options,
  labelOf,
  onChange,
  fullWidth,
  sx,
}: {
  label: string;
  value: T | '';
  options: readonly T[];
  labelOf: (option: T) => string;
  onChange: (value: T | '') => void;
  fullWidth?: boolean;
  sx?: SxProps<Theme>;
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as T | '')}
      {...(fullWidth ? { fullWidth } : {})}
      {...(sx ? { sx } : {})}
    >
      <MenuItem value="">All</MenuItem>
      {options.map((o) => (
        <MenuItem key={o} value={o}>
          {labelOf(o)}
        </MenuItem>
      ))}
    </TextField>
  );
}
