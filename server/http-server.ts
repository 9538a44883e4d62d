import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './http/app.ts';
import { answerClientErrors } from './http/client-errors.ts';
import type { RouteDefinition } from './http/route.ts';
import { openServer, type OpenOptions, type OpenedServer } from './bootstrap.ts';
import { CHECKPOINT_INTERVAL_MS } from './log/checkpoint-publisher.ts';
import { TransferExpirySweeper } from './domain/transfers/transfer-expiry.ts';
import { DIAGNOSTICS_INTERVAL_MS } from './domain/diagnostics/engine.ts';
import { WebhookDeliverer, type WebhookDeliveryOptions } from './domain/diagnostics/webhook-delivery.ts';
import { StartupError } from './startup-error.ts';

export interface StartOptions extends OpenOptions {
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** routes added by later features */
  extraRoutes?: RouteDefinition[];
  /** how often a log checkpoint is signed while the log grows (default CHECKPOINT_INTERVAL_MS) */
  checkpointIntervalMs?: number;
  /** how often the diagnostic rules re-evaluate everything (default DIAGNOSTICS_INTERVAL_MS); a full run also starts with the server */
  diagnosticsIntervalMs?: number;
  /** the webhook's timing (poll, timeout, back-off); it runs only with `webhookUrl` */
  webhookDelivery?: Omit<WebhookDeliveryOptions, 'url'>;
  /** how long a request may take to arrive, all of it (default REQUEST_TIMEOUT_MS); its headers get at most 20 s of it */
  requestTimeoutMs?: number;
}

/** Kiosks sync through proxies that keep connections open; a slow client must not hold a socket forever. */
const REQUEST_TIMEOUT_MS = 60_000;
const HEADERS_TIMEOUT_MS = 20_000;

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
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node looks for requests over their time every connectionsCheckingInterval: every 30 s (its default), or every half
  // timeout when that is shorter, so a request is cut off at most half its timeout late.
  const http = createServer({ requestTimeout, headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout), connectionsCheckingInterval: Math.min(30_000, requestTimeout / 2) }, app);
  answerClientErrors(http, opened.context.logger);
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
    // The likeliest start-up failure of all (a second `npm start`, or the demo, on the same port) says what to do.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const port = options.port ?? 0;
      throw new StartupError('ERR_PORT_IN_USE', `port ${port} is already in use (another \`npm start\` or \`npm run demo\`?): stop that program, or start on another port, e.g. PORT=${port + 1} npm start`, {
        cause: error,
      });
    }
    throw error;
  }
  const webhook = options.webhookUrl === undefined ? undefined : new WebhookDeliverer(opened.context, { ...options.webhookDelivery, url: options.webhookUrl });
  webhook?.start();
  // The first full run goes in the background: the server answers while it works through a province.
  opened.context.diagnostics.start(options.diagnosticsIntervalMs ?? DIAGNOSTICS_INTERVAL_MS);
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
        await webhook?.stop();
        await transferSweep.stop();
        await opened.context.diagnostics.stop();
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
