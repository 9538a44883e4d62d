import { expect } from 'vitest';
import { utf8 } from '../../../shared/bytes.ts';
import { fromBase64Strict } from '../../../shared/log/base64.ts';
import type { Checkpoint } from '../../../shared/log/checkpoint.ts';
import { parseVerifierKey } from '../../../shared/log/note-verifier.ts';
import { openCheckpoint } from '../../../shared/log/signed-checkpoint.ts';
import { nodeSha256 } from '../../../shared/log/sha256.node.ts';
import { rfc6962Hasher } from '../../../shared/log/tree-hasher.ts';
import { ConsistencyProofSchema, InclusionProofSchema, LeafSchema } from '../../../server/schemas/log.ts';
import { call, expectOk } from './http.ts';

/** The hasher an auditor uses: shared/log with node's SHA-256, not the server's own module. */
export const auditorHasher = rfc6962Hasher(nodeSha256);

const decode = (hashes: string[]): Uint8Array[] =>
  hashes.map((hash) => {
    const bytes = fromBase64Strict(hash);
    if (!bytes) throw new Error(`not canonical base64: ${hash}`);
    return bytes;
  });

/**
 * What an auditor or monitor does over HTTP, trusting nothing but the verifier key it pinned: open
 * checkpoints (signature and origin), fetch proofs, and, signed in with a reach that covers them, leaves.
 */
export class LogAuditor {
  private constructor(
    private readonly url: string,
    readonly verifierKey: string,
    private readonly origin: string,
  ) {}

  static async pin(url: string): Promise<LogAuditor> {
    const response = await call(url, 'GET', '/api/v1/log/verifier-key');
    expect(response.status).toBe(200);
    const vkey = response.text.trim();
    const verifier = await parseVerifierKey(vkey);
    return new LogAuditor(url, vkey, verifier.keyName);
  }

  /** The same auditor, pointed at another address of the same log (after a restart). */
  at(url: string): LogAuditor {
    return new LogAuditor(url, this.verifierKey, this.origin);
  }

  async open(note: string): Promise<Checkpoint> {
    return (await openCheckpoint(note, { origin: this.origin, verifiers: [await parseVerifierKey(this.verifierKey)] })).checkpoint;
  }

  async newest(): Promise<{ note: string; checkpoint: Checkpoint }> {
    const response = await call(this.url, 'GET', '/api/v1/log/checkpoint');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return { note: response.text, checkpoint: await this.open(response.text) };
  }

  async checkpointAt(size: number): Promise<Checkpoint> {
    const response = await call(this.url, 'GET', `/api/v1/log/checkpoint/${size}`);
    expect(response.status, response.text).toBe(200);
    return this.open(response.text);
  }

  /** `session`: a session token whose reach covers the organisation of the kiosk that signed the leaf */
  async leafHash(index: number, session: string): Promise<{ jws: string; hash: Uint8Array }> {
    const { jws } = expectOk(await call(this.url, 'GET', `/api/v1/log/leaf/${index}`, { token: session }), 200, LeafSchema);
    return { jws, hash: auditorHasher.hashLeaf(utf8(jws)) };
  }

  async inclusion(index: number, size: number): Promise<Uint8Array[]> {
    const proof = expectOk(await call(this.url, 'GET', `/api/v1/log/proof/inclusion?index=${index}&size=${size}`), 200, InclusionProofSchema);
    expect({ index: proof.index, size: proof.size }).toEqual({ index, size });
    return decode(proof.hashes);
  }

  async consistency(from: number, to: number): Promise<Uint8Array[]> {
    const proof = expectOk(await call(this.url, 'GET', `/api/v1/log/proof/consistency?from=${from}&to=${to}`), 200, ConsistencyProofSchema);
    expect({ from: proof.from, to: proof.to }).toEqual({ from, to });
    return decode(proof.hashes);
  }
}
