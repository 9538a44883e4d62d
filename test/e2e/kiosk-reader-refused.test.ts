import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderState, ReaderStatus } from '../../kiosk/core/readers/reader-status.ts';
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import { holdPcscdConnections, restoreNormalPcscd, startPcscdWithoutReaders, stopPcscd, type HeldConnections } from './support/pcscd-control.ts';
import { until } from './support/until.ts';

/*
 * pcscd answering on its socket yet refusing the kiosk, for real: a pcscd that serves two connections at a time, both
 * held by another process, takes every further one and closes it unanswered. The status says `failed` with PC/SC's
 * words until pcscd lets the kiosk in. A single refusal, as a pcscd going away gives, is not shown: that order of
 * events cannot be produced on demand here, so test/kiosk/kiosk-reader-refused.test.ts lines it up.
 */

/** Two refusals half a second apart; letting the kiosk in waits for its next try, at most 5 s later. */
const RECOVERY_MS = 8_000;
const REFUSED = 'SCardEstablishContext error: Access denied.(0x8010006a)';

let readers: ResilientReaders | undefined;
let holder: HeldConnections | undefined;

afterEach(async () => {
  // Closing a connected kiosk takes one more connection (to cancel its wait), so the held ones go first.
  await holder?.release();
  await readers?.close();
  await restoreNormalPcscd();
});

async function statusBecomes(state: ReaderState): Promise<ReaderStatus> {
  await until(() => readers!.status().state === state, RECOVERY_MS, () => `status ${state}, is ${JSON.stringify(readers!.status())}`);
  return readers!.status();
}

describe('kiosk card readers when pcscd refuses the kiosk', () => {
  it('when pcscd answers but refuses every connection, then the status says failed with PC/SC’s words, and once pcscd lets the kiosk in, the failure is gone', async () => {
    await stopPcscd('SIGTERM');
    await startPcscdWithoutReaders({ maxConnections: 2 });
    holder = await holdPcscdConnections(2);
    const errors: string[] = [];
    readers = ResilientReaders.start({ onError: (error) => errors.push(error.message) });
    const states: ReaderState[] = [];
    readers.onStatus((status) => states.push(status.state));

    expect(await statusBecomes('failed')).toEqual({ state: 'failed', readers: [], failure: { message: REFUSED } });
    // Shown from the second refusal on: the first could have been a pcscd going away.
    expect(errors.slice(0, 2)).toEqual([REFUSED, REFUSED]);
    expect(states).toEqual(['failed']);

    await holder.release();
    // pcscd lists no reader here: let in, the kiosk says so instead of the failure.
    expect(await statusBecomes('no-readers')).toEqual({ state: 'no-readers', readers: [] });
    expect(states.slice(1)).not.toContain('failed');
  });
});
