import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { IssuerJwksSchema } from '../../shared/verify/jwk.ts';
import { verifyRevocationList } from '../../shared/verify/revocation.ts';
import { CardSchema, ReplaceCardResultSchema, RevocationsSchema } from '../../server/schemas/cards.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { ServerPublicKeySchema } from '../../server/schemas/kiosks.ts';
import { createMember, createTree, credentialFor, randomSerial, registeredIssuer, type TestMember } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * The JWT with one bit of its signature flipped. In the first byte: a change to the last base64url characters
 * can fall in the padding bits, which decoders ignore, and leave the signature valid (1 run in 256).
 */
function withBadSignature(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

describe('issuers', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('registers an issuer public key and serves all of them as a public JWKS', async () => {
    const issuer = await generateIssuerKey('county-od');
    expect((await t.call('POST', '/api/v1/issuers', { token: admin, json: issuer.publicJwk })).status).toBe(201);
    const jwks = expectOk(await t.call('GET', '/api/v1/issuers'), 200, IssuerJwksSchema);
    expect(jwks.keys).toEqual([issuer.publicJwk]);
  });

  it('refuses a key registered twice, a kid that is not the thumbprint, and a private key', async () => {
    const issuer = await generateIssuerKey('other-od');
    expect((await t.call('POST', '/api/v1/issuers', { token: admin, json: issuer.publicJwk })).status).toBe(201);
    expectError(await t.call('POST', '/api/v1/issuers', { token: admin, json: issuer.publicJwk }), 409, 'ERR_ISSUER_ALREADY_REGISTERED');
    const another = await generateIssuerKey('third-od');
    expectError(await t.call('POST', '/api/v1/issuers', { token: admin, json: { ...another.publicJwk, kid: issuer.kid } }), 422, 'ERR_ISSUER_KID_MISMATCH');
    expectError(await t.call('POST', '/api/v1/issuers', { token: admin, json: { ...another.publicJwk, d: another.privateJwk.d } }), 400, 'ERR_VALIDATION');
  });
});

describe('cards', () => {
  let t: TestServer;
  let admin: string;
  let issuer: IssuerKeyFile;
  let member: TestMember;

  const register = async (credential: string) => t.call('POST', '/api/v1/cards', { token: admin, json: { credential } });
  const revocations = async () => {
    const { jws, seq } = expectOk(await t.call('GET', '/api/v1/revocations'), 200, RevocationsSchema);
    const serverKey = ServerPublicKeySchema.parse(expectOk(await t.call('GET', '/api/v1/server-key'), 200, ServerPublicKeySchema));
    const set = await verifyRevocationList(jws, await importJWK({ kty: serverKey.kty, crv: serverKey.crv, x: serverKey.x }, 'EdDSA'));
    return { seq, set };
  };

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
    issuer = await registeredIssuer(t);
    member = await createMember(t, 'A1', { name: '张伟' });
  });
  afterAll(() => t.close());

  it('registers a card from a credential the issuer signed, as active, counter 0', async () => {
    const { jwt, serial } = await credentialFor(issuer, member);
    const card = expectOk(await register(jwt), 201, CardSchema);
    expect(card).toMatchObject({ csn: serial, member: member.memberNumber, iss: 'county-od', issuerKid: issuer.kid, status: 'active', highestCounter: 0, replacedBy: null });
    const fetched = expectOk(await t.call('GET', `/api/v1/members/${member.memberNumber}`, { token: admin }), 200, MemberSchema);
    expect(fetched.cards.map((c) => c.csn)).toEqual([serial]);
    expectError(await register(jwt), 409, 'ERR_CARD_ALREADY_REGISTERED');
  });

  it('refuses a second active card for the same member', async () => {
    const { jwt } = await credentialFor(issuer, member);
    expectError(await register(jwt), 409, 'ERR_MEMBER_HAS_ACTIVE_CARD');
  });

  it('refuses credentials from an unknown issuer, with a bad signature, expired, or for someone else', async () => {
    const other = await createMember(t, 'A2');
    const stranger = await generateIssuerKey('county-od');
    expectError(await register((await credentialFor(stranger, other)).jwt), 422, 'ERR_ISSUER_UNKNOWN');

    expectError(await register(withBadSignature((await credentialFor(issuer, other)).jwt)), 422, 'ERR_CREDENTIAL_SIGNATURE_INVALID');

    const longAgo = new Date(t.clock.now().getTime() - 400 * 86_400_000);
    expectError(await register((await credentialFor(issuer, other, { now: longAgo, validDays: 365 })).jwt), 422, 'ERR_CREDENTIAL_EXPIRED');

    expectError(await register((await credentialFor(issuer, { ...other, memberNumber: 'UNKNOWN1' })).jwt), 422, 'ERR_CARD_MEMBER_UNKNOWN');
    expectError(await register((await credentialFor(issuer, { ...other, idh: member.idh })).jwt), 422, 'ERR_CARD_IDH_MISMATCH');
    expectError(await register('not.a.jwt'), 422, 'ERR_CREDENTIAL_MALFORMED');
  });

  it('revokes a lost card onto a signed list whose seq grows, and refuses to revoke it again', async () => {
    const owner = await createMember(t, 'A2');
    const { jwt, serial } = await credentialFor(issuer, owner);
    expectOk(await register(jwt), 201, CardSchema);
    const before = await revocations();
    expect(before.set.lookup(serial)).toBeUndefined();

    const revoked = expectOk(await t.call('POST', `/api/v1/cards/${serial}/revoke`, { token: admin, json: { reason: 'lost' } }), 200, CardSchema);
    expect(revoked.status).toBe('lost');
    const after = await revocations();
    expect(after.seq).toBe(before.seq + 1);
    expect(after.set.lookup(serial)).toMatchObject({ csn: serial, reason: 'lost' });

    expectError(await t.call('POST', `/api/v1/cards/${serial}/revoke`, { token: admin, json: { reason: 'revoked' } }), 409, 'ERR_CARD_NOT_ACTIVE');
    expectError(await t.call('POST', `/api/v1/cards/${randomSerial()}/revoke`, { token: admin, json: { reason: 'lost' } }), 404, 'ERR_CARD_NOT_FOUND');
    expectError(await t.call('POST', `/api/v1/cards/${serial}/revoke`, { token: admin, json: { reason: 'stolen' } }), 400, 'ERR_VALIDATION');
    // a revoked card's credential cannot be registered again
    expectError(await register(jwt), 422, 'ERR_CARD_REVOKED');
    // after a loss the member gets a new card the ordinary way
    expectOk(await register((await credentialFor(issuer, owner)).jwt), 201, CardSchema);
  });

  it('refuses a card for a member recorded as left, saying how a mistaken record is corrected; once corrected, the card registers', async () => {
    const leaver = await createMember(t, 'A2', { since: '2024-01-02' });
    expectOk(await t.call('POST', `/api/v1/members/${leaver.memberNumber}/status`, { token: admin, json: { status: 'left', on: t.today(), reason: '迁出' } }), 200, MemberSchema);
    const { jwt, serial } = await credentialFor(issuer, leaver);
    const refused = await register(jwt);
    expectError(refused, 409, 'ERR_MEMBER_STATUS_FINAL');
    expect(refused.text).toContain('status/correction');
    expectError(await t.call('GET', `/api/v1/cards/${serial}`, { token: admin }), 404, 'ERR_CARD_NOT_FOUND');

    expect((await t.call('POST', `/api/v1/members/${leaver.memberNumber}/status/correction`, { token: admin, json: { reason: '登记错了人' } })).status).toBe(200);
    expect(expectOk(await register(jwt), 201, CardSchema).status).toBe('active');
  });

  it('replaces an active card in one step: old becomes replaced and is revoked, new is active', async () => {
    const owner = await createMember(t, 'B1');
    const old = await credentialFor(issuer, owner);
    expectOk(await register(old.jwt), 201, CardSchema);
    const next = await credentialFor(issuer, owner);
    const someoneElse = await credentialFor(issuer, member);
    expectError(await t.call('POST', `/api/v1/cards/${old.serial}/replace`, { token: admin, json: { credential: someoneElse.jwt } }), 422, 'ERR_CARD_REPLACEMENT_MEMBER_MISMATCH');

    const result = expectOk(await t.call('POST', `/api/v1/cards/${old.serial}/replace`, { token: admin, json: { credential: next.jwt } }), 201, ReplaceCardResultSchema);
    expect(result.replaced).toMatchObject({ csn: old.serial, status: 'replaced', replacedBy: next.serial });
    expect(result.card).toMatchObject({ csn: next.serial, status: 'active' });
    expect((await revocations()).set.lookup(old.serial)?.reason).toBe('replaced');
    expectError(await t.call('POST', `/api/v1/cards/${old.serial}/replace`, { token: admin, json: { credential: (await credentialFor(issuer, owner)).jwt } }), 409, 'ERR_CARD_NOT_ACTIVE');
    expect(expectOk(await t.call('GET', `/api/v1/cards/${next.serial}`, { token: admin }), 200, CardSchema).status).toBe('active');
  });

  it('refuses to replace an unknown card (404) or with a credential that does not verify (422), and changes nothing', async () => {
    const owner = await createMember(t, 'A2');
    const old = await credentialFor(issuer, owner);
    expectOk(await register(old.jwt), 201, CardSchema);
    const replace = (csn: string, credential: string) => t.call('POST', `/api/v1/cards/${csn}/replace`, { token: admin, json: { credential } });
    const before = await revocations();

    const unknown = randomSerial();
    const fresh = await credentialFor(issuer, owner);
    expectError(await replace(unknown, fresh.jwt), 404, 'ERR_CARD_NOT_FOUND');
    expectError(await replace(old.serial, withBadSignature(fresh.jwt)), 422, 'ERR_CREDENTIAL_SIGNATURE_INVALID');
    expectError(await replace(old.serial, 'not.a.jwt'), 422, 'ERR_CREDENTIAL_MALFORMED');
    expectError(await replace(old.serial, (await credentialFor(await generateIssuerKey('county-od'), owner)).jwt), 422, 'ERR_ISSUER_UNKNOWN');
    expectError(await t.call('POST', `/api/v1/cards/${old.serial}/replace`, { token: admin, json: {} }), 400, 'ERR_VALIDATION');

    expect(expectOk(await t.call('GET', `/api/v1/cards/${old.serial}`, { token: admin }), 200, CardSchema)).toMatchObject({ status: 'active', replacedBy: null });
    expectError(await t.call('GET', `/api/v1/cards/${fresh.serial}`, { token: admin }), 404, 'ERR_CARD_NOT_FOUND');
    expectError(await t.call('GET', `/api/v1/cards/${unknown}`, { token: admin }), 404, 'ERR_CARD_NOT_FOUND');
    expect((await revocations()).seq).toBe(before.seq);
    // The refused credential was never registered, so it still replaces the card.
    expect(expectOk(await replace(old.serial, fresh.jwt), 201, ReplaceCardResultSchema).card.csn).toBe(fresh.serial);
  });

  it('signs the same list with the same bytes until it changes', async () => {
    const first = await t.call('GET', '/api/v1/revocations');
    const second = await t.call('GET', '/api/v1/revocations');
    expect(first.text).toBe(second.text);
  });
});
