import type { JWK } from 'jose';
import { z } from 'zod';
import { generateKioskKey, loadKioskKey, type KioskKeyPair } from '../../../shared/events/kiosk-key.ts';
import { KioskError } from '../errors.ts';
import type { KeyStore } from './key-store.ts';

/** The stored form: the Ed25519 private JWK. Only these members, so nothing else can ride along in the file. */
const StoredKeySchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  d: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

export type KioskIdentity = KioskKeyPair;

/** The kiosk's Ed25519 key: loaded from the store, or created and saved on the very first run. */
export async function loadOrCreateKioskIdentity(store: KeyStore): Promise<KioskIdentity> {
  const saved = await store.load();
  if (saved !== undefined) return loadKioskKey(parseStoredKey(saved));
  const created = await generateKioskKey();
  const { kty, crv, x, d } = created.privateJwk;
  await store.save(new TextEncoder().encode(`${JSON.stringify({ kty, crv, x, d })}\n`));
  return { kid: created.kid, privateKey: created.privateKey, publicJwk: created.publicJwk };
}

function parseStoredKey(bytes: Uint8Array): JWK {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new KioskError('ERR_KIOSK_KEY_STORE_CORRUPT', 'the kiosk key file is not JSON', { cause });
  }
  const parsed = StoredKeySchema.safeParse(json);
  if (!parsed.success) throw new KioskError('ERR_KIOSK_KEY_STORE_CORRUPT', 'the kiosk key file does not hold an Ed25519 private key', { cause: parsed.error });
  return parsed.data;
}
