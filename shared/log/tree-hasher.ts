/**
 * RFC 9162 §2.1.1 / RFC 6962 §2.1 Merkle tree hashing with SHA-256: leaves and interior nodes get
 * different one-byte prefixes so a leaf can never be passed off as a node (second-preimage resistance).
 */
import type { Sha256 } from './sha256.ts';

export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);
const NOTHING = new Uint8Array(0);

export interface TreeHasher {
  /** MTH({}) = SHA-256(""), the root of the empty tree */
  emptyRoot(): Uint8Array;
  /** SHA-256(0x00 ‖ data) */
  hashLeaf(data: Uint8Array): Uint8Array;
  /** SHA-256(0x01 ‖ left ‖ right) */
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
}

export function rfc6962Hasher(sha256: Sha256): TreeHasher {
  return {
    emptyRoot: () => sha256.digest(NOTHING),
    hashLeaf: (data) => sha256.digest(LEAF_PREFIX, data),
    hashChildren: (left, right) => sha256.digest(NODE_PREFIX, left, right),
  };
}
