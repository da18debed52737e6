import AccountCircleOutlined from '@mui/icons-material/AccountCircleOutlined';
import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { PaletteMode } from '@mui/material/styles';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ROUTES, hrefFor } from './routes';
import type { RouteId } from './routes';
import { roleLabel, useIdentity } from './identity';
import { HandoffNotifier, NotificationBell } from './notifications';
import { useSession } from './session';

const WIDE = 232;
const NARROW = 64;
const COLLAPSE_KEY = 'pulse-desk.nav-collapsed';

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(COLLAPSE_KEY) === '1';
  } catch {
    return false;
  }
}

interface AppShellProps {
  current: RouteId;
  mode: PaletteMode;
  onToggleMode: () => void;
  children: ReactNode;
}

/** The frame around every page: app bar, navigation drawer and the scrolling content area. */
export function AppShell({ current, mode, onToggleMode, children }: AppShellProps) {
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const width = collapsed ? NARROW : WIDE;

  const toggleCollapsed = () => {
    const next = !collapsed;
    setCollapsed(next);
    try {
      window.localStorage.setItem(COLLAPSE_KEY, next ? '1' : '0');
    } catch {
      // Not fatal.
    }
  };

  return (
    <Box sx={{ display: 'flex', height: '100vh', bgcolor: 'background.default' }}>
      <AppBar
        position="fixed"
        color="inherit"
        elevation={0}
        sx={{
          zIndex: (t) => t.zIndex.drawer + 1,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <Toolbar sx={{ gap: 1 }}>
          <IconButton
            edge="start"
            onClick={toggleCollapsed}
            aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'}
          >
            <MenuIcon />
          </IconButton>
          <Typography variant="h6" component="div" sx={{ flex: 1, fontWeight: 700 }}>
            Pulse Desk
          </Typography>
          <Tooltip title={mode === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}>
            <IconButton onClick={onToggleMode} aria-label="Toggle light/dark theme">
              {mode === 'dark' ? <LightModeOutlined /> : <DarkModeOutlined />}
            </IconButton>
          </Tooltip>
          <NotificationBell />
          <AccountMenu />
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{
          width,
          flexShrink: 0,
          '& .MuiDrawer-paper': {
            width,
            boxSizing: 'border-box',
            overflowX: 'hidden',
            transition: (t) => t.transitions.create('width'),
          },
        }}
      >
        <Toolbar />
        <Box component="nav" aria-label="Main">
          <List>
            {ROUTES.map(({ id, label, icon: Icon }) => {
              const item = (
                <ListItemButton
                  component="a"
                  href={hrefFor(id)}
                  selected={current === id}
                  aria-current={current === id ? 'page' : undefined}
                  aria-label={collapsed ? label : undefined}
                  data-testid={`nav-${id}`}
                  sx={{ mx: 1, borderRadius: 2, minHeight: 44 }}
                >
                  <ListItemIcon sx={{ minWidth: collapsed ? 0 : 40 }}>
                    <Icon />
                  </ListItemIcon>
                  {collapsed ? null : <ListItemText primary={label} />}
                </ListItemButton>
              );
              return collapsed ? (
                <Tooltip key={id} title={label} placement="right">
                  {item}
                </Tooltip>
              ) : (
                <Box key={id}>{item}</Box>
              );
            })}
          </List>
        </Box>
      </Drawer>
      <Box
        component="main"
        sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', overflow: 'auto' }}
      >
        <Toolbar />
        <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', p: 3 }}>
          <ErrorBoundary resetKey={current}>{children}</ErrorBoundary>
        </Box>
      </Box>
      <HandoffNotifier />
    </Box>
  );
}

/** Who is signed in and as what; Sign out over HTTP (the desktop window has no sign-in). */
function AccountMenu() {
  const session = useSession();
  const me = useIdentity();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!session && !me) return null;
  const name = me?.name ?? session?.operator ?? null;
  return (
    <>
      <IconButton
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-label={name ? `Account: ${name}` : 'Account'}
        aria-haspopup="menu"
        aria-controls={anchor ? 'account-menu' : undefined}
      >
        <AccountCircleOutlined />
      </IconButton>
      <Menu id="account-menu" anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <Box sx={{ px: 2, py: 1, minWidth: 220 }} data-testid="account-identity">
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {name ?? 'Signed in'}
          </Typography>
          <Typography variant="caption" color="text.secondary" component="div">
            {me
              ? [roleLabel(me.role), me.operator ? `@${me.operator.username}` : null]
                  .filter(Boolean)
                  .join(' · ')
              : 'Signed in'}
          </Typography>
        </Box>
        {session ? <Divider /> : null}
        {session ? (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              session.signOut();
            }}
          >
            <ListItemIcon>
              <LogoutOutlined fontSize="small" />
            </ListItemIcon>
            Sign out
          </MenuItem>
        ) : null}
      </Menu>
    </>
  );
}
