import { closeSync, mkdirSync, openSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CryptoKey } from 'jose';
import pino, { type Logger } from 'pino';
import { KioskTokenIds } from './auth/kiosk-token-ids.ts';
import { systemClock, type Clock } from './clock.ts';
import { unknownTimeZone } from './config.ts';
import type { ServerContext } from './context.ts';
import { IdNumberCipher } from './crypto/id-number-cipher.ts';
import { KioskRosters } from './domain/kiosk-rosters.ts';
import { RevocationPublisher } from './domain/revocation-list.ts';
import { SIGN_IN_LIMITS, SignInThrottle, type SignInLimits } from './domain/sign-in-throttle.ts';
import { DiagnosticsEngine } from './domain/diagnostics/engine.ts';
import { DEFAULT_LOG_NAME, readOrCreateLogKeyFile } from './keys/log-signing-key.ts';
import { loadMemberDataKeys } from './keys/member-data-keys.ts';
import { CheckpointPublisher } from './log/checkpoint-publisher.ts';
import { DEFAULT_TIME_ZONE, knownTimeZone, OrgCalendar } from '../shared/org-calendar.ts';
import { importServerSigningKey, readOrCreateServerKeyFile } from './keys/server-signing-key.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite/open-sqlite-store.ts';
import type { EventVerifier } from './verify/event-verifier.ts';
import { InProcessEventVerifier } from './verify/in-process-verifier.ts';
import { StartupError } from './startup-error.ts';
import { defaultVerifyWorkers, VerifierPool } from './verify/verifier-pool.ts';

/** The files in a data folder. `id-hash.key` is the file `npm run card:issue -- --id-key` reads. */
export const dataFiles = (dataDir: string) => ({
  database: join(dataDir, 'member-card.db'),
  signingKey: join(dataDir, 'server-signing-key.json'),
  memberDataKey: join(dataDir, 'member-data.key'),
  idHashKey: join(dataDir, 'id-hash.key'),
  logKey: join(dataDir, 'transparency-log.key'),
});

export interface OpenOptions {
  dataDir: string;
  serverId?: string;
  keyOverrides?: { encryption?: string; idHash?: string };
  clock?: Clock;
  /** the organisation's IANA time zone (default DEFAULT_TIME_ZONE): whose days "today" and stored dates are */
  timeZone?: string;
  logger?: Logger;
  checkResponses?: boolean;
  /** event verification threads; 0 verifies on the main thread (default: one per core) */
  verifyWorkers?: number;
  /** the transparency log's name (checkpoint origin) when its key is first created */
  logName?: string;
  /** benchmarks only: accept events without building the log's tree, to measure what the log costs */
  benchWithoutLogTree?: boolean;
  /** where new and escalated findings are POSTed (signed); without it no webhook deliveries are queued */
  webhookUrl?: string;
  /** the sign-in limits (default SIGN_IN_LIMITS); tests make them small */
  signInLimits?: Partial<SignInLimits>;
}

/** The organisation's calendar; a zone Intl does not know stops the start, saying what to set. */
function calendarOf(timeZone: string): OrgCalendar {
  if (knownTimeZone(timeZone) === undefined) throw new StartupError('ERR_CONFIG_INVALID', unknownTimeZone(timeZone));
  return new OrgCalendar(timeZone);
}

/** Worker threads, or the main thread when configured with none. */
const eventVerifier = (workers: number): EventVerifier => (workers > 0 ? new VerifierPool(workers) : new InProcessEventVerifier());

export interface OpenedServer {
  context: ServerContext;
  store: SqliteStore;
  /** key files this start created (first start) */
  createdKeyFiles: string[];
}

/**
 * Creates the data folder and its keys on first use (mode 0700 / 0600), opens and migrates the
 * database, and wires the context every handler and the admin command use.
 */
export async function openServer(options: OpenOptions): Promise<OpenedServer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const calendar = calendarOf(options.timeZone ?? DEFAULT_TIME_ZONE);
  const files = dataFiles(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });

  const signingFile = readOrCreateServerKeyFile(files.signingKey);
  const memberKeys = loadMemberDataKeys({ encryption: files.memberDataKey, idHash: files.idHashKey }, options.keyOverrides ?? {});
  const createdKeyFiles = [...(signingFile.created ? [files.signingKey] : []), ...memberKeys.created];
  for (const path of [...(signingFile.looseMode ? [files.signingKey] : []), ...memberKeys.loose]) {
    logger.warn({ path }, 'key file can be read by other users; chmod 600 it');
  }
  const signingKey = await importServerSigningKey(signingFile.value);
  const logKeyFile = await readOrCreateLogKeyFile(files.logKey, options.logName ?? DEFAULT_LOG_NAME);
  if (logKeyFile.created) createdKeyFiles.push(files.logKey);
  if (logKeyFile.looseMode) logger.warn({ path: files.logKey }, 'key file can be read by other users; chmod 600 it');
  const clock = options.clock ?? systemClock;
  // Created 0600 before SQLite opens it, so the database and its -wal/-shm files are never world-readable.
  closeSync(openSync(files.database, 'a', 0o600));
  const store = openSqliteStore(files.database, clock.now(), { withoutLogTree: options.benchWithoutLogTree });
  if (options.benchWithoutLogTree) logger.warn('MIC_BENCH_WITHOUT_LOG_TREE: accepted events are not added to the transparency log (benchmarks only)');
  if (store.migrated.length > 0) logger.info({ migrations: store.migrated }, 'database migrated');

  const serverId = options.serverId ?? 'member-card';
  const context: ServerContext = {
    read: store.read,
    write: store.write,
    clock,
    calendar,
    idNumbers: new IdNumberCipher(memberKeys.encryptionKey),
    idHashKey: memberKeys.idHashKey,
    serverId,
    signingKey,
    revocations: new RevocationPublisher(serverId, signingKey),
    kioskRosters: new KioskRosters(),
    kioskAuth: { tokenIds: new KioskTokenIds(store.write.kioskTokenIds), keys: new Map<string, Promise<CryptoKey>>() },
    signInThrottle: new SignInThrottle({ ...SIGN_IN_LIMITS, ...options.signInLimits }),
    verifier: eventVerifier(options.verifyWorkers ?? defaultVerifyWorkers(availableParallelism())),
    logKey: logKeyFile.value,
    checkpoints: new CheckpointPublisher({ read: store.read.log, write: store.write.log, key: logKeyFile.value, clock, logger }),
    diagnostics: new DiagnosticsEngine({ read: store.read, write: store.write, clock, calendar, logger }, { webhook: options.webhookUrl !== undefined }),
    logger,
    options: { checkResponses: options.checkResponses ?? false },
  };
  return { context, store, createdKeyFiles };
}
