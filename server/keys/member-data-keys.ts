import { randomBytes } from 'node:crypto';
import { parseHexKey, readOrCreateSecretFile } from './secret-file.ts';
import { StartupError } from '../startup-error.ts';

/**
 * Two member-data secrets, each 32 bytes written as 64 hex characters:
 * - the encryption key for resident ID numbers at rest (AES-256-GCM);
 * - the id-hash key for `idh` (HMAC-SHA-256), which the issuance desk also needs
 *   (`npm run card:issue -- --id-key data/id-hash.key`), so it is a separate file from the encryption key.
 * An environment variable wins over the file, for deployments that keep secrets outside the disk.
 */
export interface MemberDataKeys {
  encryptionKey: Uint8Array;
  idHashKey: Uint8Array;
  /** files that were created on this start, and files other users can read */
  created: string[];
  loose: string[];
}

const newHexKey = (): string => `${randomBytes(32).toString('hex')}\n`;

function fromEnv(name: string, value: string | undefined): Uint8Array | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return parseHexKey(value, 32);
  } catch (cause) {
    throw new StartupError('ERR_CONFIG_INVALID', `${name} must be 64 hex characters (32 bytes)`, { cause });
  }
}

export function loadMemberDataKeys(paths: { encryption: string; idHash: string }, env: { encryption?: string; idHash?: string }): MemberDataKeys {
  const created: string[] = [];
  const loose: string[] = [];
  const load = (path: string, override: Uint8Array | undefined): Uint8Array => {
    if (override) return override;
    const file = readOrCreateSecretFile(path, newHexKey, (text) => parseHexKey(text, 32));
    if (file.created) created.push(path);
    if (file.looseMode) loose.push(path);
    return file.value;
  };
  return {
    encryptionKey: load(paths.encryption, fromEnv('MIC_MEMBER_DATA_KEY', env.encryption)),
    idHashKey: load(paths.idHash, fromEnv('MIC_ID_HASH_KEY', env.idHash)),
    created,
    loose,
  };
}
