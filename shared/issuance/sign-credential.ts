import { importJWK, SignJWT } from 'jose';
import { toBase64url } from '../bytes.ts';
import { CREDENTIAL_TYP, CredentialClaimsSchema, type CredentialClaims } from '../verify/credential-claims.ts';
import type { P256PublicJwk } from '../verify/jwk.ts';
import type { IssuerKeyFile } from './issuer-key.ts';

export interface CredentialRequest {
  member: string;
  name: string;
  idh: string;
  serial: string;
  cardKey: P256PublicJwk;
  validDays: number;
  now?: Date;
}

/** Builds and signs a member-card credential (ES256, typ mic-card+jwt) with the issuer's key. */
export async function signCredential(issuer: IssuerKeyFile, request: CredentialRequest): Promise<{ jwt: string; claims: CredentialClaims }> {
  const iat = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const claims = CredentialClaimsSchema.parse({
    iss: issuer.iss,
    sub: request.member,
    csn: request.serial,
    cnf: { jwk: request.cardKey },
    name: request.name,
    idh: request.idh,
    iat,
    exp: iat + request.validDays * 86_400,
    jti: toBase64url(crypto.getRandomValues(new Uint8Array(16))),
  });
  const key = await importJWK(issuer.privateJwk, 'ES256');
  const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: CREDENTIAL_TYP, kid: issuer.kid }).sign(key);
  return { jwt, claims };
}

/** The card's uncompressed point 04 ‖ X ‖ Y as the JWK that goes into `cnf.jwk`. */
export function pointToJwk(point: Uint8Array): P256PublicJwk {
  return { kty: 'EC', crv: 'P-256', x: toBase64url(point.slice(1, 33)), y: toBase64url(point.slice(33, 65)) };
}
