import SearchOutlined from '@mui/icons-material/SearchOutlined';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';

/** A search box with the magnifier: the inbox's and the voters table's. */
export function SearchField({
  value,
  onChange,
  placeholder,
  ariaLabel,
  fullWidth,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  ariaLabel: string;
  fullWidth?: boolean;
  testId?: string;
}) {
  return (
    <TextField
      {...(testId ? { 'data-testid': testId } : {})}
      size="small"
      {...(fullWidth ? { fullWidth } : {})}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      slotProps={{
        htmlInput: { 'aria-label': ariaLabel },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchOutlined fontSize="small" />
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
