import { createTheme } from '@mui/material/styles';
import type { PaletteMode, Theme } from '@mui/material/styles';

// Noto Sans first, then the Indic families: the browser falls through per glyph, so Tamil,
// Devanagari and Telugu text is drawn with bundled fonts (never a CDN).
export const FONT_FAMILY =
  '"Noto Sans", "Noto Sans Tamil", "Noto Sans Devanagari", "Noto Sans Telugu", system-ui, sans-serif';

const MODE_KEY = 'pulse-desk.theme';

/** The saved light/dark choice, else the system's preference. */
export function initialColorMode(): PaletteMode {
  try {
    const saved = window.localStorage.getItem(MODE_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage can be disabled; fall back to the system preference.
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function saveColorMode(mode: PaletteMode): void {
  try {
    window.localStorage.setItem(MODE_KEY, mode);
  } catch {
    // Not fatal: the choice just will not survive a reload.
  }
}

/** The app theme; Indic scripts have tall ascenders and descenders, hence the roomy line height. */
export function buildTheme(mode: PaletteMode): Theme {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'dark' ? '#7cb3ff' : '#1f5fbf' },
      secondary: { main: mode === 'dark' ? '#ffb37c' : '#b8560f' },
      background:
        mode === 'dark'
          ? { default: '#111418', paper: '#181c21' }
          : { default: '#f5f7fa', paper: '#ffffff' },
    },
    shape: { borderRadius: 10 },
    typography: {
      fontFamily: FONT_FAMILY,
      body1: { lineHeight: 1.6 },
      body2: { lineHeight: 1.6 },
      caption: { lineHeight: 1.5 },
      button: { textTransform: 'none', fontWeight: 600 },
      h5: { fontWeight: 700, lineHeight: 1.4 },
      h6: { fontWeight: 600, lineHeight: 1.5 },
    },
    components: {
      MuiCssBaseline: { styleOverrides: { body: { lineHeight: 1.6 } } },
      MuiTableCell: { styleOverrides: { root: { lineHeight: 1.6 } } },
      MuiChip: { styleOverrides: { label: { lineHeight: 1.6 } } },
      MuiCard: { defaultProps: { variant: 'outlined' } },
    },
  });
}
