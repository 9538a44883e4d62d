import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './http/app.ts';
import type { RouteDefinition } from './http/route.ts';
import { openServer, type OpenOptions, type OpenedServer } from './bootstrap.ts';
import { CHECKPOINT_INTERVAL_MS } from './log/checkpoint-publisher.ts';
import { TransferExpirySweeper } from './domain/transfers/transfer-expiry.ts';

export interface StartOptions extends OpenOptions {
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** routes added by later features */
  extraRoutes?: RouteDefinition[];
  /** how often a log checkpoint is signed while the log grows (default CHECKPOINT_INTERVAL_MS) */
  checkpointIntervalMs?: number;
}

export interface RunningServer extends OpenedServer {
  url: string;
  port: number;
  http: Server;
  /** stops accepting, lets requests in flight finish (up to `graceMs`), then closes the database */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const opened = await openServer(options);
  const { checkpoints, verifier } = opened.context;
  // A checkpoint at start covers what the log already holds (the empty tree on a new server).
  await checkpoints.publish();
  checkpoints.start(options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS);
  const transferSweep = new TransferExpirySweeper(opened.context, opened.context.logger);
  transferSweep.start();
  const app = createApp(opened.context, options.extraRoutes);
  const http = createServer(app);
  // Kiosks sync through proxies that keep connections open; a slow client must not hold a socket forever.
  http.requestTimeout = 60_000;
  http.headersTimeout = 20_000;
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await transferSweep.stop();
    await checkpoints.stop();
    await verifier.close();
    await opened.store.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    ...opened,
    http,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        const timer = setTimeout(() => http.closeAllConnections(), graceMs);
        await stopped;
        clearTimeout(timer);
        await transferSweep.stop();
        // One last checkpoint, so everything accepted is covered by a signed tree head.
        await checkpoints.stop();
        await checkpoints.publish();
        await verifier.close();
        await opened.store.close();
      })();
      return closing;
    },
  };
}
