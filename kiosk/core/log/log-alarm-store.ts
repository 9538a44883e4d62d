import type { KioskDb } from '../store/kiosk-db.ts';
import type { KioskAlarmKind, LogAlarm } from './log-view.ts';

/** The contract's limit on a kiosk.alarm event's detail (shared/events/event-schema.ts). */
export const MAX_ALARM_DETAIL = 500;

export interface NewLogAlarm {
  kind: KioskAlarmKind;
  /**
   * One incident, one alarm: a check that finds the same problem again next round (the log is still
   * rolled back) must not raise, and report, it again.
   */
  fingerprint: string;
  eventSeq?: number;
  logIndex?: number;
  checkpointSize?: number;
  reason?: string;
  detail: string;
}

interface AlarmRow {
  id: number;
  kind: KioskAlarmKind;
  event_seq: number | null;
  log_index: number | null;
  checkpoint_size: number | null;
  reason: string | null;
  detail: string;
  raised_at: string;
  reported_seq: number | null;
}

const COLUMNS = 'id, kind, event_seq, log_index, checkpoint_size, reason, detail, raised_at, reported_seq';

const toAlarm = (row: AlarmRow): LogAlarm => ({
  id: row.id,
  kind: row.kind,
  eventSeq: row.event_seq ?? undefined,
  logIndex: row.log_index ?? undefined,
  checkpointSize: row.checkpoint_size ?? undefined,
  reason: row.reason ?? undefined,
  detail: row.detail,
  raisedAt: row.raised_at,
  reportedSeq: row.reported_seq ?? undefined,
});

/** The alarms the log check raised, kept for good, each with the outbox event that reports it. */
export class LogAlarmStore {
  private readonly insert;
  private readonly selectUnreported;
  private readonly selectLatest;
  private readonly countAll;
  private readonly updateReported;

  constructor(db: KioskDb) {
    this.insert = db.prepare<[string, string, number | null, number | null, number | null, string | null, string, string]>(
      `INSERT INTO log_alarms (kind, fingerprint, event_seq, log_index, checkpoint_size, reason, detail, raised_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING`,
    );
    this.selectUnreported = db.prepare<[], AlarmRow>(`SELECT ${COLUMNS} FROM log_alarms WHERE reported_seq IS NULL ORDER BY id`);
    this.selectLatest = db.prepare<[], AlarmRow>(`SELECT ${COLUMNS} FROM log_alarms ORDER BY id DESC LIMIT 1`);
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM log_alarms').pluck();
    this.updateReported = db.prepare<[number, number]>('UPDATE log_alarms SET reported_seq = ? WHERE id = ? AND reported_seq IS NULL');
  }

  /** Stores the alarm unless its incident was already raised; true when it is new. */
  raise(alarm: NewLogAlarm, at: Date): boolean {
    const detail = alarm.detail.length > MAX_ALARM_DETAIL ? `${alarm.detail.slice(0, MAX_ALARM_DETAIL - 1)}…` : alarm.detail;
    const result = this.insert.run(
      alarm.kind, alarm.fingerprint, alarm.eventSeq ?? null, alarm.logIndex ?? null, alarm.checkpointSize ?? null, alarm.reason ?? null, detail, at.toISOString(),
    );
    return result.changes === 1;
  }

  unreported(): LogAlarm[] {
    return this.selectUnreported.all().map(toAlarm);
  }

  markReported(id: number, seq: number): void {
    this.updateReported.run(seq, id);
  }

  count(): number {
    return this.countAll.get() ?? 0;
  }

  latest(): LogAlarm | undefined {
    const row = this.selectLatest.get();
    return row && toAlarm(row);
  }
}
