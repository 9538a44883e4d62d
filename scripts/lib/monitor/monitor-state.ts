import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { fromBase64Strict, toBase64 } from '../../../shared/log/base64.ts';
import type { Checkpoint } from '../../../shared/log/checkpoint.ts';
import { HASH_SIZE } from '../../../shared/log/tree-hasher.ts';
import { writeFileAtomic } from '../card-state-file.ts';
import { MonitorError } from './monitor-error.ts';

/**
 * What `npm run verify -- --monitor` remembers between runs, one JSON file per log:
 * the verifier key it trusts and the newest checkpoint it verified, with the server's signed note for it
 * (the evidence, should the log later show a history that does not extend it).
 */
const StateSchema = z.strictObject({
  version: z.literal(1),
  url: z.string(),
  verifierKey: z.string().min(1),
  /** "first-use": fetched from the server on the first run; "given": passed with --key or --key-file */
  keyTrust: z.enum(['first-use', 'given']),
  keyPinnedAt: z.string(),
  checkpoint: z.strictObject({
    origin: z.string().min(1),
    size: z.number().int().nonnegative(),
    rootHash: z.string().refine((text) => fromBase64Strict(text)?.length === HASH_SIZE, 'canonical base64 of 32 bytes'),
    note: z.string().min(1),
    verifiedAt: z.string(),
  }),
});

export type MonitorState = z.infer<typeof StateSchema>;

/** `~/.member-card/monitor-<host>[-<path>].json`: one file per log the auditor watches. */
export function defaultStatePath(serverUrl: string): string {
  const url = new URL(serverUrl);
  const where = `${url.host}${url.pathname.replace(/\/+$/, '')}`.replace(/[^A-Za-z0-9.-]+/g, '_');
  return join(homedir(), '.member-card', `monitor-${where}.json`);
}

export function stateCheckpoint(state: MonitorState): Checkpoint {
  const { origin, size, rootHash } = state.checkpoint;
  return { origin, size, rootHash: fromBase64Strict(rootHash)!, extensions: [] };
}

export const checkpointRecord = (checkpoint: Checkpoint, note: string, verifiedAt: Date): MonitorState['checkpoint'] => ({
  origin: checkpoint.origin,
  size: checkpoint.size,
  rootHash: toBase64(checkpoint.rootHash),
  note,
  verifiedAt: verifiedAt.toISOString(),
});

/** The remembered state, or undefined on the first run; a file that is not a state is an error, never overwritten. */
export function readState(path: string): MonitorState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new MonitorError('ERR_MONITOR_STATE_INVALID', (m) => m.monitorErrors.stateUnreadable(path), { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new MonitorError('ERR_MONITOR_STATE_INVALID', (m) => m.monitorErrors.stateNotJson(path), { cause });
  }
  const parsed = StateSchema.safeParse(json);
  if (!parsed.success) {
    const [field, message] = [parsed.error.issues[0]?.path.join('.') ?? '', parsed.error.issues[0]?.message ?? ''];
    throw new MonitorError('ERR_MONITOR_STATE_INVALID', (m) => m.monitorErrors.stateNotState(path, field, message));
  }
  return parsed.data;
}

/** Written whole and renamed over the old one (mode 0600), so a crash never leaves half a state. */
export function writeState(path: string, state: MonitorState): void {
  writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
}
