import NotificationsActiveOutlined from '@mui/icons-material/NotificationsActiveOutlined';
import NotificationsNoneOutlined from '@mui/icons-material/NotificationsNoneOutlined';
import NotificationsOffOutlined from '@mui/icons-material/NotificationsOffOutlined';
import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Snackbar from '@mui/material/Snackbar';
import Tooltip from '@mui/material/Tooltip';
import { useState } from 'react';
import type { Events } from '../../../shared/contract';
import { useEvent } from '../api/context';
import { playChime, unlockAudio } from '../lib/chime';
import { handoffText } from '../lib/format';
import { hrefFor } from './routes';
import { navigate } from './useHashLocation';

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

const BELL_TITLES: Record<Permission, string> = {
  granted: 'Desktop notifications are on for handoffs',
  default: 'Turn on desktop notifications for handoffs',
  denied: 'Desktop notifications are blocked: allow them in the browser’s site settings',
  unsupported: 'This browser cannot show desktop notifications',
};

/** The app bar's bell: asks for notification permission only when the person clicks it. */
export function NotificationBell() {
  const [permission, setPermission] = useState<Permission>(currentPermission);

  const onClick = async () => {
    unlockAudio(); // a click is what lets the handoff chime play later
    if (permission !== 'default') return;
    try {
      setPermission(await Notification.requestPermission());
    } catch {
      setPermission(currentPermission());
    }
  };

  const Icon =
    permission === 'granted'
      ? NotificationsActiveOutlined
      : permission === 'default'
        ? NotificationsNoneOutlined
        : NotificationsOffOutlined;
  return (
    <Tooltip title={BELL_TITLES[permission]}>
      <IconButton
        onClick={() => void onClick()}
        aria-label={BELL_TITLES[permission]}
        data-testid="notifications-bell"
        data-permission={permission}
      >
        <Icon />
      </IconButton>
    </Tooltip>
  );
}

type Handoff = Events['handoffRequested'];

/**
 * When a conversation starts waiting for a person: a chime, a desktop notification (if
 * allowed) and a snackbar with a link to the conversation.
 */
export function HandoffNotifier() {
  const [shown, setShown] = useState<(Handoff & { seq: number }) | null>(null);

  useEvent('handoffRequested', (h) => {
    playChime();
    setShown((prev) => ({ ...h, seq: (prev?.seq ?? 0) + 1 }));
    if (currentPermission() === 'granted') {
      try {
        const n = new Notification('A voter needs a person', {
          body: handoffText(h.reason, h.detail),
          tag: `handoff-${h.conversationId}`,
        });
        n.onclick = () => {
          window.focus();
          navigate('inbox', h.conversationId);
          n.close();
        };
      } catch {
        // Some platforms refuse notifications from a page; the snackbar still shows.
      }
    }
  });

  return (
    <Snackbar
      key={shown?.seq}
      open={shown !== null}
      onClose={(_, reason) => {
        if (reason !== 'clickaway') setShown(null);
      }}
      autoHideDuration={15_000}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
    >
      <Alert
        severity="warning"
        variant="filled"
        icon={<SupportAgentOutlined />}
        onClose={() => setShown(null)}
        data-testid="handoff-snackbar"
        action={
          shown ? (
            <Button
              color="inherit"
              size="small"
              href={hrefFor('inbox', shown.conversationId)}
              onClick={() => setShown(null)}
            >
              Open
            </Button>
          ) : undefined
        }
      >
        A voter needs a person{shown ? ` — ${handoffText(shown.reason, shown.detail)}` : ''}
      </Alert>
    </Snackbar>
  );
}
