import type { Checkpoint } from '../../../shared/log/checkpoint.ts';
import type { KioskDb } from '../store/kiosk-db.ts';

/** The log as this kiosk trusts it: the pinned verifier key and the newest checkpoint it verified. */
export interface LogTrust {
  verifierKey: string;
  /** the checkpoints' origin line: the server names its log after its key (server/keys/log-signing-key.ts) */
  origin: string;
  pinnedAt: string;
  checkpoint: Checkpoint | undefined;
}

interface TrustRow {
  verifier_key: string;
  origin: string;
  pinned_at: string;
  checkpoint_size: number | null;
  checkpoint_root: Uint8Array | null;
}

export class LogTrustStore {
  private readonly select;
  private readonly insertPin;
  private readonly updateCheckpoint;

  constructor(db: KioskDb) {
    this.select = db.prepare<[], TrustRow>('SELECT verifier_key, origin, pinned_at, checkpoint_size, checkpoint_root FROM log_trust WHERE id = 1');
    // Trust on first use: a pin is only ever written into an empty table, never replaced.
    this.insertPin = db.prepare<[string, string, string]>('INSERT INTO log_trust (id, verifier_key, origin, pinned_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
    this.updateCheckpoint = db.prepare<[number, Uint8Array, string, string]>(
      'UPDATE log_trust SET checkpoint_size = ?, checkpoint_root = ?, checkpoint_note = ?, checkpoint_at = ? WHERE id = 1',
    );
  }

  get(): LogTrust | undefined {
    const row = this.select.get();
    if (!row) return undefined;
    const checkpoint =
      row.checkpoint_size === null || row.checkpoint_root === null
        ? undefined
        : { origin: row.origin, size: row.checkpoint_size, rootHash: new Uint8Array(row.checkpoint_root), extensions: [] };
    return { verifierKey: row.verifier_key, origin: row.origin, pinnedAt: row.pinned_at, checkpoint };
  }

  pin(verifierKey: string, origin: string, now: Date): void {
    this.insertPin.run(verifierKey, origin, now.toISOString());
  }

  /** Holds the log to `checkpoint` from now on; the note is kept as the server's signed word for it. */
  trustCheckpoint(checkpoint: Checkpoint, note: string, now: Date): void {
    this.updateCheckpoint.run(checkpoint.size, checkpoint.rootHash, note, now.toISOString());
  }
}
