import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KeyStore } from './key-store.ts';

const OWNER_ONLY = 0o600;

/**
 * The private key in a file only the kiosk's user can read (mode 0600). Written to a temporary file that
 * is fsynced and then renamed over the old one, so a power cut leaves either the old key or the new one,
 * never half a key (which would orphan every event the outbox still holds).
 */
export class FileKeyStore implements KeyStore {
  constructor(readonly path: string) {}

  async load(): Promise<Uint8Array | undefined> {
    try {
      const bytes = await readFile(this.path);
      // A copy restored from a backup may have lost its mode; put it back rather than refuse to start.
      await chmod(this.path, OWNER_ONLY);
      return new Uint8Array(bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async save(bytes: Uint8Array): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const file = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, OWNER_ONLY);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    // open()'s mode is filtered by the umask; chmod is not.
    await chmod(temporary, OWNER_ONLY);
    await rename(temporary, this.path);
    const folder = await open(dirname(this.path), constants.O_RDONLY);
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}
