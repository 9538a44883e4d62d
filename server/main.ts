/**
 * `npm start`: the server on the embedded SQLite store, data in MIC_DATA_DIR (default ./data),
 * port PORT (default 8080), JSON logs on stdout (pino). SIGTERM / SIGINT stop it gracefully.
 */
import { basename } from 'node:path';
import pino from 'pino';
import { configFromEnv } from './config.ts';
import { startServer } from './http-server.ts';
import { StartupError } from './startup-error.ts';

const BASE = { service: 'member-card-server' };
/**
 * One synchronous stdout for every logger: lines reach the pipe in the order they were logged, up to the last
 * one before the process exits. Asynchronous writes behind a busy pipe could let 'stopped' overtake lines
 * logged before it.
 */
const STDOUT = pino.destination({ dest: 1, sync: true });

/** Why each key file the first start creates must be backed up: what is lost with it. */
const LOST_WITHOUT: Record<string, string> = {
  'server-signing-key.json': 'every enrolled kiosk trusts this key alone: with another one, each must be enrolled again',
  'member-data.key': 'without it the stored resident ID numbers cannot be read',
  'id-hash.key': 'cards are matched to members by it: with another one, no new card matches a member registered before',
  'transparency-log.key': "auditors follow the log by its key: with another one, they cannot tell the log's new checkpoints from a forgery",
};

async function main(): Promise<void> {
  let logger = pino({ level: 'info', base: BASE }, STDOUT);
  let server: Awaited<ReturnType<typeof startServer>>;
  let config: ReturnType<typeof configFromEnv>;
  try {
    config = configFromEnv();
    logger = pino({ level: config.logLevel, base: BASE }, STDOUT);
    server = await startServer({ ...config, logger });
  } catch (error) {
    if (error instanceof StartupError) logger.fatal({ code: error.code }, error.message);
    else logger.fatal({ err: error }, `failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  // Before 'listening', which tells a supervisor the server is up: a stop request from then on is graceful.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing requests in flight');
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  for (const path of server.createdKeyFiles) logger.info({ path }, `created key file (mode 0600); back it up: ${LOST_WITHOUT[basename(path)] ?? 'keep it with the database'}`);
  logger.info({ url: server.url, port: server.port, dataDir: config.dataDir }, 'listening');
  if ((await server.context.read.users.countAdmins()) === 0) {
    logger.warn(
      { command: 'npm run admin -- init --username <name> --password <password>' },
      `no admin user yet: create the first one with MIC_DATA_DIR=${config.dataDir} npm run admin -- init --username <name> --password <password>`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
