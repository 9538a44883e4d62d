import { describe, expect, it } from 'vitest';
import {
  ascii, blankSelectedCard, dataOf, personalisedCard, readBinary, readWholeCredential, send, swOf, toHex, updateBinary,
} from './fixtures.ts';

const text = (response: Uint8Array): string => Buffer.from(dataOf(response)).toString('latin1');

describe('READ BINARY of the credential', () => {
  it('when the credential is read with Le = 00 from offset 0 onwards, the chunks (at most 255 bytes) rebuild it exactly', () => {
    const { card, credential } = personalisedCard();
    expect(credential.length).toBeGreaterThan(2 * 255);
    const first = send(card, readBinary(0));
    expect(swOf(first)).toBe('9000');
    expect(dataOf(first)).toHaveLength(255);
    expect(readWholeCredential(card)).toBe(credential);
  });

  it('when Le = 00 and fewer than 255 bytes remain, the card returns just the remaining bytes', () => {
    const { card, credential } = personalisedCard();
    const offset = credential.length - 10;
    const response = send(card, readBinary(offset));
    expect(swOf(response)).toBe('9000');
    expect(text(response)).toBe(credential.slice(offset));
  });

  it('when Le = n and at least n bytes remain, the card returns exactly n bytes', () => {
    const { card, credential } = personalisedCard();
    for (const [offset, le] of [[0, 1], [0, 255], [300, 17], [credential.length - 5, 5]] as const) {
      const response = send(card, readBinary(offset, le));
      expect(swOf(response)).toBe('9000');
      expect(text(response)).toBe(credential.slice(offset, offset + le));
    }
  });

  it('when Le is larger than what remains, the card answers 6Cxx with xx the bytes remaining, and that Le then works', () => {
    const { card, credential } = personalisedCard();
    const offset = credential.length - 10;
    expect(toHex(send(card, readBinary(offset, 20)))).toBe('6C0A');
    expect(toHex(send(card, readBinary(offset, 0xff)))).toBe('6C0A');
    const response = send(card, readBinary(offset, 0x0a));
    expect(swOf(response)).toBe('9000');
    expect(text(response)).toBe(credential.slice(offset));
  });

  it('when the last byte alone remains and Le asks for two, the card answers 6C01', () => {
    const { card, credential } = personalisedCard();
    expect(toHex(send(card, readBinary(credential.length - 1, 2)))).toBe('6C01');
  });

  it('when Le is absent, the card answers as for Le = 00 (up to 255 bytes)', () => {
    const { card, credential } = personalisedCard();
    const response = send(card, '00 B0 00 00');
    expect(swOf(response)).toBe('9000');
    expect(text(response)).toBe(credential.slice(0, 255));
  });

  it('when P1 = 81 (SFI 01), P2 is the offset', () => {
    const { card, credential } = personalisedCard();
    const response = send(card, '00 B0 81 10 05');
    expect(swOf(response)).toBe('9000');
    expect(text(response)).toBe(credential.slice(0x10, 0x15));
    expect(text(send(card, '00 B0 81 FF 01'))).toBe(credential.slice(0xff, 0x100));
  });

  it('when a 15-bit offset is beyond 255, P1 carries its high byte', () => {
    const { card, credential } = personalisedCard();
    expect(text(send(card, '00 B0 01 2C 08'))).toBe(credential.slice(0x12c, 0x134));
  });

  it.each(['80', '82', '9F', '9E'])('when P1 = %s names a short file other than 01, the card answers 6A82', (p1) => {
    const { card } = personalisedCard();
    expect(toHex(send(card, `00 B0 ${p1} 00 00`))).toBe('6A82');
  });

  it.each(['A1', 'C1', 'E1', 'FF'])('when P1 = %s has b8 set and b7 or b6 set, the card answers 6A86', (p1) => {
    const { card } = personalisedCard();
    expect(toHex(send(card, `00 B0 ${p1} 00 00`))).toBe('6A86');
  });

  it('when the offset is at or after the end of the credential, the card answers 6B00', () => {
    const { card, credential } = personalisedCard();
    expect(toHex(send(card, readBinary(credential.length)))).toBe('6B00');
    expect(toHex(send(card, readBinary(credential.length + 1, 1)))).toBe('6B00');
    expect(toHex(send(card, '00 B0 7F FF 00'))).toBe('6B00');
  });

  it('when the SFI offset in P2 is past a short credential, the card answers 6B00', () => {
    const card = blankSelectedCard();
    expect(swOf(send(card, updateBinary(0, ascii('abc'))))).toBe('9000');
    expect(toHex(send(card, '00 B0 81 03 00'))).toBe('6B00');
  });

  it('when no credential has been written, the card answers 6A82 at every offset and in both addressing forms', () => {
    const card = blankSelectedCard();
    expect(toHex(send(card, readBinary(0)))).toBe('6A82');
    expect(toHex(send(card, readBinary(100, 1)))).toBe('6A82');
    expect(toHex(send(card, '00 B0 81 00 00'))).toBe('6A82');
  });

  it.each([
    ['data and no Le', '00 B0 00 00 01 00'],
    ['data and Le', '00 B0 00 00 02 00 10 00'],
  ])('when READ BINARY carries %s, the card answers 6700', (_name, apdu) => {
    const { card } = personalisedCard();
    expect(toHex(send(card, apdu))).toBe('6700');
  });

  it('when the card is still in personalisation, the credential can be read back for checking', () => {
    const { card, credential } = personalisedCard({ lock: false });
    expect(readWholeCredential(card)).toBe(credential);
  });
});
