import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../../card-firmware-spec/reference/applet.ts';
import {
  CSN_HEX, SELECT, bytes, counterHex, craftedState, fciFields, internalAuthenticate, loadSelected, personalisedCard,
  presenceAnswer, presenceMessage, send, signatureVerifies, swOf, tapChallenge, toHex,
} from './fixtures.ts';

const csn = bytes(CSN_HEX);
const challenge = (): Uint8Array => new Uint8Array(randomBytes(32));

describe('INTERNAL AUTHENTICATE: the signature', () => {
  it('when an active card is challenged, it answers counter ‖ r ‖ s (68 bytes) and 9000', () => {
    const { card } = personalisedCard();
    const response = send(card, internalAuthenticate(challenge()));
    expect(response).toHaveLength(68 + 2);
    expect(swOf(response)).toBe('9000');
    expect(toHex(response.subarray(0, 4))).toBe('00000001');
  });

  it('when the answer is checked with node:crypto over the 48-byte message, the ECDSA P-256 signature verifies', () => {
    const { card, publicKey } = personalisedCard();
    const sent = challenge();
    const { counter, signature } = presenceAnswer(send(card, internalAuthenticate(sent)));
    const message = presenceMessage(csn, counter, sent);
    expect(message).toHaveLength(48);
    expect(toHex(message.subarray(0, 16))).toBe(`4D494331${CSN_HEX.toUpperCase()}00000001`);
    expect(signatureVerifies(publicKey, csn, counter, sent, signature)).toBe(true);
  });

  it('when any signed field is changed (challenge, counter, serial), the signature no longer verifies', () => {
    const { card, publicKey } = personalisedCard();
    const sent = challenge();
    const { counter, signature } = presenceAnswer(send(card, internalAuthenticate(sent)));
    const otherChallenge = Uint8Array.from(sent, (byte, i) => (i === 31 ? byte ^ 0x01 : byte));
    expect(signatureVerifies(publicKey, csn, counter, otherChallenge, signature)).toBe(false);
    expect(signatureVerifies(publicKey, csn, counter + 1, sent, signature)).toBe(false);
    expect(signatureVerifies(publicKey, bytes('0123456789abcdee'), counter, sent, signature)).toBe(false);
  });

  it('when the challenge is built from the tap facts as DESIGN §3 says, the tap verifies for those facts only', () => {
    const { card, publicKey } = personalisedCard();
    const facts = {
      purpose: 'checkin',
      kioskKid: 'o0cLHBX4iyqI6GY3pqLY1t5hKDXQ8tOlrvsPYYqmJmU',
      subjectId: '0193b7a2-7c1e-7d3a-9f10-2c4e6a8b0d1f',
      at: '2025-03-01T09:30:00+08:00',
      nonce: 'AAECAwQFBgcICQoLDA0ODw',
    };
    const { counter, signature } = presenceAnswer(send(card, internalAuthenticate(tapChallenge(facts))));
    expect(signatureVerifies(publicKey, csn, counter, tapChallenge(facts), signature)).toBe(true);
    const replayedElsewhere = tapChallenge({ ...facts, subjectId: '0193b7a2-7c1e-7d3a-9f10-2c4e6a8b0d20' });
    expect(signatureVerifies(publicKey, csn, counter, replayedElsewhere, signature)).toBe(false);
  });

  it.each([['00', '00'], ['44 (exactly 68)', '44'], ['absent', undefined]])('when Le is %s, the card signs', (_name, le) => {
    const { card, publicKey } = personalisedCard();
    const sent = challenge();
    const { counter, signature } = presenceAnswer(send(card, internalAuthenticate(sent, le)));
    expect(signatureVerifies(publicKey, csn, counter, sent, signature)).toBe(true);
  });

  it.each(['01', '40', '43', '45', 'FF'])('when Le is %s, the card answers 6C44 and does not count or sign', (le) => {
    const { card } = personalisedCard();
    expect(toHex(send(card, internalAuthenticate(challenge(), le)))).toBe('6C44');
    expect(card.save().counter).toBe(0);
  });

  it.each([
    ['31 bytes', '00 88 00 00 1F' + '11'.repeat(31) + ' 00'],
    ['33 bytes', '00 88 00 00 21' + '11'.repeat(33) + ' 00'],
    ['1 byte', '00 88 00 00 01 11 00'],
    ['no data', '00 88 00 00 00'],
    ['no data and no Le', '00 88 00 00'],
  ])('when the challenge is %s instead of 32, the card answers 6700 and does not count', (_name, apdu) => {
    const { card } = personalisedCard();
    expect(toHex(send(card, apdu))).toBe('6700');
    expect(card.save().counter).toBe(0);
  });

  it.each([['P1 = 01', '01', '00'], ['P2 = 01', '00', '01'], ['P1 = 80', '80', '00']])(
    'when %s, the card answers 6A86 and does not count',
    (_name, p1, p2) => {
      const { card } = personalisedCard();
      expect(toHex(send(card, `00 88 ${p1} ${p2} 20 ${'22'.repeat(32)} 00`))).toBe('6A86');
      expect(card.save().counter).toBe(0);
    },
  );
});

describe('INTERNAL AUTHENTICATE: the counter', () => {
  it('when the card signs, it increments the counter before signing, so the first signature carries 1, not 0', () => {
    const { card, publicKey } = personalisedCard();
    expect(fciFields(send(card, SELECT)).C3).toBe('00000000');
    const sent = challenge();
    const { counter, signature } = presenceAnswer(send(card, internalAuthenticate(sent)));
    expect(counter).toBe(1);
    expect(signatureVerifies(publicKey, csn, 0, sent, signature)).toBe(false);
    expect(signatureVerifies(publicKey, csn, 1, sent, signature)).toBe(true);
    expect(fciFields(send(card, SELECT)).C3).toBe('00000001');
  });

  it('when the card signs repeatedly, each answer carries the next counter value and the FCI follows', () => {
    const { card } = personalisedCard();
    const counters = Array.from({ length: 5 }, () => presenceAnswer(send(card, internalAuthenticate(challenge()))).counter);
    expect(counters).toEqual([1, 2, 3, 4, 5]);
    expect(fciFields(send(card, SELECT)).C3).toBe('00000005');
  });

  it('when the card state is saved right after a signature, it already holds the counter that signature used', () => {
    const { card } = personalisedCard();
    const { counter } = presenceAnswer(send(card, internalAuthenticate(challenge())));
    expect(card.save().counter).toBe(counter);
  });

  it('when the counter is large, it is sent big-endian in the answer and in the signed message', () => {
    const { state, publicKey } = craftedState({ counter: 0x01020303 });
    const card = loadSelected(state);
    const sent = challenge();
    const response = send(card, internalAuthenticate(sent));
    expect(toHex(response.subarray(0, 4))).toBe('01020304');
    expect(signatureVerifies(publicKey, csn, 0x01020304, sent, presenceAnswer(response).signature)).toBe(true);
  });

  it('when the counter is at FFFFFFFE, the card signs once more with FFFFFFFF', () => {
    const { state, publicKey } = craftedState({ counter: 0xfffffffe });
    const card = loadSelected(state);
    const sent = challenge();
    const { counter, signature } = presenceAnswer(send(card, internalAuthenticate(sent)));
    expect(counterHex(counter)).toBe('FFFFFFFF');
    expect(signatureVerifies(publicKey, csn, 0xffffffff, sent, signature)).toBe(true);
  });

  it('when the counter is exhausted, the card refuses to sign forever (6983), across resets and reloads', () => {
    const { state } = craftedState({ counter: 0xfffffffe });
    let card = loadSelected(state);
    expect(swOf(send(card, internalAuthenticate(challenge())))).toBe('9000');
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(toHex(send(card, internalAuthenticate(challenge())))).toBe('6983');
      card.reset();
      expect(swOf(send(card, SELECT))).toBe('9000');
      expect(toHex(send(card, internalAuthenticate(challenge())))).toBe('6983');
      card = loadSelected(card.save());
    }
    expect(card.save().counter).toBe(0xffffffff);
    expect(fciFields(send(card, SELECT)).C3).toBe('FFFFFFFF');
  });

  it('when a card is loaded with its counter already at FFFFFFFF, the first challenge answers 6983', () => {
    const card = loadSelected(craftedState({ counter: 0xffffffff }).state);
    expect(toHex(send(card, internalAuthenticate(challenge())))).toBe('6983');
  });

  it('when several faults apply, the card reports P1P2, then length, then Le, then lifecycle, then the counter', () => {
    const exhausted = loadSelected(craftedState({ counter: 0xffffffff }).state);
    expect(toHex(send(exhausted, `00 88 01 00 01 00 01`))).toBe('6A86');
    expect(toHex(send(exhausted, `00 88 00 00 01 00 01`))).toBe('6700');
    expect(toHex(send(exhausted, internalAuthenticate(challenge(), '01')))).toBe('6C44');
    expect(toHex(send(exhausted, internalAuthenticate(challenge())))).toBe('6983');
    const notActive = loadSelected(craftedState({ counter: 0xffffffff, lifecycle: 'personalisation' }).state);
    expect(toHex(send(notActive, internalAuthenticate(challenge())))).toBe('6982');
  });

  it('when a card\'s state is copied into a second card, both sign different challenges under the same counter: proof of a clone', () => {
    const { card: original, publicKey } = personalisedCard();
    send(original, internalAuthenticate(challenge()));
    const clone = ReferenceApplet.load(original.save());
    send(clone, SELECT);
    const [first, second] = [challenge(), challenge()];
    const fromOriginal = presenceAnswer(send(original, internalAuthenticate(first)));
    const fromClone = presenceAnswer(send(clone, internalAuthenticate(second)));
    expect(fromClone.counter).toBe(fromOriginal.counter);
    expect(signatureVerifies(publicKey, csn, fromOriginal.counter, first, fromOriginal.signature)).toBe(true);
    expect(signatureVerifies(publicKey, csn, fromClone.counter, second, fromClone.signature)).toBe(true);
  });
});
