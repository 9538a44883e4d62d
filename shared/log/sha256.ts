/**
 * The synchronous SHA-256 the Merkle code needs. It is an adapter because a tree over millions of leaves
 * hashes too often for the async WebCrypto API, and shared/ may not import node:crypto directly:
 * Node code passes `nodeSha256` (sha256.node.ts); another runtime supplies its own implementation.
 */
export interface Sha256 {
  /** SHA-256 of the concatenation of `parts`; always 32 bytes. */
  digest(...parts: readonly Uint8Array[]): Uint8Array;
}
