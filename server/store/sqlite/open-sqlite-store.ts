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
import { statement } from './statements.ts';
import { SqliteEvidenceReader } from './evidence-sql.ts';
import { SqliteFindingReader, SqliteFindingWriter } from './findings-sql.ts';
import { SqliteKioskHealthReader, SqliteKioskHealthWriter } from './kiosk-health-sql.ts';
import { SqliteKioskTokenIdWriter } from './kiosk-token-ids-sql.ts';
import { SqliteSecuritySignalReader } from './security-signals-sql.ts';
import { SqliteWebhookDeliveryReader, SqliteWebhookDeliveryWriter } from './webhook-deliveries-sql.ts';
import { SqliteFlowReader } from './flows-sql.ts';
import { SqliteMemberHistoryReader } from './member-history-sql.ts';
import { SqliteMobilePeriodReader, SqliteMobilePeriodWriter } from './mobile-periods-sql.ts';
import { SqliteOrgHistoryReader } from './org-history-sql.ts';
import { SqliteTransferReader, SqliteTransferWriter } from './transfers-sql.ts';

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
  // The one appender of the log's tree: its frontier lives in memory, its nodes in the writer's transactions.
  const tree = new LogTree(LOG_HASHER, new SqliteNodeStorage(writable));
  const logAppender = options.withoutLogTree
    ? countingLogAppender(writable)
    : { size: () => tree.size(), appendAll: (leaves: readonly string[]) => tree.appendAll(leaves.map(leafHashOf)) };
  return {
    handles: { writable, readable },
    migrated,
    read: {
      orgs: new SqliteOrgReader(readable),
      members: new SqliteMemberReader(readable),
      users: new SqliteUserReader(readable),
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
      flows: new SqliteFlowReader(readable),
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
      orgs: new SqliteOrgWriter(writable),
      members: new SqliteMemberWriter(writable),
      users: new SqliteUserWriter(writable),
      issuers: new SqliteIssuerWriter(writable),
      cards: new SqliteCardWriter(writable),
      kiosks: new SqliteKioskWriter(writable),
      meetings: new SqliteMeetingWriter(writable),
      attendance: new SqliteAttendanceWriter(writable),
      ingest: new SqliteIngestWriter(writable, logAppender),
      log: new SqliteLogWriter(writable),
      transfers: new SqliteTransferWriter(writable),
      mobilePeriods: new SqliteMobilePeriodWriter(writable),
      diagnostics: new SqliteDiagnosticsWriter(writable),
      findings: new SqliteFindingWriter(writable),
      kioskHealth: new SqliteKioskHealthWriter(writable),
      kioskTokenIds: new SqliteKioskTokenIdWriter(writable),
      webhookDeliveries: new SqliteWebhookDeliveryWriter(writable),
    },
    async close() {
      readable.close();
      // A clean checkpoint leaves everything in the main file, so a copy of it alone is complete.
      writable.pragma('wal_checkpoint(TRUNCATE)');
      writable.close();
    },
  };
}
