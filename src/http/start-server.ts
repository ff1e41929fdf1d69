import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { StartupError } from '../shared/errors.js';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting connections and waits for in-flight requests, up to `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

export async function startServer(
  app: Express,
  host: string,
  port: number,
): Promise<RunningServer> {
  const server = createServer(app);
  // HubSpot gives up after 5 s; keep-alive sockets must not hold shutdown longer than that.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError('port_in_use', `port ${port} on ${host} is already in use`, {
              hint: 'stop the other process or set PORT to a free port',
            })
          : error.code === 'EACCES'
            ? new StartupError('port_denied', `not allowed to listen on ${host}:${port}`, {
                hint: 'use a port above 1024 or run with the needed privilege',
              })
            : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    url: `http://${shownHost}:${actualPort}`,
    close: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, timeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
