import type { AlarmReader } from './repositories/alarms.ts';
import type { AttendanceReader, AttendanceWriter } from './repositories/attendance.ts';
import type { AuditReader } from './repositories/audit.ts';
import type { CardReader, CardWriter } from './repositories/cards.ts';
import type { DiagnosticsReader, DiagnosticsWriter } from './repositories/diagnostics.ts';
import type { IngestReader, IngestWriter } from './repositories/ingest.ts';
import type { IssuerReader, IssuerWriter } from './repositories/issuers.ts';
import type { KioskReader, KioskWriter } from './repositories/kiosks.ts';
import type { KioskTokenIdWriter } from './repositories/kiosk-token-ids.ts';
import type { LogReader, LogWriter } from './repositories/log.ts';
import type { MeetingReader, MeetingWriter } from './repositories/meetings.ts';
import type { MemberReader, MemberWriter } from './repositories/members.ts';
import type { OrgReader, OrgWriter } from './repositories/orgs.ts';
import type { EvidenceReader } from './repositories/evidence.ts';
import type { FindingReader, FindingWriter } from './repositories/findings.ts';
import type { KioskHealthReader, KioskHealthWriter } from './repositories/kiosk-health.ts';
import type { SecuritySignalReader } from './repositories/security-signals.ts';
import type { WebhookDeliveryReader, WebhookDeliveryWriter } from './repositories/webhook-deliveries.ts';
import type { FlowReader } from './repositories/flows.ts';
import type { MemberHistoryReader, OrgHistoryReader } from './repositories/histories.ts';
import type { MobilePeriodReader, MobilePeriodWriter } from './repositories/mobile-periods.ts';
import type { SessionReader, SessionWriter } from './repositories/sessions.ts';
import type { TransferReader, TransferWriter } from './repositories/transfers.ts';
import type { UserReader, UserWriter } from './repositories/users.ts';

/**
 * Storage as the domain sees it: asynchronous repositories, so a PostgreSQL implementation can stand
 * behind the same interfaces. Readers run on a read-only connection; every writer method is one
 * transaction (with its audit row where a person made the write).
 */
export interface ReadStore {
  orgs: OrgReader;
  members: MemberReader;
  users: UserReader;
  /** console sessions signed out */
  sessions: SessionReader;
  audit: AuditReader;
  issuers: IssuerReader;
  cards: CardReader;
  kiosks: KioskReader;
  meetings: MeetingReader;
  attendance: AttendanceReader;
  ingest: IngestReader;
  alarms: AlarmReader;
  log: LogReader;
  transfers: TransferReader;
  mobilePeriods: MobilePeriodReader;
  memberHistory: MemberHistoryReader;
  orgHistory: OrgHistoryReader;
  flows: FlowReader;
  evidence: EvidenceReader;
  /** the facts the diagnostic rules read */
  diagnostics: DiagnosticsReader;
  findings: FindingReader;
  kioskHealth: KioskHealthReader;
  securitySignals: SecuritySignalReader;
  webhookDeliveries: WebhookDeliveryReader;
  /** true when the database answers */
  ping(): Promise<boolean>;
}

export interface WriteStore {
  orgs: OrgWriter;
  members: MemberWriter;
  users: UserWriter;
  sessions: SessionWriter;
  issuers: IssuerWriter;
  cards: CardWriter;
  kiosks: KioskWriter;
  meetings: MeetingWriter;
  attendance: AttendanceWriter;
  ingest: IngestWriter;
  log: LogWriter;
  transfers: TransferWriter;
  mobilePeriods: MobilePeriodWriter;
  /** the diagnostic rules' findings, reconciled in one transaction per run (or chunk) */
  diagnostics: DiagnosticsWriter;
  findings: FindingWriter;
  kioskHealth: KioskHealthWriter;
  /** kiosk bearer token ids accepted, so a replay is refused even after a restart */
  kioskTokenIds: KioskTokenIdWriter;
  webhookDeliveries: WebhookDeliveryWriter;
}

export interface Store {
  read: ReadStore;
  write: WriteStore;
  close(): Promise<void>;
}
