import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import type { ListenerStatus } from '../../../shared/model';

export interface RunningListener {
  status: ListenerStatus;
  close(): Promise<void>;
}

/** Starts an HTTP server on host:port (0 picks a free port) and reports where it listens. */
export async function listen(
  handler: RequestListener,
  host: string,
  port: number,
  name: string,
): Promise<RunningListener> {
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `The ${name} listener cannot start: port ${port} on ${host} is already in use. Stop the other program or choose another port.`,
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    status: { host, port: addr.port, url: `http://${shownHost}:${addr.port}` },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
