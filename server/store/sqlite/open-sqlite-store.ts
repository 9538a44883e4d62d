import { resolve } from 'node:path';
import { LogTree } from '../../../shared/log/log-tree.ts';
import { LOG_HASHER, leafHashOf } from '../../log/log-hasher.ts';
import { openReadonlyDb, openWritableDb, type ReadableDb, type WritableDb } from '../db-handles.ts';
import { loadMigrations, migrate } from '../migrate.ts';
import type { Store } from '../store.ts';
import { SqliteAttendanceReader, SqliteAttendanceWriter } from './attendance-sql.ts';
import { SqliteAlarmReader } from './alarms-sql.ts';
import { SqliteAuditReader } from './audit-sql.ts';
import { SqliteCardReader, SqliteCardWriter } from './cards-sql.ts';
import { SqliteDiagnosticsReader, SqliteDiagnosticsWriter } from './diagnostics-sql.ts';
import { SqliteIngestReader, SqliteIngestWriter } from './ingest-sql.ts';
import { SqliteIssuerReader, SqliteIssuerWriter } from './issuers-sql.ts';
import { SqliteKioskReader, SqliteKioskWriter } from './kiosks-sql.ts';
import { countingLogAppender, SqliteLogReader, SqliteLogWriter, SqliteNodeStorage } from './log-sql.ts';
import { SqliteMeetingReader, SqliteMeetingWriter } from './meetings-sql.ts';
import { SqliteMemberReader, SqliteMemberWriter } from './members-sql.ts';
import { SqliteOrgReader, SqliteOrgWriter } from './orgs-sql.ts';
import { SqliteUserReader, SqliteUserWriter } from './users-sql.ts';
import { SqliteSessionReader, SqliteSessionWriter } from './sessions-sql.ts';
import { statement } from './statements.ts';
import { SqliteEvidenceReader } from './evidence-sql.ts';
import { SqliteFindingReader, SqliteFindingWriter } from './findings-sql.ts';
import { SqliteKioskHealthReader, SqliteKioskHealthWriter } from './kiosk-health-sql.ts';
import { SqliteKioskTokenIdWriter } from './kiosk-token-ids-sql.ts';
import { SqliteSecuritySignalReader } from './security-signals-sql.ts';
import { SqliteWebhookDeliveryReader, SqliteWebhookDeliveryWriter } from './webhook-deliveries-sql.ts';
import { SqliteMemberHistoryReader } from './member-history-sql.ts';
import { SqliteMobilePeriodReader, SqliteMobilePeriodWriter } from './mobile-periods-sql.ts';
import { SqliteOrgHistoryReader } from './org-history-sql.ts';
import { SqliteTransferReader, SqliteTransferWriter } from './transfers-sql.ts';
import { lockedWriter, WriteLock, type AsyncWriter } from './write-lock.ts';
import { WorkerFlowReader } from './worker-flow-reader.ts';

/** The SQLite store, with its two connections exposed for code that batches its own SQL (event ingest). */
export interface SqliteStore extends Store {
  handles: { writable: WritableDb; readable: ReadableDb };
  /** migrations applied by this open, e.g. ['001-organisations'] on an empty database */
  migrated: string[];
}

/**
 * Opens (creating if needed) the database file, checks and applies migrations on the writing
 * connection, then opens the read-only connection the readers use.
 */
export function openSqliteStore(file: string, now: Date = new Date(), options: { withoutLogTree?: boolean } = {}): SqliteStore {
  const writable = openWritableDb(file);
  let migrated: string[];
  try {
    ({ applied: migrated } = migrate(writable, loadMigrations(), now.toISOString()));
  } catch (error) {
    writable.close();
    throw error;
  }
  const readable = openReadonlyDb(file);
  const flows = new WorkerFlowReader(resolve(file));
  // The one appender of the log's tree: its frontier lives in memory, its nodes in the writer's transactions.
  const tree = new LogTree(LOG_HASHER, new SqliteNodeStorage(writable));
  const logAppender = options.withoutLogTree
    ? countingLogAppender(writable)
    : { size: async () => tree.size(), appendAll: async (leaves: readonly string[]) => tree.appendAll(leaves.map(leafHashOf)) };
  // Every writer takes its turn on the one writing connection; the ingest and diagnostics transactions keep
  // theirs from BEGIN to COMMIT, so no other write lands inside them while their work awaits.
  const lock = new WriteLock();
  const locked = <W extends AsyncWriter<W>>(writer: W): W => lockedWriter(lock, writer);
  return {
    handles: { writable, readable },
    migrated,
    read: {
      orgs: new SqliteOrgReader(readable),
      members: new SqliteMemberReader(readable),
      users: new SqliteUserReader(readable),
      sessions: new SqliteSessionReader(readable),
      audit: new SqliteAuditReader(readable),
      issuers: new SqliteIssuerReader(readable),
      cards: new SqliteCardReader(readable),
      kiosks: new SqliteKioskReader(readable),
      meetings: new SqliteMeetingReader(readable),
      attendance: new SqliteAttendanceReader(readable),
      ingest: new SqliteIngestReader(readable),
      alarms: new SqliteAlarmReader(readable),
      log: new SqliteLogReader(readable),
      transfers: new SqliteTransferReader(readable),
      mobilePeriods: new SqliteMobilePeriodReader(readable),
      memberHistory: new SqliteMemberHistoryReader(readable),
      orgHistory: new SqliteOrgHistoryReader(readable),
      flows,
      evidence: new SqliteEvidenceReader(readable),
      diagnostics: new SqliteDiagnosticsReader(readable),
      findings: new SqliteFindingReader(readable),
      kioskHealth: new SqliteKioskHealthReader(readable),
      securitySignals: new SqliteSecuritySignalReader(readable),
      webhookDeliveries: new SqliteWebhookDeliveryReader(readable),
      async ping() {
        try {
          return statement(readable, 'SELECT 1').pluck().get() === 1;
        } catch {
          return false;
        }
      },
    },
    write: {
      orgs: locked(new SqliteOrgWriter(writable)),
      members: locked(new SqliteMemberWriter(writable)),
      users: locked(new SqliteUserWriter(writable)),
      sessions: locked(new SqliteSessionWriter(writable)),
      issuers: locked(new SqliteIssuerWriter(writable)),
      cards: locked(new SqliteCardWriter(writable)),
      kiosks: locked(new SqliteKioskWriter(writable)),
      meetings: locked(new SqliteMeetingWriter(writable)),
      attendance: locked(new SqliteAttendanceWriter(writable)),
      ingest: locked(new SqliteIngestWriter(writable, logAppender)),
      log: locked(new SqliteLogWriter(writable)),
      transfers: locked(new SqliteTransferWriter(writable)),
      mobilePeriods: locked(new SqliteMobilePeriodWriter(writable)),
      diagnostics: locked(new SqliteDiagnosticsWriter(writable)),
      findings: locked(new SqliteFindingWriter(writable)),
      kioskHealth: locked(new SqliteKioskHealthWriter(writable)),
      kioskTokenIds: locked(new SqliteKioskTokenIdWriter(writable)),
      webhookDeliveries: locked(new SqliteWebhookDeliveryWriter(writable)),
    },
    async close() {
      const flowsClosed = flows.close();
      // A transaction in flight commits or rolls back first; a free lock closes at once, in this call.
      await lock.run(() => {
        readable.close();
        // A clean checkpoint leaves everything in the main file, so a copy of it alone is complete.
        writable.pragma('wal_checkpoint(TRUNCATE)');
        writable.close();
      });
      await flowsClosed;
    },
  };
}
