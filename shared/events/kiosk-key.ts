import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export interface KioskKeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A kiosk's Ed25519 identity; `kid` is the RFC 7638 thumbprint of its public JWK. */
export async function generateKioskKey(): Promise<KioskKeyPair & { privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { kid: await calculateJwkThumbprint(publicJwk), privateKey, publicJwk, privateJwk: await exportJWK(privateKey) };
}

export async function loadKioskKey(privateJwk: JWK): Promise<KioskKeyPair> {
  const { d: _secret, ...publicJwk } = privateJwk;
  return {
    kid: await calculateJwkThumbprint(publicJwk),
    privateKey: (await importJWK(privateJwk, 'EdDSA')) as CryptoKey,
    publicJwk,
  };
}
