import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import { useClient } from '../../api/context';
import { useCall } from '../../lib/useCall';

export type TunnelAction = 'start' | 'stop';

export interface TunnelControl {
  /** The call under way, if any. */
  running: TunnelAction | null;
  /** Why the last call failed. */
  error: AppErrorData | null;
  start: () => void;
  stop: () => void;
}

/** Start/Stop for the tunnel, shared by the cards that offer it; `onSettled` runs after each call. */
export function useTunnelControl(onSettled: () => void): TunnelControl {
  const { api } = useClient();
  const [running, setRunning] = useState<TunnelAction | null>(null);
  const call = useCall();

  const run = async (action: TunnelAction) => {
    if (running) return;
    setRunning(action);
    await call.run(() => (action === 'start' ? api.startTunnel({}) : api.stopTunnel({})));
    setRunning(null);
    onSettled();
  };

  return {
    running,
    error: call.error,
    start: () => void run('start'),
    stop: () => void run('stop'),
  };
}
