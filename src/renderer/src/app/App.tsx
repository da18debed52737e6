import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import type { PaletteMode } from '@mui/material/styles';
import { useMemo, useState } from 'react';
import type { Transport } from '../api/transport';
import { AnalyticsPage } from '../features/analytics/AnalyticsPage';
import { BotsPage } from '../features/bots/BotsPage';
import { CampaignsPage } from '../features/campaigns/CampaignsPage';
import { InboxPage } from '../features/inbox/InboxPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { TestPhonePage } from '../features/test-phone/TestPhonePage';
import { VoterProfilePage } from '../features/voters/VoterProfilePage';
import { VotersPage } from '../features/voters/VotersPage';
import { buildTheme, initialColorMode, saveColorMode } from '../theme';
import { AppShell } from './AppShell';
import { AuthGate } from './AuthGate';
import type { Location } from './routes';
import { useHashLocation } from './useHashLocation';

function CurrentPage({ location }: { location: Location }) {
  switch (location.id) {
    case 'inbox':
      return <InboxPage selectedId={location.param} query={location.query} />;
    case 'analytics':
      return <AnalyticsPage />;
    case 'voters':
      return location.param ? <VoterProfilePage id={location.param} /> : <VotersPage />;
    case 'bots':
      return <BotsPage tab={location.param} />;
    case 'campaigns':
      return <CampaignsPage />;
    case 'test-phone':
      return <TestPhonePage />;
    case 'settings':
      return <SettingsPage />;
  }
}

/** The whole renderer: theme, sign-in (HTTP mode only), the shell and the current page. */
export function App({
  transport,
  initialToken,
}: {
  transport: Transport;
  initialToken: string | null;
}) {
  const [mode, setMode] = useState<PaletteMode>(initialColorMode);
  const theme = useMemo(() => buildTheme(mode), [mode]);
  const location = useHashLocation();

  const toggleMode = () => {
    const next = mode === 'dark' ? 'light' : 'dark';
    setMode(next);
    saveColorMode(next);
  };

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline enableColorScheme />
      <AuthGate transport={transport} initialToken={initialToken}>
        <AppShell current={location.id} mode={mode} onToggleMode={toggleMode}>
          <CurrentPage location={location} />
        </AppShell>
      </AuthGate>
    </ThemeProvider>
  );
}
