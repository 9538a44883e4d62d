import { describe, expect, it } from 'vitest';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { fromBase64url, fromHex } from '../../shared/bytes.ts';
import { presenceChallenge, presenceMessage } from '../../shared/card/challenge.ts';
import { CardClient } from '../../shared/card/client.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { provePresence, readCard } from '../../shared/card/tap.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { issueMemoryCard } from '../support/issued-card.ts';

const facts = { purpose: 'checkin', kioskKid: 'kiosk-kid', subjectId: 'meeting-1', at: '2026-11-26T21:00:00+08:00' };

describe('card client against the reference applet in memory', () => {
  it('when a blank card is personalised, then it is locked with a credential that names its serial and key', async () => {
    const { applet, credential, transport } = await issueMemoryCard();
    const state = applet.save();
    expect(state.lifecycle).toBe('active');
    expect(credential.claims.csn).toBe(state.csn);
    const read = await readCard(transport);
    expect(read.credential).toBe(credential.jwt);
    expect(read.info).toMatchObject({ serial: state.csn, lifecycle: 'active', counter: 0, hasKey: true, version: { major: 1, minor: 0 } });
    expect(read.info.credentialLength).toBe(credential.jwt.length);
  });

  it('when a card is tapped, then its presence proof verifies for exactly those facts and no others', async () => {
    const { transport, trust } = await issueMemoryCard();
    const tap = await provePresence(transport, facts);
    expect(tap.evidence.counter).toBe(1);
    const verified = await verifyCardEvidence(tap.evidence, facts, trust);
    expect(verified.counter).toBe(1);
    await expect(verifyCardEvidence(tap.evidence, { ...facts, subjectId: 'meeting-2' }, trust)).rejects.toMatchObject({
      code: 'ERR_PRESENCE_SIGNATURE_INVALID',
    });
    await expect(verifyCardEvidence(tap.evidence, { ...facts, at: '2026-11-26T21:00:01+08:00' }, trust)).rejects.toMatchObject({
      code: 'ERR_PRESENCE_SIGNATURE_INVALID',
    });
  });

  it('when the card signs, then Node crypto (not our helper) verifies it as standard ECDSA P-256', async () => {
    const { transport, credential } = await issueMemoryCard();
    const tap = await provePresence(transport, facts);
    const message = presenceMessage(fromHex(credential.claims.csn), tap.evidence.counter, await presenceChallenge(tap.facts));
    const key = createPublicKey({ key: credential.claims.cnf.jwk, format: 'jwk' });
    const signature = fromBase64url(tap.evidence.sig);
    expect(nodeVerify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    message[message.length - 1]! ^= 1;
    expect(nodeVerify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
  });

  it('when a card is tapped repeatedly, then the counter rises by one each time', async () => {
    const { transport } = await issueMemoryCard();
    const counters = [];
    for (let i = 0; i < 3; i++) counters.push((await provePresence(transport, facts)).evidence.counter);
    expect(counters).toEqual([1, 2, 3]);
  });

  it('when the card is lifted between reading and signing, then the tap fails with ERR_CARD_REMOVED', async () => {
    const { transport } = await issueMemoryCard();
    const read = await readCard(transport);
    transport.lift();
    await expect(provePresence(transport, facts, read)).rejects.toMatchObject({ code: 'ERR_CARD_REMOVED' });
  });

  it('when an issued card is offered for personalisation again, then it is refused as locked', async () => {
    const { transport, issuer } = await issueMemoryCard();
    const { personaliseCard } = await import('../../shared/issuance/personalise.ts');
    await expect(personaliseCard(transport, issuer, { member: '1', name: 'x', idh: 'a'.repeat(43), validDays: 1 })).rejects.toMatchObject({
      code: 'ERR_CARD_LOCKED',
    });
    await expect(new CardClient(transport).generateKey()).rejects.toMatchObject({ code: 'ERR_CARD_LOCKED', sw: 0x6985 });
  });

  it('when a blank card is tapped, then the client says it is not issued yet', async () => {
    const transport = new MemoryTransport(ReferenceApplet.blank(new Uint8Array(8).fill(1)));
    await expect(readCard(transport)).rejects.toMatchObject({ code: 'ERR_CARD_NOT_ACTIVE' });
    await expect(new CardClient(transport).authenticate(new Uint8Array(32))).rejects.toMatchObject({ code: 'ERR_CARD_NOT_ACTIVE' });
  });

  it('when another application answers, then SELECT fails with ERR_APPLET_NOT_FOUND', async () => {
    const other = { process: () => Uint8Array.of(0x6a, 0x82) };
    await expect(new CardClient(new MemoryTransport(other)).select()).rejects.toMatchObject({ code: 'ERR_APPLET_NOT_FOUND' });
  });

  it('when the card counter is exhausted, then the tap fails with ERR_CARD_COUNTER_EXHAUSTED', async () => {
    const { applet } = await issueMemoryCard();
    const worn = ReferenceApplet.load({ ...applet.save(), counter: 0xffffffff });
    await expect(provePresence(new MemoryTransport(worn), facts)).rejects.toMatchObject({ code: 'ERR_CARD_COUNTER_EXHAUSTED' });
  });
});
