import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { FileKeyStore, KIOSK_KEY_FILE, type KeyStore } from '../core/index.ts';

const SEALED_KEY_FILE = 'kiosk-key.sealed';

/**
 * The kiosk key sealed with Electron's safeStorage (the OS keyring), in a 0600 file written the same
 * durable way as the plain one (FileKeyStore: fsync, then rename).
 */
export class SafeStorageKeyStore implements KeyStore {
  constructor(private readonly file: FileKeyStore) {}

  async load(): Promise<Uint8Array | undefined> {
    const sealed = await this.file.load();
    if (sealed === undefined) return undefined;
    return new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(sealed)), 'base64'));
  }

  async save(bytes: Uint8Array): Promise<void> {
    await this.file.save(new Uint8Array(safeStorage.encryptString(Buffer.from(bytes).toString('base64'))));
  }
}

/** On Linux without a keyring, safeStorage falls back to a fixed password: no better than the 0600 file. */
const keyringAvailable = (): boolean =>
  safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');

/**
 * Where this kiosk's key lives: wherever it already is (moving a key between stores risks losing it, and
 * with it every event still in the outbox), else sealed by the keyring when there is one, else the plain
 * 0600 file. Call after the app is ready (safeStorage needs it).
 */
export function kioskKeyStore(dataDir: string): KeyStore {
  const sealed = join(dataDir, SEALED_KEY_FILE);
  const plain = join(dataDir, KIOSK_KEY_FILE);
  if (existsSync(sealed)) return new SafeStorageKeyStore(new FileKeyStore(sealed));
  if (existsSync(plain) || !keyringAvailable()) return new FileKeyStore(plain);
  return new SafeStorageKeyStore(new FileKeyStore(sealed));
}
