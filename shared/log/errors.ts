/**
 * Typed errors of the transparency-log code. Each carries a stable code (shared/errors.ts) and, where a
 * caller may want to branch or report precisely, a machine-readable `details.reason`.
 */
import { MicError } from '../errors.ts';

/** Why a proof was rejected; stable words an auditor's report can print. */
export type ProofFailure =
  | 'bad-hash-length'
  | 'bad-size'
  | 'index-out-of-range'
  | 'proof-too-long'
  | 'proof-too-short'
  | 'root-mismatch'
  | 'size-decreased'
  | 'same-size-different-root'
  | 'non-empty-proof'
  | 'empty-proof'
  | 'old-root-mismatch'
  | 'new-root-mismatch';

/** A Merkle proof did not verify (ERR_PROOF_INVALID). */
export class ProofError extends MicError {
  readonly reason: ProofFailure;

  constructor(reason: ProofFailure, message: string) {
    super('ERR_PROOF_INVALID', message, { details: { reason } });
    this.reason = reason;
  }
}

/** A proof or root was requested for an index or size the tree does not have (ERR_PROOF_RANGE). */
export class ProofRangeError extends MicError {
  constructor(message: string) {
    super('ERR_PROOF_RANGE', message);
  }
}

/** A checkpoint body does not follow c2sp.org/tlog-checkpoint (ERR_CHECKPOINT_INVALID). */
export class CheckpointError extends MicError {
  constructor(message: string) {
    super('ERR_CHECKPOINT_INVALID', message);
  }
}

export type NoteErrorCode = 'ERR_NOTE_MALFORMED' | 'ERR_NOTE_KEY_INVALID' | 'ERR_NOTE_SIGNATURE_INVALID' | 'ERR_NOTE_UNVERIFIED';

/** A signed note is malformed, names a bad key, carries a bad signature, or no trusted key signed it. */
export class NoteError extends MicError {
  constructor(code: NoteErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details === undefined ? undefined : { details });
  }
}

/** Why a monitor refuses a new checkpoint. */
export type InconsistencyReason = 'different-log' | 'rolled-back' | 'forked' | 'proof-invalid';

/** The log showed two histories that cannot both be true (ERR_LOG_INCONSISTENT). */
export class LogInconsistentError extends MicError {
  readonly reason: InconsistencyReason;

  constructor(reason: InconsistencyReason, message: string) {
    super('ERR_LOG_INCONSISTENT', message, { details: { reason } });
    this.reason = reason;
  }
}
