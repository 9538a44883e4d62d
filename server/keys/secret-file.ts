import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { StartupError } from '../startup-error.ts';

export interface SecretFile<T> {
  value: T;
  created: boolean;
  /** set when the file can be read by other users: the caller logs it */
  looseMode: boolean;
}

/**
 * Reads a secret from `path`, or creates it with mode 0600 when it does not exist. The new file is
 * written whole under a temporary name and then hard-linked into place, which fails if the name
 * exists: when two processes start at once (server and admin command), one key wins and the other
 * process reads it complete, never half-written, and never overwrites it.
 */
export function readOrCreateSecretFile<T>(path: string, create: () => string, parse: (text: string) => T): SecretFile<T> {
  let created = false;
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, create(), { mode: 0o600, flag: 'wx' });
    linkSync(temporary, path);
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // never written (the write itself failed): nothing to clean up
    }
  }
  const text = readFileSync(path, 'utf8');
  let value: T;
  try {
    value = parse(text);
  } catch (cause) {
    throw new StartupError('ERR_KEY_FILE_INVALID', `${path} does not hold a valid key (${cause instanceof Error ? cause.message : String(cause)}); restore it from backup`, { cause });
  }
  return { value, created, looseMode: (statSync(path).mode & 0o077) !== 0 };
}

export function parseHexKey(text: string, bytes: number): Uint8Array {
  const clean = text.trim();
  if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(clean)) throw new Error(`expected ${bytes * 2} hex characters`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}
