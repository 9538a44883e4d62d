import { createPrivateKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { signCredential } from '../../shared/issuance/sign-credential.ts';
import { checkCredential } from '../../shared/verify/credential.ts';
import { CREDENTIAL_TYP } from '../../shared/verify/credential-claims.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { nodeCredentialSignature } from '../../server/verify/node-signatures.ts';

const cardKey = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' } as const;
const request = { member: '3301020001', name: '李娜', idh: 'A'.repeat(43), serial: '0102030405060708', cardKey, validDays: 30 };

const issuer = await generateIssuerKey('county-od');
const impostor = await generateIssuerKey('county-od');
const trust = new IssuerTrust({ keys: [issuer.publicJwk] });
const { jwt: valid, claims } = await signCredential(issuer, request);
const [header, payload, signature] = valid.split('.') as [string, string, string];

/** Signed by `signer` but naming the trusted issuer's kid, with extra header parameters jose would not sign. */
function signedBy(signer: IssuerKeyFile, extraHeader: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'ES256', typ: CREDENTIAL_TYP, kid: issuer.kid, ...extraHeader })}.${encode(claims)}`;
  const key = createPrivateKey({ key: signer.privateJwk, format: 'jwk' });
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

const verdict = (jwt: string, node: boolean): Promise<string> =>
  (node ? checkCredential(jwt, trust, {}, nodeCredentialSignature) : checkCredential(jwt, trust)).then(
    (checked) => `ok ${checked.claims.csn}`,
    (error: { code?: string }) => String(error.code),
  );

describe('the issuer signature checked with node:crypto on the server', () => {
  it.each([
    ['a credential as issued', valid],
    ['another key signing under the issuer kid', signedBy(impostor, {})],
    ['a payload changed after signing', `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'X1' })).toString('base64url')}.${signature}`],
    ['a signature one byte short', `${header}.${payload}.${Buffer.from(signature, 'base64url').subarray(1).toString('base64url')}`],
    ['a signature of the wrong base64url length', `${header}.${payload}.${signature}A`],
    ['a signature from another credential', `${header}.${payload}.${signedBy(issuer, { x: 1 }).split('.')[2]!}`],
    ['critical header extensions', signedBy(issuer, { crit: ['b64'], b64: true })],
    ['an unknown critical extension', signedBy(issuer, { crit: ['exp'], exp: 1 })],
    ['a header naming no critical extension in crit', signedBy(issuer, { crit: [] })],
    ['an ordinary header signed again by the issuer', signedBy(issuer, {})],
  ])('when the credential is %s, then the verdict is the shared verifier’s', async (_label, jwt) => {
    expect(await verdict(jwt, true)).toBe(await verdict(jwt, false));
  });

  it('when the credential is as issued, then it is accepted, and a forged one is refused with ERR_CREDENTIAL_SIGNATURE_INVALID', async () => {
    expect(await verdict(valid, true)).toBe(`ok ${claims.csn}`);
    expect(await verdict(signedBy(impostor, {}), true)).toBe('ERR_CREDENTIAL_SIGNATURE_INVALID');
  });
});
