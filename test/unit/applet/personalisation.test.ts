import { describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../../card-firmware-spec/reference/applet.ts';
import {
  CSN_HEX, GENERATE_KEY, LOCK, READ_PUBLIC_KEY, SELECT, ascii, blankSelectedCard, bytes, expectSw, fciFields,
  internalAuthenticate, personalisedCard, publicKeyObject, publicPointFrom, readBinary, readWholeCredential, send, swOf,
  toHex, updateBinary, writeCredential,
} from './fixtures.ts';

const JWS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';

describe('UPDATE BINARY (credential write)', () => {
  it('when chunks are appended at the end, the credential grows and reads back exactly', () => {
    const card = blankSelectedCard();
    expect(toHex(send(card, updateBinary(0, ascii('eyJhbGci'))))).toBe('9000');
    expect(toHex(send(card, updateBinary(8, ascii('OiJFUzI1NiJ9'))))).toBe('9000');
    expect(fciFields(send(card, SELECT)).C4).toBe('0014');
    expect(readWholeCredential(card)).toBe('eyJhbGciOiJFUzI1NiJ9');
  });

  it('when a write starts again at offset 0, the earlier credential is replaced, not overwritten in place', () => {
    const card = blankSelectedCard();
    writeCredential(card, 'a'.repeat(600));
    expect(toHex(send(card, updateBinary(0, ascii('short.jwt.here'))))).toBe('9000');
    expect(fciFields(send(card, SELECT)).C4).toBe('000E');
    expect(readWholeCredential(card)).toBe('short.jwt.here');
  });

  it('when every character of the JWS alphabet is written, the card accepts it', () => {
    const card = blankSelectedCard();
    expect(toHex(send(card, updateBinary(0, ascii(JWS_ALPHABET))))).toBe('9000');
    expect(readWholeCredential(card)).toBe(JWS_ALPHABET);
  });

  it.each([
    ['a space', ' '], ['"="', '='], ['"+"', '+'], ['"/"', '/'], ['"{"', '{'], ['a NUL byte', '\u0000'], ['byte FF', '\u00ff'],
    ['a newline', '\n'],
  ])('when the data holds %s (outside the JWS alphabet), the card answers 6A80 and keeps the credential', (_name, bad) => {
    const card = blankSelectedCard();
    writeCredential(card, 'abc');
    expect(toHex(send(card, updateBinary(3, ascii(`de${bad}f`))))).toBe('6A80');
    expect(readWholeCredential(card)).toBe('abc');
  });

  it.each([
    ['leaves a gap', 5], ['overlaps the end', 2], ['starts inside the credential', 1],
  ])('when the offset %s (neither 0 nor the end), the card answers 6B00 and keeps the credential', (_name, offset) => {
    const card = blankSelectedCard();
    writeCredential(card, 'abc');
    expect(toHex(send(card, updateBinary(offset, ascii('x'))))).toBe('6B00');
    expect(readWholeCredential(card)).toBe('abc');
  });

  it('when the credential reaches 2048 bytes exactly, the card accepts it, and one byte more answers 6A84', () => {
    const card = blankSelectedCard();
    expect(writeCredential(card, 'A'.repeat(2048)).every((sw) => sw === '9000')).toBe(true);
    expect(fciFields(send(card, SELECT)).C4).toBe('0800');
    expect(toHex(send(card, updateBinary(2048, ascii('B'))))).toBe('6A84');
    expect(fciFields(send(card, SELECT)).C4).toBe('0800');
  });

  it('when one chunk would carry the credential past 2048 bytes, the card answers 6A84 and writes none of it', () => {
    const card = blankSelectedCard();
    writeCredential(card, 'A'.repeat(2000));
    expect(toHex(send(card, updateBinary(2000, ascii('B'.repeat(49)))))).toBe('6A84');
    expect(readWholeCredential(card)).toBe('A'.repeat(2000));
  });

  it('when a write has several faults, the offset is judged first (6B00), then the alphabet (6A80), then the capacity (6A84)', () => {
    const card = blankSelectedCard();
    writeCredential(card, 'A'.repeat(2000));
    expect(toHex(send(card, updateBinary(1999, ascii('='.repeat(60)))))).toBe('6B00');
    expect(toHex(send(card, updateBinary(2000, ascii('='.repeat(60)))))).toBe('6A80');
    expect(toHex(send(card, updateBinary(2000, ascii('B'.repeat(60)))))).toBe('6A84');
  });

  it('when P1 = 81 (SFI 01), P2 is the offset of the write', () => {
    const card = blankSelectedCard();
    expect(toHex(send(card, '00 D6 81 00 03 61 62 63'))).toBe('9000');
    expect(toHex(send(card, '00 D6 81 03 02 64 65'))).toBe('9000');
    expect(readWholeCredential(card)).toBe('abcde');
  });

  it('when P1 names another short file, the card answers 6A82; when P1 b8 and b7/b6 are set, 6A86', () => {
    const card = blankSelectedCard();
    expect(toHex(send(card, '00 D6 82 00 01 61'))).toBe('6A82');
    expect(toHex(send(card, '00 D6 C1 00 01 61'))).toBe('6A86');
    expect(fciFields(send(card, SELECT)).C4).toBe('0000');
  });

  it.each([
    ['no data', '00 D6 00 00'],
    ['only an Le', '00 D6 00 00 00'],
    ['data and an Le', '00 D6 00 00 01 61 00'],
  ])('when UPDATE BINARY carries %s, the card answers 6700', (_name, apdu) => {
    const card = blankSelectedCard();
    expect(toHex(send(card, apdu))).toBe('6700');
    expect(fciFields(send(card, SELECT)).C4).toBe('0000');
  });
});

describe('GENERATE ASYMMETRIC KEY PAIR', () => {
  it('when a key is generated, the card answers 7F49 43 86 41 04 ‖ X ‖ Y with a point on P-256, and the FCI shows the key', () => {
    const card = blankSelectedCard();
    expect(fciFields(send(card, SELECT)).C5).toBe('00');
    const response = send(card, GENERATE_KEY);
    expect(toHex(response.subarray(0, 6))).toBe('7F4943864104');
    expect(response).toHaveLength(70 + 2);
    expect(swOf(response)).toBe('9000');
    const key = publicKeyObject(publicPointFrom(response));
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(fciFields(send(card, SELECT)).C5).toBe('01');
  });

  it('when a key is generated, it is a fresh one each time', () => {
    const card = blankSelectedCard();
    const first = publicPointFrom(send(card, GENERATE_KEY));
    const second = publicPointFrom(send(card, GENERATE_KEY));
    expect(toHex(second)).not.toBe(toHex(first));
    expect(toHex(publicPointFrom(send(card, READ_PUBLIC_KEY)))).toBe(toHex(second));
  });

  it('when a key is generated, any credential is erased (it bound the previous key)', () => {
    const { card } = personalisedCard({ lock: false });
    expect(fciFields(send(card, SELECT)).C4).not.toBe('0000');
    expect(swOf(send(card, GENERATE_KEY))).toBe('9000');
    expect(fciFields(send(card, SELECT)).C4).toBe('0000');
    expect(toHex(send(card, readBinary(0)))).toBe('6A82');
  });

  it('when the public key is read with P1 = 81, the card returns the key it generated, without changing anything', () => {
    const { card, publicKey } = personalisedCard();
    const before = card.save();
    expect(toHex(publicPointFrom(send(card, READ_PUBLIC_KEY)))).toBe(toHex(publicKey));
    expect(card.save()).toEqual(before);
  });

  it('when the public key is read before any key exists, the card answers 6A88', () => {
    expect(toHex(send(blankSelectedCard(), READ_PUBLIC_KEY))).toBe('6A88');
  });

  it('when Le is absent, the public key template is still returned', () => {
    const card = blankSelectedCard();
    expect(publicPointFrom(send(card, '00 47 80 00'))).toHaveLength(65);
    expect(publicPointFrom(send(card, '00 47 81 00'))).toHaveLength(65);
  });

  it('when GENERATE has a wrong Le, the card answers 6C46 and neither replaces the key nor erases the credential', () => {
    const { card, publicKey, credential } = personalisedCard({ lock: false });
    const before = card.save();
    expect(toHex(send(card, '00 47 80 00 10'))).toBe('6C46');
    expect(card.save()).toEqual(before);
    expect(toHex(publicPointFrom(send(card, READ_PUBLIC_KEY)))).toBe(toHex(publicKey));
    expect(readWholeCredential(card)).toBe(credential);
    expect(swOf(send(card, '00 47 80 00 46'))).toBe('9000');
  });

  it('when reading the public key with a wrong Le, the card answers 6C46, and Le = 46 returns it', () => {
    const { card, publicKey } = personalisedCard();
    expect(toHex(send(card, '00 47 81 00 45'))).toBe('6C46');
    expect(toHex(publicPointFrom(send(card, '00 47 81 00 46')))).toBe(toHex(publicKey));
  });

  it.each([
    ['P1 = 00', '00 47 00 00 00'], ['P1 = 82', '00 47 82 00 00'], ['P1 = 01', '00 47 01 00 00'],
    ['P2 = 01', '00 47 80 01 00'], ['P2 = FF on a read', '00 47 81 FF 00'],
  ])('when GENERATE has %s, the card answers 6A86 and generates nothing', (_name, apdu) => {
    const card = blankSelectedCard();
    expect(toHex(send(card, apdu))).toBe('6A86');
    expect(fciFields(send(card, SELECT)).C5).toBe('00');
  });

  it.each([
    ['a control reference template', '00 47 80 00 03 B6 01 00 00'],
    ['data and no Le', '00 47 80 00 01 00'],
  ])('when GENERATE carries %s, the card answers 6700', (_name, apdu) => {
    const card = blankSelectedCard();
    expect(toHex(send(card, apdu))).toBe('6700');
    expect(fciFields(send(card, SELECT)).C5).toBe('00');
  });
});

describe('ACTIVATE FILE (lock)', () => {
  it('when the card holds a key and a credential, ACTIVATE moves it from personalisation (03) to active (05)', () => {
    const { card } = personalisedCard({ lock: false });
    expect(fciFields(send(card, SELECT)).C2).toBe('03');
    expect(toHex(send(card, LOCK))).toBe('9000');
    expect(fciFields(send(card, SELECT)).C2).toBe('05');
  });

  it('when the card has neither key nor credential, ACTIVATE answers 6985', () => {
    const card = blankSelectedCard();
    expect(toHex(send(card, LOCK))).toBe('6985');
    expect(fciFields(send(card, SELECT)).C2).toBe('03');
  });

  it('when the card has a key but no credential, ACTIVATE answers 6985', () => {
    const card = blankSelectedCard();
    send(card, GENERATE_KEY);
    expect(toHex(send(card, LOCK))).toBe('6985');
  });

  it('when the card has a credential but no key, ACTIVATE answers 6985', () => {
    const card = blankSelectedCard();
    writeCredential(card, 'a.b.c');
    expect(toHex(send(card, LOCK))).toBe('6985');
  });

  it('when the card is already active, ACTIVATE answers 6985', () => {
    const { card } = personalisedCard();
    expect(toHex(send(card, LOCK))).toBe('6985');
  });

  it.each([['P1 = 01', '00 44 01 00'], ['P2 = 01', '00 44 00 01']])('when ACTIVATE has %s, the card answers 6A86', (_name, apdu) => {
    const { card } = personalisedCard({ lock: false });
    expect(toHex(send(card, apdu))).toBe('6A86');
    expect(fciFields(send(card, SELECT)).C2).toBe('03');
  });

  it.each([
    ['an Le', '00 44 00 00 00'], ['data', '00 44 00 00 02 3F 00'], ['data and an Le', '00 44 00 00 01 01 00'],
  ])('when ACTIVATE carries %s, the card answers 6700', (_name, apdu) => {
    const { card } = personalisedCard({ lock: false });
    expect(toHex(send(card, apdu))).toBe('6700');
    expect(fciFields(send(card, SELECT)).C2).toBe('03');
  });
});

describe('lifecycle', () => {
  it('when the personalisation sequence of SPEC.md runs, every step answers 9000 and the card ends active', () => {
    const card = ReferenceApplet.blank(bytes(CSN_HEX));
    expectSw(send(card, SELECT), '9000');
    const point = publicPointFrom(send(card, GENERATE_KEY));
    expect(toHex(publicPointFrom(send(card, READ_PUBLIC_KEY)))).toBe(toHex(point));
    expect(writeCredential(card, 'eyJ0eXAiOiJtaWMtY2FyZCtqd3QifQ.e30.c2ln')).toEqual(['9000']);
    expect(readWholeCredential(card)).toBe('eyJ0eXAiOiJtaWMtY2FyZCtqd3QifQ.e30.c2ln');
    expect(toHex(send(card, LOCK))).toBe('9000');
    expect(fciFields(send(card, SELECT))).toMatchObject({ C2: '05', C3: '00000000', C4: '0027', C5: '01' });
  });

  it('when the card is locked, every personalisation command answers 6985 and changes nothing', () => {
    const { card } = personalisedCard();
    const before = card.save();
    expect(toHex(send(card, GENERATE_KEY))).toBe('6985');
    expect(toHex(send(card, updateBinary(0, ascii('evil.jwt.x'))))).toBe('6985');
    expect(toHex(send(card, updateBinary(before.credential.length, ascii('x'))))).toBe('6985');
    expect(toHex(send(card, LOCK))).toBe('6985');
    expect(card.save()).toEqual(before);
  });

  it('when the card is locked, SELECT, READ BINARY, reading the public key and INTERNAL AUTHENTICATE still work', () => {
    const { card, credential } = personalisedCard();
    expect(swOf(send(card, SELECT))).toBe('9000');
    expect(readWholeCredential(card)).toBe(credential);
    expect(swOf(send(card, READ_PUBLIC_KEY))).toBe('9000');
    expect(swOf(send(card, internalAuthenticate(new Uint8Array(32))))).toBe('9000');
  });

  it('when the card is still in personalisation, INTERNAL AUTHENTICATE answers 6982 and the counter does not move', () => {
    const { card } = personalisedCard({ lock: false });
    expect(toHex(send(card, internalAuthenticate(new Uint8Array(32))))).toBe('6982');
    expect(card.save().counter).toBe(0);
    expect(fciFields(send(card, SELECT)).C3).toBe('00000000');
  });

  it('when a blank card is asked to sign, it answers 6982', () => {
    expect(toHex(send(blankSelectedCard(), internalAuthenticate(new Uint8Array(32))))).toBe('6982');
  });

  it('when a locked card gets an UPDATE BINARY with several faults, length and P1 come before the lock, the lock before offset and data', () => {
    const { card } = personalisedCard();
    expect(toHex(send(card, '00 D6 00 00'))).toBe('6700');
    expect(toHex(send(card, '00 D6 C1 00 01 61'))).toBe('6A86');
    expect(toHex(send(card, '00 D6 82 00 01 61'))).toBe('6A82');
    expect(toHex(send(card, updateBinary(3, ascii('='))))).toBe('6985');
    expect(toHex(send(card, updateBinary(0, ascii('x'.repeat(255)))))).toBe('6985');
  });
});
