import { utf8 } from '../../shared/bytes.ts';
import { nodeSha256 } from '../../shared/log/sha256.node.ts';
import { rfc6962Hasher } from '../../shared/log/tree-hasher.ts';

/** RFC 9162 hashing on node:crypto's SHA-256: the one hasher the server's log, proofs and audits use. */
export const LOG_HASHER = rfc6962Hasher(nodeSha256);

/** A leaf's data is the accepted event's JWS text, as UTF-8 bytes. */
export const leafHashOf = (jws: string): Uint8Array => LOG_HASHER.hashLeaf(utf8(jws));
