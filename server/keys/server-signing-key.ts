import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import { readOrCreateSecretFile, type SecretFile } from './secret-file.ts';

/**
 * The server's own Ed25519 key: it signs the revocation list kiosks sync and human session tokens.
 * Kiosks learn its public half at enrolment.
 */
export interface ServerSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
}

const PrivateJwkSchema = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().length(43), d: z.string().length(43) });

function newPrivateJwkText(): string {
  // Synchronous on purpose: the file is created inside readOrCreateSecretFile's exclusive write.
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return `${JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, null, 2)}\n`;
}

export function readOrCreateServerKeyFile(path: string): SecretFile<z.infer<typeof PrivateJwkSchema>> {
  return readOrCreateSecretFile(path, newPrivateJwkText, (text) => PrivateJwkSchema.parse(JSON.parse(text)));
}

export async function importServerSigningKey(jwk: z.infer<typeof PrivateJwkSchema>): Promise<ServerSigningKey> {
  const publicPart: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await calculateJwkThumbprint(publicPart);
  return {
    kid,
    privateKey: (await importJWK({ ...publicPart, d: jwk.d }, 'EdDSA')) as CryptoKey,
    publicKey: (await importJWK(publicPart, 'EdDSA')) as CryptoKey,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' },
  };
}
