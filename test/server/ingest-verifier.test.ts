import { randomBytes } from 'node:crypto';
import { generateKeyPair, importJWK, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import type { MicError } from '../../shared/errors.ts';
import { readEventHeader, verifyEvent } from '../../shared/events/event-jws.ts';
import type { EventPayload } from '../../shared/events/event-schema.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import { cardAffinity } from '../../server/verify/card-affinity.ts';
import { CredentialCache, type CachedCredential } from '../../server/verify/credential-cache.ts';
import type { VerifyRequest } from '../../server/verify/event-verifier.ts';
import { InProcessEventVerifier } from '../../server/verify/in-process-verifier.ts';
import { VerifierPool } from '../../server/verify/verifier-pool.ts';
import type { EventVerdict } from '../../server/verify/verdicts.ts';
import { KioskSigner, signRaw, tap, type TestCard } from './support/ingest-world.ts';
import { newKioskKey } from './support/kiosk-keys.ts';

const DAY = 86_400_000;

async function card(issuer: IssuerKeyFile, options: { now?: Date; validDays?: number } = {}): Promise<TestCard> {
  const applet = ReferenceApplet.blank(randomBytes(8));
  const transport = new MemoryTransport(applet);
  const member = { memberNumber: `M${randomBytes(3).toString('hex')}`, name: '测试', idh: 'A'.repeat(43) };
  const verified = await personaliseCard(transport, issuer, { member: member.memberNumber, name: member.name, idh: member.idh, validDays: options.validDays ?? 365, ...(options.now && { now: options.now }) });
  return { member: member as TestCard['member'], applet, transport, credential: verified.jwt, csn: verified.claims.csn };
}

describe('event verification on worker threads and on the main thread', () => {
  let request: VerifyRequest;
  let pool: VerifierPool;
  const meeting = uuidv7();

  beforeAll(async () => {
    const issuer = await generateIssuerKey('county-od');
    const rogue = await generateIssuerKey('rogue-od');
    const kiosk = new KioskSigner({ ...(await newKioskKey()), org: 'A1' });
    const other = new KioskSigner({ ...(await newKioskKey()), org: 'A1' });
    const good = await card(issuer);
    const expired = await card(issuer, { now: new Date(Date.now() - 400 * DAY), validDays: 365 });
    const forger = await generateKeyPair('EdDSA');
    const events = [
      await kiosk.checkin(good, meeting),
      await kiosk.checkin(good, meeting),
      await kiosk.checkin(expired, meeting),
      await kiosk.checkin(await card(rogue), meeting),
      await kiosk.checkin(good, meeting, { tappedFor: uuidv7() }),
      await kiosk.sign({ type: 'card.denied', reason: 'expired' }),
      await other.sign({ type: 'card.denied', reason: 'expired' }),
      await signRaw({ v: 1, id: uuidv7(), kiosk: kiosk.kid, seq: 99, at: new Date().toISOString(), org: 'A1', type: 'card.denied', reason: 'expired' }, forger.privateKey, kiosk.kid),
      await signRaw({ v: 1, seq: 100, hello: 'world' }, kiosk.kiosk.privateKey, kiosk.kid),
      'garbage',
    ];
    // A valid event with one byte of its payload changed after signing, and taps bent after the card signed.
    const signedValid = await kiosk.checkin(good, meeting);
    const [h, p, sig] = signedValid.split('.') as [string, string, string];
    const bent = JSON.parse(Buffer.from(p, 'base64url').toString()) as { card: { counter: number; nonce: string } };
    events.push(`${h}.${Buffer.from(JSON.stringify({ ...bent, member: 'X1' })).toString('base64url')}.${sig}`);
    events.push(await kiosk.sign({ ...(JSON.parse(Buffer.from(p, 'base64url').toString()) as { type: 'checkin'; meeting: string; member: string }), card: { ...bent.card, counter: bent.card.counter + 1 } } as never));
    events.push(await kiosk.sign({ type: 'meeting.open', meeting: uuidv7(), kind: 'group', title: '小组会' }));
    // Enough events that the pool splits the batch across its workers.
    for (let i = 0; i < 40; i++) events.push(await kiosk.checkin(good, meeting));
    const at = new Date().toISOString();
    const evidence = await tap(good, { purpose: 'transfer.accept', kioskKid: kiosk.kid, subjectId: 't-1', at });
    events.push(await kiosk.sign({ type: 'transfer.accept', transfer: 't-1', member: good.member.memberNumber, card: evidence, secretary: evidence }, { at }));
    request = { kiosk: { kid: kiosk.kid, jwk: kiosk.kiosk.publicJwk }, issuers: { version: issuer.kid, keys: [issuer.publicJwk] }, events };
    pool = new VerifierPool(2);
  });
  afterAll(() => pool.close());

  const summary = (verdict: EventVerdict) => (verdict.kind === 'refused' ? verdict.code : verdict.taps.map((tapVerdict) => (tapVerdict.ok ? 'ok' : tapVerdict.code)).join('+') || 'ok');

  it('reaches each verdict with its code, in request order', async () => {
    const verdicts = await new InProcessEventVerifier().verify(request);
    expect(verdicts.slice(0, 10).map(summary)).toEqual([
      'ok',
      'ok',
      'ERR_CREDENTIAL_EXPIRED',
      'ERR_ISSUER_UNKNOWN',
      'ERR_PRESENCE_SIGNATURE_INVALID',
      'ok',
      'ERR_EVENT_FOREIGN_KIOSK',
      'ERR_EVENT_SIGNATURE_INVALID',
      'ERR_EVENT_SCHEMA',
      'ERR_EVENT_MALFORMED',
    ]);
    expect(verdicts.at(-1) && summary(verdicts.at(-1)!)).toBe('ok+ok');
    expect(verdicts.slice(0, 10).map((verdict) => (verdict.kind === 'verified' ? verdict.payload.seq : null))).toEqual([1, 2, 3, 4, 5, 6, null, null, null, null]);
    // The card evidence does not travel back from the verifier: its verdict does.
    expect(verdicts[0]?.kind === 'verified' && 'card' in verdicts[0].payload).toBe(false);
    const refusedSeqs = verdicts.slice(6, 10).map((verdict) => (verdict.kind === 'refused' ? verdict.claimed.seq : 'verified'));
    expect(refusedSeqs).toEqual([1, 99, 100, null]);
  });

  it('gives the same verdicts on the worker pool, batch after batch, and replaces a worker that died', async () => {
    const expected = await new InProcessEventVerifier().verify(request);
    expect(await pool.verify(request)).toEqual(expected);
    expect(await pool.verify(request)).toEqual(expected);
    const threads = (pool as unknown as { threads: { terminate(): Promise<void> }[] }).threads;
    await threads[0]!.terminate();
    expect(await pool.verify(request)).toEqual(expected);
  });

  it('sends every event of one card to the same verification thread, and events without a card anywhere', () => {
    const byCard = new Map<string, Set<number | undefined>>();
    for (const jws of request.events.filter((event) => event.split('.').length === 3)) {
      const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { card?: { credential: string } };
      const key = payload.card?.credential ?? 'none';
      byCard.set(key, (byCard.get(key) ?? new Set()).add(cardAffinity(jws, 2)));
    }
    expect(byCard.get('none')).toEqual(new Set([undefined]));
    for (const [card, threads] of byCard) if (card !== 'none') expect(threads.size, card.slice(-8)).toBe(1);
    expect(cardAffinity('garbage', 2)).toBeUndefined();
  });

  it('uses a cached credential only inside its validity; near the edges the full verifier decides', () => {
    const cache = new CredentialCache(2);
    const entry = (jwt: string) => ({ credential: { jwt, issuerKid: 'k', claims: { iat: 1000, exp: 2000 } }, cardKey: {} }) as unknown as CachedCredential;
    const a = entry('a');
    cache.remember(a);
    expect(cache.validAt('a', new Date(1500_000))).toBe(a);
    expect(cache.validAt('a', new Date(999_000))).toBeUndefined();
    expect(cache.validAt('a', new Date(2000_000))).toBeUndefined();
    cache.remember(entry('b'));
    cache.validAt('a', new Date(1500_000));
    cache.remember(entry('c'));
    // 'b' was the least recently used.
    expect([cache.validAt('a', new Date(1500_000)), cache.validAt('b', new Date(1500_000)), cache.validAt('c', new Date(1500_000))].map(Boolean)).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it('reaches the same verdict on every event as the shared verifiers (verifyEvent, verifyCardEvidence) it stands in for', async () => {
    const trust = new IssuerTrust({ keys: request.issuers.keys });
    const kioskKey = (await importJWK(request.kiosk.jwk, 'EdDSA')) as CryptoKey;
    const reference = async (jws: string): Promise<string> => {
      let kid: string;
      try {
        ({ kid } = readEventHeader(jws));
      } catch (error) {
        return (error as MicError).code;
      }
      if (kid !== request.kiosk.kid) return 'ERR_EVENT_FOREIGN_KIOSK';
      let payload: EventPayload;
      try {
        payload = await verifyEvent(jws, kioskKey);
      } catch (error) {
        return (error as MicError).code;
      }
      const tapVerdict = async (evidence: unknown, subjectId: string): Promise<string> => {
        try {
          await verifyCardEvidence(evidence, { purpose: payload.type, kioskKid: payload.kiosk, subjectId, at: payload.at }, trust, { now: new Date(payload.at) });
          return 'ok';
        } catch (error) {
          return (error as MicError).code;
        }
      };
      if (payload.type === 'checkin') return tapVerdict(payload.card, payload.meeting);
      if (payload.type === 'transfer.accept') return `${await tapVerdict(payload.card, payload.transfer)}+${await tapVerdict(payload.secretary, payload.transfer)}`;
      return 'ok';
    };
    const expected = await Promise.all(request.events.map(reference));
    // Twice: the first pass fills the credential cache, the second runs every tap on the cached path.
    const verifier = new InProcessEventVerifier();
    for (let pass = 0; pass < 2; pass++) expect((await verifier.verify(request)).map(summary)).toEqual(expected);
  });
});
