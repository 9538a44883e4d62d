import { describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../../card-firmware-spec/reference/applet.ts';
import {
  AID_HEX, CSN_HEX, GENERATE_KEY, LOCK, READ_PUBLIC_KEY, SELECT, blankSelectedCard, bytes, dataOf, fciFields,
  internalAuthenticate, personalisedCard, readBinary, send, swOf, toHex, updateBinary,
} from './fixtures.ts';

const blank = (): ReferenceApplet => ReferenceApplet.blank(bytes(CSN_HEX));

/** Every command of the applet other than SELECT, as a valid APDU. */
const APPLET_COMMANDS = {
  'READ BINARY': readBinary(0),
  'UPDATE BINARY': updateBinary(0, bytes('41')),
  'GENERATE ASYMMETRIC KEY PAIR': GENERATE_KEY,
  'read the public key': READ_PUBLIC_KEY,
  'INTERNAL AUTHENTICATE': internalAuthenticate(new Uint8Array(32)),
  'ACTIVATE FILE': LOCK,
};

describe('SELECT', () => {
  it('when a blank card is selected by AID, it answers the FCI byte for byte', () => {
    const response = send(blank(), SELECT);
    expect(toHex(response)).toBe(
      '6F27' + `8405${AID_HEX}` + 'A51E' + `C008${CSN_HEX.toUpperCase()}` + 'C1020100' + 'C20103' + 'C30400000000' +
        'C4020000' + 'C50100' + '9000',
    );
  });

  it('when an active card is selected, the FCI shows lifecycle 05, the counter, the credential length and the key', () => {
    const { card, credential } = personalisedCard();
    send(card, internalAuthenticate(new Uint8Array(32)));
    send(card, internalAuthenticate(new Uint8Array(32)));
    const fields = fciFields(send(card, SELECT));
    expect(fields).toEqual({
      '84': AID_HEX,
      C0: CSN_HEX.toUpperCase(),
      C1: '0100',
      C2: '05',
      C3: '00000002',
      C4: credential.length.toString(16).padStart(4, '0').toUpperCase(),
      C5: '01',
    });
  });

  it('when SELECT carries no Le, the FCI is still returned', () => {
    const response = send(blank(), `00 A4 04 00 05 ${AID_HEX}`);
    expect(swOf(response)).toBe('9000');
    expect(dataOf(response)).toHaveLength(0x29);
  });

  it('when Le is not the FCI length, the card answers 6C29, and Le = 29 then returns the FCI', () => {
    const card = blank();
    expect(toHex(send(card, `00 A4 04 00 05 ${AID_HEX} 10`))).toBe('6C29');
    const response = send(card, `00 A4 04 00 05 ${AID_HEX} 29`);
    expect(swOf(response)).toBe('9000');
    expect(dataOf(response)).toHaveLength(0x29);
  });

  it('when SELECT answers 6Cxx, the applet is selected anyway, as a Java Card runtime selects before the applet sees Le', () => {
    const card = blank();
    expect(toHex(send(card, `00 A4 04 00 05 ${AID_HEX} 01`))).toBe('6C29');
    expect(swOf(send(card, READ_PUBLIC_KEY))).toBe('6A88');
  });

  it.each([
    ['P1 = 00 (select by file id)', `00 A4 00 00 05 ${AID_HEX} 00`],
    ['P1 = 02', `00 A4 02 00 05 ${AID_HEX} 00`],
    ['P2 = 0C (no FCI)', `00 A4 04 0C 05 ${AID_HEX}`],
    ['P2 = 02 (next occurrence)', `00 A4 04 02 05 ${AID_HEX} 00`],
  ])('when SELECT has %s, the card answers 6A86 and the selection does not change', (_name, apdu) => {
    const unselected = blank();
    expect(toHex(send(unselected, apdu))).toBe('6A86');
    expect(swOf(send(unselected, READ_PUBLIC_KEY))).toBe('6985');

    const selected = blankSelectedCard();
    expect(toHex(send(selected, apdu))).toBe('6A86');
    expect(swOf(send(selected, READ_PUBLIC_KEY))).toBe('6A88');
  });

  it.each([
    ['a case 1 SELECT', '00 A4 04 00'],
    ['a SELECT with only Le', '00 A4 04 00 00'],
  ])('when %s carries no AID, the card answers 6700', (_name, apdu) => {
    expect(toHex(send(blank(), apdu))).toBe('6700');
  });

  it.each([
    ['another AID', 'A0 00 00 00 03 10 10'],
    ['a prefix of the AID', 'F0 4D 49 43'],
    ['the AID with one more byte', `${AID_HEX} 01`],
    ['the AID with the last byte changed', 'F0 4D 49 43 02'],
  ])('when %s is selected, the card answers 6A82 and the applet is deselected', (_name, aid) => {
    const { card } = personalisedCard();
    const aidBytes = bytes(aid);
    const command = `00 A4 04 00 ${aidBytes.length.toString(16).padStart(2, '0')} ${aid} 00`;
    expect(toHex(send(card, command))).toBe('6A82');
    for (const apdu of Object.values(APPLET_COMMANDS)) expect(toHex(send(card, apdu))).toBe('6985');
    expect(swOf(send(card, SELECT))).toBe('9000');
    expect(swOf(send(card, readBinary(0, 4)))).toBe('9000');
  });
});

describe('commands before SELECT', () => {
  it.each(Object.entries(APPLET_COMMANDS))('when %s arrives before SELECT, the card answers 6985 and changes nothing', (_name, apdu) => {
    const { card } = personalisedCard({ lock: false });
    card.reset();
    const before = card.save();
    expect(toHex(send(card, apdu))).toBe('6985');
    expect(card.save()).toEqual(before);
  });

  it('when the card is reset (power cycle), the applet must be selected again and nothing in memory changes', () => {
    const { card, credential } = personalisedCard();
    send(card, internalAuthenticate(new Uint8Array(32)));
    const before = card.save();
    card.reset();
    for (const apdu of Object.values(APPLET_COMMANDS)) expect(toHex(send(card, apdu))).toBe('6985');
    expect(card.save()).toEqual(before);
    expect(swOf(send(card, SELECT))).toBe('9000');
    expect(Buffer.from(dataOf(send(card, readBinary(0, 10)))).toString('latin1')).toBe(credential.slice(0, 10));
  });

  it('when a card is loaded from saved state, it starts deselected', () => {
    const { card } = personalisedCard();
    const loaded = ReferenceApplet.load(card.save());
    expect(toHex(send(loaded, READ_PUBLIC_KEY))).toBe('6985');
  });
});

describe('malformed commands', () => {
  it.each([
    ['an empty APDU', ''],
    ['one byte', '00'],
    ['three bytes', '00 B0 00'],
    ['an extended-length case 2 APDU', '00 B0 00 00 00 00 10'],
    ['an extended-length case 3 APDU', '00 D6 00 00 00 00 01 41'],
    ['an extended-length SELECT', `00 A4 04 00 00 00 05 ${AID_HEX} 00 00`],
    ['Lc larger than the data', '00 D6 00 00 05 41 42 43'],
    ['two bytes after the data where one Le is allowed', '00 D6 00 00 01 41 00 00'],
    ['a SELECT whose Lc is longer than the AID', `00 A4 04 00 06 ${AID_HEX}`],
  ])('when the card receives %s, it answers 6700', (_name, apdu) => {
    const card = blankSelectedCard();
    expect(toHex(send(card, apdu))).toBe('6700');
  });

  it('when an APDU is malformed and also has a foreign CLA, the length error wins (6700)', () => {
    expect(toHex(send(blank(), '80 B0 00'))).toBe('6700');
  });
});

describe('class and instruction bytes', () => {
  it.each(['80', '84', '0C', '01', '10', 'FF'])('when CLA is %s, the card answers 6E00, for SELECT too', (cla) => {
    const card = blankSelectedCard();
    expect(toHex(send(card, `${cla} A4 04 00 05 ${AID_HEX} 00`))).toBe('6E00');
    expect(toHex(send(card, `${cla} B0 00 00 00`))).toBe('6E00');
    expect(toHex(send(card, `${cla} 00 00 00`))).toBe('6E00');
  });

  it.each([
    ['GET RESPONSE', '00 C0 00 00 00'],
    ['GET DATA (UID is the reader\'s, not the card\'s)', '00 CA 00 00 00'],
    ['VERIFY', '00 20 00 80 04 31 32 33 34'],
    ['INS 00', '00 00 00 00'],
    ['EXTERNAL AUTHENTICATE', '00 82 00 00 08 0102030405060708'],
    ['READ RECORD', '00 B2 01 0C 00'],
  ])('when %s arrives, the card answers 6D00, selected or not', (_name, apdu) => {
    expect(toHex(send(blank(), apdu))).toBe('6D00');
    expect(toHex(send(blankSelectedCard(), apdu))).toBe('6D00');
  });
});
