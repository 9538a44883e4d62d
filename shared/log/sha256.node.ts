/** The Node implementation of the Sha256 adapter, on node:crypto's native hash. */
import { createHash } from 'node:crypto';
import type { Sha256 } from './sha256.ts';

export const nodeSha256: Sha256 = {
  digest(...parts) {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    const out = hash.digest();
    // A plain Uint8Array view, so callers comparing bytes never trip over Buffer's different prototype.
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};
