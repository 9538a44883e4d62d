import type { KioskDb } from '../store/kiosk-db.ts';

/** An outbox event the server accepted into its log, waiting for its inclusion to be proven. */
export interface LoggedEvent {
  seq: number;
  jws: string;
  logIndex: number;
}

/** Which accepted events the log check has proven included, or found missing, and against which checkpoint size. */
export class InclusionStore {
  private readonly selectAwaiting;
  private readonly insertProof;
  private readonly countProven;
  private readonly countAwaiting;

  constructor(db: KioskDb) {
    // A duplicate receipt repeats the first one's log index: the event is in the log all the same.
    const awaiting = `FROM outbox o WHERE o.log_index IS NOT NULL AND o.receipt_status IN ('accepted', 'duplicate')
      AND NOT EXISTS (SELECT 1 FROM log_proofs p WHERE p.seq = o.seq)`;
    this.selectAwaiting = db.prepare<[number, number], LoggedEvent>(`SELECT o.seq, o.jws, o.log_index AS logIndex ${awaiting} AND o.log_index < ? ORDER BY o.log_index LIMIT ?`);
    this.countAwaiting = db.prepare<[], number>(`SELECT count(*) ${awaiting}`).pluck();
    this.countProven = db.prepare<[], number>(`SELECT count(*) FROM log_proofs WHERE status = 'proven'`).pluck();
    this.insertProof = db.prepare<[number, string, number, string]>('INSERT INTO log_proofs (seq, status, checkpoint_size, checked_at) VALUES (?, ?, ?, ?)');
  }

  /** Events a tree of `size` leaves must hold (log index below it) and not yet checked, lowest index first. */
  awaiting(size: number, limit: number): LoggedEvent[] {
    return this.selectAwaiting.all(size, limit);
  }

  record(seq: number, status: 'proven' | 'missing', checkpointSize: number, at: Date): void {
    this.insertProof.run(seq, status, checkpointSize, at.toISOString());
  }

  counts(): { proven: number; awaiting: number } {
    return { proven: this.countProven.get() ?? 0, awaiting: this.countAwaiting.get() ?? 0 };
  }
}
