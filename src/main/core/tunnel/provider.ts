/**
 * - `stopped`: not running (before start() and after stop()).
 * - `starting`: the first attempt after start() is under way.
 * - `open`: the public URL answered our own /healthz through the tunnel.
 * - `reconnecting`: the last attempt failed or the tunnel dropped; the next one is waiting out
 *   its backoff or under way. `error` says why, `attempts` counts the failures in a row.
 * - `error`: the relay refused in a way retrying cannot fix (a bad subdomain, say); no retry
 *   until start() is called again.
 */
export type TunnelState = 'stopped' | 'starting' | 'open' | 'reconnecting' | 'error';

export interface TunnelStatus {
  state: TunnelState;
  /** The public URL, only while `open`: at any other time nobody can reach us through it. */
  url: string | null;
  /** Why the last attempt failed, kept until the tunnel is open again. */
  error: string | null;
  /** When `state` was entered (ISO 8601). */
  since: string;
  /** Failed attempts since the tunnel was last open (0 once it is open). */
  attempts: number;
}

/** A public URL that forwards to our public listener, kept alive until stop(). */
export interface TunnelProvider {
  /** Starts connecting; resolves once the first attempt has opened or failed. Never rejects. */
  start(): Promise<void>;
  /** Closes the tunnel and cancels any pending reconnect; nothing of it is left running. */
  stop(): Promise<void>;
  status(): TunnelStatus;
  /** Called on every change of status; returns the function that stops listening. */
  onStatus(listener: (status: TunnelStatus) => void): () => void;
}
