import { describe, expect, it } from 'vitest';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { signRevocationList, verifyRevocationList, type RevocationList } from '../../shared/verify/revocation.ts';

const server = await generateKeyPair('EdDSA', { extractable: true });
const stranger = await generateKeyPair('EdDSA', { extractable: true });
const list: RevocationList = { iss: 'member-card', seq: 3, iat: 1_764_000_000, entries: [{ csn: 'a1a2a3a4a5a6a7a8', reason: 'revoked', at: '2026-11-20T08:00:00Z' }] };

describe('revocation list', () => {
  it('when the server signs a list, then a kiosk holding its public key reads the entries', async () => {
    const jws = await signRevocationList(list, server.privateKey, 'server-1');
    const set = await verifyRevocationList(jws, await exportJWK(server.publicKey));
    expect(set.lookup('a1a2a3a4a5a6a7a8')).toMatchObject({ reason: 'revoked' });
    expect(set.lookup('0000000000000000')).toBeUndefined();
    expect(set.list.seq).toBe(3);
  });

  it('when the list is signed by another key, then ERR_REVOCATION_LIST_INVALID', async () => {
    const jws = await signRevocationList(list, stranger.privateKey, 'server-1');
    await expect(verifyRevocationList(jws, server.publicKey)).rejects.toMatchObject({ code: 'ERR_REVOCATION_LIST_INVALID' });
  });

  it('when the JWS has another typ or a bad payload, then ERR_REVOCATION_LIST_INVALID', async () => {
    const wrongTyp = await new CompactSign(new TextEncoder().encode(JSON.stringify(list))).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).sign(server.privateKey);
    await expect(verifyRevocationList(wrongTyp, server.publicKey)).rejects.toMatchObject({ code: 'ERR_REVOCATION_LIST_INVALID' });
    const badPayload = await new CompactSign(new TextEncoder().encode('{"seq":"x"}')).setProtectedHeader({ alg: 'EdDSA', typ: 'mic-revocations+jws' }).sign(server.privateKey);
    await expect(verifyRevocationList(badPayload, server.publicKey)).rejects.toMatchObject({ code: 'ERR_REVOCATION_LIST_INVALID' });
    await expect(verifyRevocationList('garbage', server.publicKey)).rejects.toMatchObject({ code: 'ERR_REVOCATION_LIST_INVALID' });
  });

  it('judges a tap at its time as the server does: out of use from the instant of the revocation on, good before it', async () => {
    const set = await verifyRevocationList(await signRevocationList(list, server.privateKey, 'server-1'), server.publicKey);
    expect(set.revokedAt('a1a2a3a4a5a6a7a8', new Date('2026-11-20T07:59:59.999Z'))).toBeUndefined();
    // The same instant counts as revoked, and so does a tap written in another offset at a later instant.
    expect(set.revokedAt('a1a2a3a4a5a6a7a8', new Date('2026-11-20T08:00:00Z'))).toMatchObject({ reason: 'revoked' });
    expect(set.revokedAt('a1a2a3a4a5a6a7a8', new Date('2026-11-20T16:30:00+08:00'))).toMatchObject({ reason: 'revoked' });
    expect(set.revokedAt('0000000000000000', new Date('2030-01-01T00:00:00Z'))).toBeUndefined();
  });
});
