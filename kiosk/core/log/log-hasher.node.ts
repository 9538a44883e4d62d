import { nodeSha256 } from '../../../shared/log/sha256.node.ts';
import { rfc6962Hasher } from '../../../shared/log/tree-hasher.ts';

/** RFC 9162 hashing on node:crypto (the kiosk core is Node): the one hasher the kiosk's log check uses. */
export const KIOSK_LOG_HASHER = rfc6962Hasher(nodeSha256);
