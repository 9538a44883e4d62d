import { isMicError } from '../../../shared/errors.ts';
import type { Checkpoint } from '../../../shared/log/checkpoint.ts';
import type { InconsistencyReason } from '../../../shared/log/errors.ts';
import { checkCheckpointGrowth } from '../../../shared/log/monitor.ts';
import { parseVerifierKey } from '../../../shared/log/note-verifier.ts';
import { nodeSha256 } from '../../../shared/log/sha256.node.ts';
import { openCheckpoint } from '../../../shared/log/signed-checkpoint.ts';
import { rfc6962Hasher } from '../../../shared/log/tree-hasher.ts';
import { monitorLogClient } from './log-http.ts';
import { MonitorError } from './monitor-error.ts';
import { checkpointRecord, readState, stateCheckpoint, writeState, type MonitorState } from './monitor-state.ts';

const hasher = rfc6962Hasher(nodeSha256);

export interface MonitorOptions {
  url: string;
  statePath: string;
  /** a verifier key the auditor got out of band (--key / --key-file); else the remembered or first-use one */
  givenKey: string | undefined;
  now: () => Date;
}

export type MonitorOutcome =
  /** first run: the key and checkpoint are now remembered */
  | { kind: 'pinned'; verifierKey: string; keyTrust: MonitorState['keyTrust']; checkpoint: Checkpoint }
  /** the newest checkpoint extends the remembered one, which it now replaces */
  | { kind: 'consistent'; verifierKey: string; from: Checkpoint; to: Checkpoint; movedFrom: string | undefined }
  /** the log showed a history that does not extend the remembered one; nothing was saved */
  | { kind: 'inconsistent'; reason: InconsistencyReason; message: string; remembered: MonitorState; next: Checkpoint; note: string }
  /** the newest checkpoint is not signed by the trusted key for this log; nothing was saved */
  | { kind: 'unverified'; code: string; message: string; verifierKey: string; note: string };

/**
 * One monitor run (issue 6): open the log's newest checkpoint with the trusted verifier key and prove it
 * extends the last checkpoint this monitor verified. The state changes only after a checkpoint verified
 * and proved consistent, so a bad answer can never become what later runs compare against.
 */
export async function monitorLog(options: MonitorOptions): Promise<MonitorOutcome> {
  const remembered = readState(options.statePath);
  if (remembered && options.givenKey !== undefined && options.givenKey !== remembered.verifierKey) {
    const { statePath } = options;
    throw new MonitorError('ERR_MONITOR_KEY_CONFLICT', (m) => m.monitorErrors.keyConflict(statePath));
  }
  const http = monitorLogClient(options.url);
  const keyTrust = remembered?.keyTrust ?? (options.givenKey === undefined ? 'first-use' : 'given');
  const verifierKey = remembered?.verifierKey ?? options.givenKey ?? (await http.verifierKey());
  // A bad key text (ours or the server's) fails here, before any network answer is judged with it.
  const verifier = await parseVerifierKey(verifierKey);
  const note = await http.newestCheckpoint();

  let next: Checkpoint;
  try {
    // The server names its log after its key (server/keys/log-signing-key.ts): the key name is the origin.
    next = (await openCheckpoint(note, { origin: verifier.keyName, verifiers: [verifier] })).checkpoint;
  } catch (error) {
    if (!isMicError(error) || error.code === 'ERR_NOTE_MALFORMED') {
      const message = error instanceof Error ? error.message : String(error);
      throw new MonitorError('ERR_MONITOR_ANSWER_INVALID', (m) => m.monitorErrors.checkpointNotNote(message), { cause: error });
    }
    return { kind: 'unverified', code: error.code, message: error.message, verifierKey, note };
  }

  const now = options.now();
  if (!remembered) {
    writeState(options.statePath, { version: 1, url: options.url, verifierKey, keyTrust, keyPinnedAt: now.toISOString(), checkpoint: checkpointRecord(next, note, now) });
    return { kind: 'pinned', verifierKey, keyTrust, checkpoint: next };
  }

  const previous = stateCheckpoint(remembered);
  // Shrinking or equal sizes are judged without a proof, and every tree extends the empty one.
  const proof = previous.size > 0 && next.size > previous.size ? await http.consistencyProof(previous.size, next.size) : [];
  const verdict = checkCheckpointGrowth(hasher, previous, next, proof);
  if (!verdict.consistent) return { kind: 'inconsistent', reason: verdict.reason, message: verdict.message, remembered, next, note };
  writeState(options.statePath, { ...remembered, url: options.url, checkpoint: checkpointRecord(next, note, now) });
  return { kind: 'consistent', verifierKey, from: previous, to: next, movedFrom: remembered.url === options.url ? undefined : remembered.url };
}
