import { describe, expect, it } from 'vitest';
import { CompactSign, importJWK, SignJWT } from 'jose';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { signCredential } from '../../shared/issuance/sign-credential.ts';
import { verifyCredential } from '../../shared/verify/credential.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { RevocationSet } from '../../shared/verify/revocation.ts';

const cardKey = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' } as const;
const request = { member: '3301020001', name: '李娜', idh: 'A'.repeat(43), serial: '0102030405060708', cardKey, validDays: 30 };

const issuerA = await generateIssuerKey('county-od');
const issuerB = await generateIssuerKey('other-od');
const trust = new IssuerTrust({ keys: [issuerA.publicJwk] });

async function signRaw(issuer: IssuerKeyFile, header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
  const key = await importJWK(issuer.privateJwk, 'ES256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', ...header }).sign(key);
}

async function validClaims(): Promise<Record<string, unknown>> {
  const { claims } = await signCredential(issuerA, request);
  return claims;
}

describe('credential verification (offline, against an issuer JWKS)', () => {
  it('when a credential is signed by a trusted issuer and current, then its claims come back', async () => {
    const { jwt } = await signCredential(issuerA, request);
    const verified = await verifyCredential(jwt, trust);
    expect(verified.claims).toMatchObject({ iss: 'county-od', sub: '3301020001', csn: '0102030405060708', name: '李娜' });
    expect(verified.issuerKid).toBe(issuerA.kid);
  });

  it.each([
    ['not a compact JWS', 'hello'],
    ['a header that is not JSON', 'bm90anNvbg.e30.c2ln'],
  ])('when the credential is %s, then ERR_CREDENTIAL_MALFORMED', async (_label, jwt) => {
    await expect(verifyCredential(jwt, trust)).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_MALFORMED' });
  });

  it('when the credential has another typ, then ERR_NOT_MEMBER_CARD', async () => {
    const jwt = await signRaw(issuerA, { typ: 'JWT', kid: issuerA.kid }, await validClaims());
    await expect(verifyCredential(jwt, trust)).rejects.toMatchObject({ code: 'ERR_NOT_MEMBER_CARD' });
  });

  it('when the credential uses an algorithm outside the allow-list, then ERR_CREDENTIAL_MALFORMED', async () => {
    const secret = new Uint8Array(32).fill(1);
    const jwt = await new SignJWT(await validClaims()).setProtectedHeader({ alg: 'HS256', typ: 'mic-card+jwt', kid: issuerA.kid }).sign(secret);
    await expect(verifyCredential(jwt, trust)).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_MALFORMED' });
  });

  it('when the issuer key is not trusted, then ERR_ISSUER_UNKNOWN', async () => {
    const { jwt } = await signCredential(issuerB, request);
    await expect(verifyCredential(jwt, trust)).rejects.toMatchObject({ code: 'ERR_ISSUER_UNKNOWN' });
    const noKid = await signRaw(issuerA, { typ: 'mic-card+jwt' }, await validClaims());
    await expect(verifyCredential(noKid, trust)).rejects.toMatchObject({ code: 'ERR_ISSUER_UNKNOWN' });
  });

  it('when a trusted key signs a credential claiming another issuer, then ERR_ISSUER_UNKNOWN', async () => {
    const jwt = await signRaw(issuerA, { typ: 'mic-card+jwt', kid: issuerA.kid }, { ...(await validClaims()), iss: 'other-od' });
    await expect(verifyCredential(jwt, trust)).rejects.toMatchObject({ code: 'ERR_ISSUER_UNKNOWN' });
  });

  it('when one byte of the signed payload changes, then ERR_CREDENTIAL_SIGNATURE_INVALID', async () => {
    const { jwt } = await signCredential(issuerA, request);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ ...(await validClaims()), name: '王强' })).toString('base64url');
    await expect(verifyCredential(`${h}.${forgedPayload}.${s}`, trust)).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_SIGNATURE_INVALID' });
    const flipped = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    await expect(verifyCredential(`${h}.${p}.${flipped}`, trust)).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_SIGNATURE_INVALID' });
  });

  it('when a signed credential lacks a required claim, then ERR_CREDENTIAL_MALFORMED', async () => {
    const claims = await validClaims();
    delete claims.cnf;
    const jwt = await signRaw(issuerA, { typ: 'mic-card+jwt', kid: issuerA.kid }, claims);
    await expect(verifyCredential(jwt, trust)).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_MALFORMED' });
  });

  it('when the card key in cnf is not a point on P-256, then ERR_CREDENTIAL_MALFORMED', async () => {
    const bogus = { ...cardKey, y: cardKey.x };
    const jwt = await signRaw(issuerA, { typ: 'mic-card+jwt', kid: issuerA.kid }, { ...(await validClaims()), cnf: { jwk: bogus } });
    await expect(verifyCredential(jwt, trust)).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_MALFORMED' });
  });

  it('when the credential has expired, then ERR_CREDENTIAL_EXPIRED', async () => {
    const { jwt, claims } = await signCredential(issuerA, request);
    await expect(verifyCredential(jwt, trust, { now: new Date(claims.exp * 1000) })).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_EXPIRED' });
  });

  it('when the credential was issued in the future beyond the leeway, then ERR_CREDENTIAL_NOT_YET_VALID', async () => {
    const { jwt, claims } = await signCredential(issuerA, request);
    await expect(verifyCredential(jwt, trust, { now: new Date((claims.iat - 3600) * 1000) })).rejects.toMatchObject({
      code: 'ERR_CREDENTIAL_NOT_YET_VALID',
    });
  });

  it('when the card is on the revocation list, then ERR_CARD_REVOKED names the reason', async () => {
    const { jwt } = await signCredential(issuerA, request);
    const revocations = new RevocationSet({ iss: 'member-card', seq: 1, iat: 0, entries: [{ csn: request.serial, reason: 'lost', at: '2026-11-01T00:00:00Z' }] });
    await expect(verifyCredential(jwt, trust, { revocations })).rejects.toMatchObject({ code: 'ERR_CARD_REVOKED', details: { reason: 'lost' } });
    await expect(verifyCredential(jwt, trust, { revocations: RevocationSet.empty() })).resolves.toBeDefined();
  });

  it('when a JWS of another kind is offered, then it is never accepted as a credential', async () => {
    const key = await importJWK(issuerA.privateJwk, 'ES256');
    const jws = await new CompactSign(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'ES256', typ: 'mic-card+jwt', kid: issuerA.kid }).sign(key);
    await expect(verifyCredential(jws, trust)).rejects.toMatchObject({ code: 'ERR_CREDENTIAL_MALFORMED' });
  });
});
