import { describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { fromBase64url } from '../../shared/bytes.ts';
import { presenceChallenge } from '../../shared/card/challenge.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { provePresence } from '../../shared/card/tap.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { checkClone } from '../../shared/verify/clone.ts';
import { verifyPresence, type PresenceProof } from '../../shared/verify/presence.ts';
import { issueMemoryCard } from '../support/issued-card.ts';

const facts = { purpose: 'checkin', kioskKid: 'k1', subjectId: 'm1', at: '2026-11-26T09:00:00+08:00' };

async function proofOf(transport: MemoryTransport, subjectId = facts.subjectId): Promise<PresenceProof> {
  const tap = await provePresence(transport, { ...facts, subjectId });
  return { counter: tap.evidence.counter, signature: fromBase64url(tap.evidence.sig), challenge: await presenceChallenge(tap.facts) };
}

describe('presence verification', () => {
  it('when another card signs the challenge, then ERR_PRESENCE_SIGNATURE_INVALID', async () => {
    const a = await issueMemoryCard();
    const b = await issueMemoryCard({ issuer: a.issuer });
    const proof = await proofOf(b.transport);
    await expect(verifyPresence(a.credential, proof)).rejects.toMatchObject({ code: 'ERR_PRESENCE_SIGNATURE_INVALID' });
  });

  it('when the counter is replaced in the evidence, then the signature no longer verifies', async () => {
    const card = await issueMemoryCard();
    const tap = await provePresence(card.transport, facts);
    await expect(verifyCardEvidence({ ...tap.evidence, counter: 2 }, facts, card.trust)).rejects.toMatchObject({
      code: 'ERR_PRESENCE_SIGNATURE_INVALID',
    });
  });

  it.each([
    ['a zero counter', { counter: 0 }],
    ['a short signature', { sig: 'AAAA' }],
    ['an extra member', { extra: 1 }],
    ['a missing nonce', { nonce: undefined }],
  ])('when the evidence has %s, then ERR_PRESENCE_MALFORMED', async (_label, change) => {
    const card = await issueMemoryCard();
    const tap = await provePresence(card.transport, facts);
    await expect(verifyCardEvidence({ ...tap.evidence, ...change }, facts, card.trust)).rejects.toMatchObject({ code: 'ERR_PRESENCE_MALFORMED' });
  });

  it('when a tap fact contains a newline, then the challenge is refused rather than made ambiguous', async () => {
    await expect(presenceChallenge({ ...facts, nonce: 'n', subjectId: 'a\nb' })).rejects.toMatchObject({ code: 'ERR_PRESENCE_MALFORMED' });
  });
});

describe('clone detection', () => {
  it('when two cards hold one key and sign the same counter for different taps, then the pair proves a clone', async () => {
    const card = await issueMemoryCard();
    const copy = new MemoryTransport(ReferenceApplet.load(card.applet.save()));
    const genuine = await proofOf(card.transport, 'meeting-a');
    const cloned = await proofOf(copy, 'meeting-b');
    expect(genuine.counter).toBe(cloned.counter);
    expect(await checkClone(card.credential, genuine, cloned)).toBe('cloned');
  });

  it('when the same tap is seen twice, then it is a replay, not a clone', async () => {
    const card = await issueMemoryCard();
    const proof = await proofOf(card.transport);
    expect(await checkClone(card.credential, proof, { ...proof })).toBe('same-tap');
  });

  it('when two taps have different counters, then nothing is concluded', async () => {
    const card = await issueMemoryCard();
    expect(await checkClone(card.credential, await proofOf(card.transport), await proofOf(card.transport))).toBe('distinct');
  });

  it('when one of the pair is forged, then it is rejected instead of accusing the card', async () => {
    const card = await issueMemoryCard();
    const proof = await proofOf(card.transport);
    const forged = { ...proof, challenge: new Uint8Array(32) };
    await expect(checkClone(card.credential, proof, forged)).rejects.toMatchObject({ code: 'ERR_PRESENCE_SIGNATURE_INVALID' });
  });
});
