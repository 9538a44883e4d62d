import { describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../../card-firmware-spec/reference/applet.ts';
import { CSN_HEX, blankSelectedCard, bytes, personalisedCard, send, toHex } from './fixtures.ts';

/** SPEC.md §12: when a command has several faults, the first in this order is the one reported. */
describe('order of checks', () => {
  it('when a command is malformed, has a foreign CLA and an unknown INS, the length error is reported', () => {
    expect(toHex(send(blankSelectedCard(), 'FF FF 00 00 05 01'))).toBe('6700');
  });

  it('when a well-formed command has a foreign CLA and an unknown INS, the CLA error is reported', () => {
    expect(toHex(send(blankSelectedCard(), '80 FF 00 00'))).toBe('6E00');
  });

  it('when an unknown INS arrives before SELECT, the INS error wins over "not selected"', () => {
    expect(toHex(send(ReferenceApplet.blank(bytes(CSN_HEX)), '00 FF 00 00'))).toBe('6D00');
  });

  it('when a known INS with wrong parameters arrives before SELECT, "not selected" (6985) wins', () => {
    const card = ReferenceApplet.blank(bytes(CSN_HEX));
    expect(toHex(send(card, '00 B0 C1 00 01 00'))).toBe('6985');
    expect(toHex(send(card, '00 88 01 01 00'))).toBe('6985');
  });

  it('when SELECT has both a wrong P1 and no data, the P1P2 error is reported', () => {
    expect(toHex(send(ReferenceApplet.blank(bytes(CSN_HEX)), '00 A4 00 00'))).toBe('6A86');
  });

  it('when READ BINARY has data and a bad P1, the length error comes first; a bad P1 comes before "no credential"', () => {
    const blank = blankSelectedCard();
    expect(toHex(send(blank, '00 B0 C1 00 01 00'))).toBe('6700');
    expect(toHex(send(blank, '00 B0 C1 00 00'))).toBe('6A86');
    expect(toHex(send(blank, '00 B0 82 00 00'))).toBe('6A82');
  });

  it('when GENERATE on an active card also has a wrong Le, the lock (6985) is reported, not 6C46', () => {
    const { card } = personalisedCard();
    expect(toHex(send(card, '00 47 80 00 10'))).toBe('6985');
  });

  it('when GENERATE has data and a bad P1, the length error comes first; reading a missing key with a wrong Le gives 6A88', () => {
    const card = blankSelectedCard();
    expect(toHex(send(card, '00 47 00 00 01 00'))).toBe('6700');
    expect(toHex(send(card, '00 47 81 00 10'))).toBe('6A88');
  });

  it('when ACTIVATE has an Le and a bad P1, the length error comes first', () => {
    const { card } = personalisedCard({ lock: false });
    expect(toHex(send(card, '00 44 01 00 00'))).toBe('6700');
  });

  it('when INTERNAL AUTHENTICATE on a card in personalisation has a wrong Le, 6C44 comes before 6982', () => {
    const { card } = personalisedCard({ lock: false });
    expect(toHex(send(card, `00 88 00 00 20 ${'00'.repeat(32)} 10`))).toBe('6C44');
    expect(toHex(send(card, `00 88 00 00 20 ${'00'.repeat(32)} 00`))).toBe('6982');
  });
});
