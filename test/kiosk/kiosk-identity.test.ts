import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore } from '../../kiosk/core/identity/file-key-store.node.ts';
import { loadOrCreateKioskIdentity } from '../../kiosk/core/identity/kiosk-identity.ts';
import type { KeyStore } from '../../kiosk/core/identity/key-store.ts';
import { Kiosk, KIOSK_KEY_FILE } from '../../kiosk/core/kiosk.ts';
import { tempDir } from './support/world.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function folder(): string {
  const dir = tempDir();
  cleanups.push(dir.remove);
  return dir.path;
}

class MemoryKeyStore implements KeyStore {
  bytes: Uint8Array | undefined;
  async load(): Promise<Uint8Array | undefined> {
    return this.bytes;
  }
  async save(bytes: Uint8Array): Promise<void> {
    this.bytes = bytes;
  }
}

describe('kiosk identity', () => {
  it('when the kiosk starts for the first time, then it creates an Ed25519 key in a file only its user can read, and keeps it on later starts', async () => {
    const dataDir = folder();
    const first = await Kiosk.open({ dataDir, autoSync: false });
    const kid = first.kioskId;
    await first.close();
    const file = join(dataDir, KIOSK_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const second = await Kiosk.open({ dataDir, autoSync: false });
    expect(second.kioskId).toBe(kid);
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await second.close();
  });

  it('when the key file lost its mode (restored from a backup), then loading puts 0600 back', async () => {
    const path = join(folder(), KIOSK_KEY_FILE);
    const store = new FileKeyStore(path);
    const { kid } = await loadOrCreateKioskIdentity(store);
    chmodSync(path, 0o644);
    expect((await loadOrCreateKioskIdentity(store)).kid).toBe(kid);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('when the key file holds something else, then ERR_KIOSK_KEY_STORE_CORRUPT instead of a silently new identity', async () => {
    const path = join(folder(), KIOSK_KEY_FILE);
    writeFileSync(path, '{"kty":"EC"}');
    await expect(loadOrCreateKioskIdentity(new FileKeyStore(path))).rejects.toMatchObject({ code: 'ERR_KIOSK_KEY_STORE_CORRUPT' });
    writeFileSync(path, 'not json');
    await expect(loadOrCreateKioskIdentity(new FileKeyStore(path))).rejects.toMatchObject({ code: 'ERR_KIOSK_KEY_STORE_CORRUPT' });
  });

  it('when another key store (a lost key file) meets an existing kiosk database, then opening refuses with ERR_KIOSK_IDENTITY_MISMATCH', async () => {
    const dataDir = folder();
    await (await Kiosk.open({ dataDir, autoSync: false })).close();
    await expect(Kiosk.open({ dataDir, autoSync: false, keyStore: new MemoryKeyStore() })).rejects.toMatchObject({ code: 'ERR_KIOSK_IDENTITY_MISMATCH' });
  });

  it('when a custom key store is given (safeStorage in Electron), then the key goes there and no key file is written', async () => {
    const dataDir = folder();
    const store = new MemoryKeyStore();
    const kiosk = await Kiosk.open({ dataDir, autoSync: false, keyStore: store });
    await kiosk.close();
    expect(store.bytes).toBeDefined();
    expect(() => statSync(join(dataDir, KIOSK_KEY_FILE))).toThrow();
  });
});
