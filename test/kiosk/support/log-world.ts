/*
 * A real Kiosk against the real server (port 0, SQLite files in a temp folder), for the transparency-log
 * check. The server's checkpoint timer is stopped so each test decides when a checkpoint is signed, and the
 * kiosk reaches the server through a fixed address, so the server can be restarted (on a new port) from a
 * restored or tampered copy of its data folder while the kiosk keeps the enrolment it has.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { utf8 } from '../../../shared/bytes.ts';
import { MemoryTransport } from '../../../shared/card/memory-transport.ts';
import { LogTree } from '../../../shared/log/log-tree.ts';
import { dataFiles } from '../../../server/bootstrap.ts';
import { AlarmListSchema, type AlarmView } from '../../../server/schemas/alarms.ts';
import { EnrolmentTokenSchema } from '../../../server/schemas/kiosks.ts';
import type { WritableDb } from '../../../server/store/db-handles.ts';
import { SqliteNodeStorage } from '../../../server/store/sqlite/log-sql.ts';
import { Kiosk, type KioskOptions } from '../../../kiosk/core/kiosk.ts';
import { KIOSK_DB_FILE } from '../../../kiosk/core/store/kiosk-db.ts';
import { createTree, registeredIssuer } from '../../server/support/fixtures.ts';
import { expectOk } from '../../server/support/http.ts';
import { memberWithCard, scheduleMeeting, type TestCard } from '../../server/support/ingest-world.ts';
import { auditorHasher } from '../../server/support/log-auditor.ts';
import { startTestServer, type TestServer } from '../../server/support/test-server.ts';

export const KIOSK_ORG = 'A1';

/**
 * The server's address as the kiosk was enrolled with it, resolved to whichever server process answers
 * for it now, like a name in DNS. `forgeCheckpoint` stands for a man in the middle rewriting the newest
 * checkpoint on its way to the kiosk.
 */
export class ServerAddress {
  static readonly PUBLISHED = 'http://member-card.test';
  forgeCheckpoint: ((note: string) => string) | undefined;

  constructor(private target: string) {}

  moveTo(url: string): void {
    this.target = url;
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (input instanceof Request) throw new TypeError('the kiosk passes URLs, not Request objects');
    const asked = new URL(input);
    const published = new URL(ServerAddress.PUBLISHED);
    const url = asked.origin === published.origin ? new URL(`${asked.pathname}${asked.search}`, this.target) : asked;
    const response = await fetch(url, init);
    if (!this.forgeCheckpoint || url.pathname !== '/api/v1/log/checkpoint' || response.status !== 200) return response;
    return new Response(this.forgeCheckpoint(await response.text()), { status: 200, headers: response.headers });
  };
}

export interface LogWorld {
  /** the server process answering now (a new one after each restart) */
  server(): TestServer;
  address: ServerAddress;
  kiosk: Kiosk;
  /** what the kiosk reported through onError: must stay empty */
  kioskErrors: unknown[];
  cards: TestCard[];
  meeting: string;
  serverDataDir: string;
  /** taps `card` at the open meeting; returns the seq of the check-in event */
  checkIn(card: TestCard): Promise<number>;
  /** signs a checkpoint over everything the server accepted so far; returns its size */
  publish(): Promise<number>;
  /** takes a copy of the running server's database, as an operator's backup would */
  backup(): Promise<string>;
  /** stops the server, lets `change` edit its data folder, and starts it again on the same folder */
  restart(change?: (dataDir: string) => void): Promise<void>;
  serverAlarms(type: AlarmView['type']): Promise<AlarmView[]>;
  /** the kiosk's own database, read-only, for what the check stored */
  kioskDb(): Database.Database;
  cleanup(): Promise<void>;
}

async function startServerWithoutTimer(dataDir: string): Promise<TestServer> {
  const t = await startTestServer({ dataDir });
  // Checkpoints are signed when a test says so (publish), never by the timer in between.
  await t.server.context.checkpoints.stop();
  return t;
}

export async function logWorld(options: { members?: number; kiosk?: Partial<KioskOptions> } = {}): Promise<LogWorld> {
  const root = mkdtempSync(join(tmpdir(), 'mic-kiosk-log-'));
  const serverDataDir = join(root, 'server');
  const kioskDir = join(root, 'kiosk');
  let t = await startServerWithoutTimer(serverDataDir);
  await createTree(t);
  const issuer = await registeredIssuer(t);
  const cards: TestCard[] = [];
  for (let i = 0; i < (options.members ?? 3); i++) cards.push(await memberWithCard(t, issuer, KIOSK_ORG));
  const meeting = await scheduleMeeting(t, KIOSK_ORG);
  const token = expectOk(
    await t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token: await t.adminToken(), json: { org: KIOSK_ORG } }),
    201,
    EnrolmentTokenSchema,
  ).token;

  const address = new ServerAddress(t.url);
  const kioskErrors: unknown[] = [];
  const kiosk = await Kiosk.open({ dataDir: kioskDir, autoSync: false, fetch: address.fetch, onError: (error) => kioskErrors.push(error), ...options.kiosk });
  await kiosk.enroll(ServerAddress.PUBLISHED, token, '甲镇第一支部签到机');
  await kiosk.openMeeting({ kind: 'scheduled', meetingId: meeting });
  let backups = 0;

  return {
    server: () => t,
    address,
    kiosk,
    kioskErrors,
    cards,
    meeting,
    serverDataDir,
    async checkIn(card) {
      const result = await kiosk.tap(new MemoryTransport(card.applet));
      if (result.kind !== 'checked-in') throw new Error(`expected a check-in, got ${JSON.stringify(result)}`);
      return result.seq;
    },
    async publish() {
      return (await t.server.context.checkpoints.publish()).size;
    },
    async backup() {
      const file = join(root, `backup-${++backups}.db`);
      await t.server.store.handles.writable.backup(file);
      return file;
    },
    async restart(change) {
      await t.close({ keepData: true });
      change?.(serverDataDir);
      t = await startServerWithoutTimer(serverDataDir);
      address.moveTo(t.url);
    },
    async serverAlarms(type) {
      const response = await t.call('GET', `/api/v1/alarms?type=${type}`, { token: await t.adminToken() });
      return expectOk(response, 200, AlarmListSchema).alarms;
    },
    kioskDb: () => new Database(join(kioskDir, KIOSK_DB_FILE), { readonly: true, fileMustExist: true }),
    async cleanup() {
      await kiosk.close();
      await t.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Puts a backup taken with LogWorld.backup back in place of the (stopped) server's database. */
export function restoreDatabase(dataDir: string, backup: string): void {
  const database = dataFiles(dataDir).database;
  rmSync(`${database}-wal`, { force: true });
  rmSync(`${database}-shm`, { force: true });
  copyFileSync(backup, database);
}

/**
 * What an operator with the (stopped) server's data folder could do to make the log lack an event: put
 * another accepted event's JWS at `index`, rebuild the tree over the events as they now read, and drop
 * every checkpoint signed over the honest tree. Checkpoints the server signs from then on are valid
 * signatures over a history without that event.
 */
export function rewriteLogWithout(dataDir: string, index: number, replacementIndex: number): void {
  const db = new Database(dataFiles(dataDir).database);
  try {
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      const replacement = db.prepare('SELECT jws FROM events WHERE log_index = ?').pluck().get(replacementIndex) as string;
      db.prepare('UPDATE events SET jws = ? WHERE log_index = ?').run(replacement, index);
      db.prepare('DELETE FROM log_nodes').run();
      db.prepare('DELETE FROM log_checkpoints WHERE size > 0').run();
      const tree = new LogTree(auditorHasher, new SqliteNodeStorage(db as WritableDb));
      for (const jws of db.prepare('SELECT jws FROM events WHERE log_index IS NOT NULL ORDER BY log_index').pluck().all() as string[]) {
        tree.append(auditorHasher.hashLeaf(utf8(jws)));
      }
    })();
  } finally {
    db.close();
  }
}
