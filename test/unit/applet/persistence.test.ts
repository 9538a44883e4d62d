import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../../card-firmware-spec/reference/applet.ts';
import { CardStateSchema } from '../../../card-firmware-spec/reference/card-state.ts';
import {
  CSN_HEX, READ_PUBLIC_KEY, SELECT, ascii, blankSelectedCard, bytes, craftedState, fciFields, internalAuthenticate,
  loadSelected, personalisedCard, presenceAnswer, publicPointFrom, readWholeCredential, send, signatureVerifies, swOf,
  toHex, updateBinary,
} from './fixtures.ts';

const csn = bytes(CSN_HEX);

describe('save and load', () => {
  it('when an active card is saved and loaded, it keeps its key, counter, credential and lifecycle', () => {
    const { card, publicKey, credential } = personalisedCard();
    for (let i = 0; i < 3; i++) send(card, internalAuthenticate(new Uint8Array(randomBytes(32))));
    const saved: unknown = JSON.parse(JSON.stringify(card.save()));
    const loaded = loadSelected(saved);

    expect(fciFields(send(loaded, SELECT))).toMatchObject({ C0: CSN_HEX.toUpperCase(), C2: '05', C3: '00000003', C5: '01' });
    expect(toHex(publicPointFrom(send(loaded, READ_PUBLIC_KEY)))).toBe(toHex(publicKey));
    expect(readWholeCredential(loaded)).toBe(credential);
    expect(toHex(send(loaded, updateBinary(0, ascii('x'))))).toBe('6985');

    const challenge = new Uint8Array(randomBytes(32));
    const { counter, signature } = presenceAnswer(send(loaded, internalAuthenticate(challenge)));
    expect(counter).toBe(4);
    expect(signatureVerifies(publicKey, csn, counter, challenge, signature)).toBe(true);
  });

  it('when a card in personalisation is saved half-written and loaded, writing continues at the end', () => {
    const card = blankSelectedCard();
    send(card, '00 47 80 00 00');
    expect(swOf(send(card, updateBinary(0, ascii('eyJhbGciOiJFUzI1NiJ9'))))).toBe('9000');
    const loaded = loadSelected(card.save());
    expect(fciFields(send(loaded, SELECT))).toMatchObject({ C2: '03', C4: '0014', C5: '01' });
    expect(swOf(send(loaded, updateBinary(20, ascii('.e30.c2ln'))))).toBe('9000');
    expect(readWholeCredential(loaded)).toBe('eyJhbGciOiJFUzI1NiJ9.e30.c2ln');
  });

  it('when a blank card is saved, the state has no key and loads back as blank', () => {
    const saved = ReferenceApplet.blank(csn).save();
    expect(saved).toEqual({ format: 'mic-reference-card/1', csn: CSN_HEX, lifecycle: 'personalisation', counter: 0, credential: '' });
    expect(toHex(send(loadSelected(saved), READ_PUBLIC_KEY))).toBe('6A88');
  });

  it('when a state is saved, it satisfies the state schema', () => {
    expect(CardStateSchema.safeParse(personalisedCard().card.save()).success).toBe(true);
  });

  it.each([
    ['an unknown format', { format: 'other/1' }],
    ['a short serial', { csn: '0123' }],
    ['an upper-case serial', { csn: '0123456789ABCDEF' }],
    ['a counter above 2^32 - 1', { counter: 0x1_0000_0000 }],
    ['a negative counter', { counter: -1 }],
    ['an unknown lifecycle', { lifecycle: 'terminated' }],
  ])('when a saved state has %s, load refuses it', (_name, change) => {
    const { state } = craftedState({ counter: 1 });
    expect(() => ReferenceApplet.load({ ...state, ...change })).toThrow();
  });

  it('when the serial array handed to blank() is changed afterwards, the card\'s serial does not change', () => {
    const serial = bytes(CSN_HEX);
    const card = ReferenceApplet.blank(serial);
    serial.fill(0xee);
    expect(fciFields(send(card, SELECT)).C0).toBe(CSN_HEX.toUpperCase());
    expect(card.save().csn).toBe(CSN_HEX);
  });
});

describe('saved states that no card could be in', () => {
  it('when a saved state is inconsistent, then load refuses it instead of running a broken card', () => {
    const blank = ReferenceApplet.blank(new Uint8Array(8).fill(3));
    blank.process(Uint8Array.from([0x00, 0xa4, 0x04, 0x00, 0x05, 0xf0, 0x4d, 0x49, 0x43, 0x01]));
    blank.process(Uint8Array.from([0x00, 0x47, 0x80, 0x00, 0x00]));
    const good = blank.save();
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const rsaKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(() => ReferenceApplet.load(good)).not.toThrow();
    expect(() => ReferenceApplet.load({ ...good, publicKey: undefined })).toThrow();
    expect(() => ReferenceApplet.load({ ...good, privateKey: otherKey })).toThrow(/does not belong/);
    expect(() => ReferenceApplet.load({ ...good, privateKey: rsaKey })).toThrow(/P-256/);
    expect(() => ReferenceApplet.load({ ...good, lifecycle: 'active' })).toThrow();
    expect(() => ReferenceApplet.load({ ...good, credential: 'a b' })).toThrow();
    expect(() => ReferenceApplet.load({ ...good, credential: 'a'.repeat(2049) })).toThrow();
  });
});
