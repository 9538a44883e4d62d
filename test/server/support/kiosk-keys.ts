import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/** A kiosk's Ed25519 key pair as a test holds it. `kid` is the RFC 7638 thumbprint the server assigns. */
export interface KioskKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
}

export async function newKioskKey(): Promise<KioskKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = await exportJWK(publicKey);
  const publicJwk = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: String(jwk.x) };
  return { kid: await calculateJwkThumbprint(publicJwk), privateKey, publicJwk };
}

/** Everything a test may bend to make a bad kiosk token; by default the token is valid. */
export interface KioskTokenOverrides {
  now?: Date;
  iat?: number;
  exp?: number;
  aud?: string;
  iss?: string;
  jti?: string;
  typ?: string;
  kid?: string;
  /** sign with this key instead of the kiosk's own (forgery) */
  signWith?: CryptoKey;
}

/** A kiosk bearer token per the DESIGN appendix: 30 s lifetime, fresh jti. */
export async function signKioskToken(kiosk: KioskKey, overrides: KioskTokenOverrides = {}): Promise<string> {
  const iat = overrides.iat ?? Math.floor((overrides.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: overrides.typ ?? 'mic-kiosk+jwt', kid: overrides.kid ?? kiosk.kid })
    .setIssuer(overrides.iss ?? kiosk.kid)
    .setAudience(overrides.aud ?? 'member-card')
    .setIssuedAt(iat)
    .setExpirationTime(overrides.exp ?? iat + 30)
    .setJti(overrides.jti ?? crypto.randomUUID())
    .sign(overrides.signWith ?? kiosk.privateKey);
}
