import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { equalBytes, fromHex, hex } from '../../shared/bytes.ts';
import { parseResponse } from '../../shared/card/apdu.ts';
import { FCI_TAG } from '../../shared/card/constants.ts';
import { parseFci } from '../../shared/card/fci.ts';
import { PcscReaders, type PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { isMicError } from '../../shared/errors.ts';
import { CONTACTLESS_ATR, VIRTUAL_READERS, VpcdCard, type VpcdCardOptions } from '../../scripts/lib/vpcd-card.ts';

const SELECT = fromHex('00 A4 04 00 05 F0 4D 49 43 01 00');
const [READER_0, READER_1] = VIRTUAL_READERS;

let readers: PcscReaders;
const cards: VpcdCard[] = [];
const transports: PcscCardTransport[] = [];

function blankCard(serial: string): ReferenceApplet {
  return ReferenceApplet.blank(fromHex(serial));
}

async function tap(applet: ReferenceApplet, reader: 0 | 1, options: Omit<VpcdCardOptions, 'reader'> = {}): Promise<VpcdCard> {
  const card = new VpcdCard(applet, { ...options, reader });
  cards.push(card);
  await card.insert();
  return card;
}

async function cardOn(reader: string, timeoutMs = 5_000): Promise<PcscCardTransport> {
  const transport = await readers.waitForCard(reader, timeoutMs);
  transports.push(transport);
  return transport;
}

/** The serial the card states in the FCI of its SELECT answer. */
const serialIn = (selectAnswer: Uint8Array): string => parseFci(parseResponse(selectAnswer).data).serial;

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isMicError(error) ? error.code : `untyped ${String(error)}`;
  }
  return 'resolved';
}

const expectSelectOk = (answer: Uint8Array): void => {
  expect(answer[0]).toBe(FCI_TAG.fci);
  expect(hex(answer.slice(-2))).toBe('9000');
};

beforeAll(async () => {
  readers = await PcscReaders.start();
});

afterEach(async () => {
  await Promise.all(cards.splice(0).map((card) => card.remove()));
  // pcscd notices a lift at its next poll; the next test must not be handed this test's card.
  await Promise.all(transports.splice(0).map((transport) => transport.removed));
});

afterAll(() => readers.close());

describe('PC/SC transport over pcscd + vpcd + nfc-pcsc', () => {
  it('when a card is tapped on reader 0, then PcscReaders reports it and it answers SELECT with its FCI', async () => {
    const heard: string[] = [];
    const unsubscribe = readers.onCard((card) => heard.push(card.reader));
    await tap(blankCard('0102030405060708'), 0);
    const transport = await cardOn(READER_0);
    unsubscribe();

    expect(readers.readers).toEqual(expect.arrayContaining([READER_0, READER_1]));
    expect(heard).toEqual([READER_0]);
    expect(transport.reader).toBe(READER_0);
    expect(equalBytes(transport.atr, CONTACTLESS_ATR)).toBe(true);
    const answer = await transport.transmit(SELECT);
    expectSelectOk(answer);
    expect(serialIn(answer)).toBe('0102030405060708');
  });

  it('when two cards lie on the two readers at once, then each answers with its own serial', async () => {
    await tap(blankCard('a0a0a0a0a0a0a0a0'), 0);
    await tap(blankCard('b1b1b1b1b1b1b1b1'), 1);
    const [first, second] = await Promise.all([cardOn(READER_0), cardOn(READER_1)]);

    const [answerFirst, answerSecond] = await Promise.all([first.transmit(SELECT), second.transmit(SELECT)]);
    expectSelectOk(answerFirst);
    expectSelectOk(answerSecond);
    expect(serialIn(answerFirst)).toBe('a0a0a0a0a0a0a0a0');
    expect(serialIn(answerSecond)).toBe('b1b1b1b1b1b1b1b1');
  });

  it('when a reader has no card, then waitForCard gives up with ERR_NO_CARD after the timeout', async () => {
    const started = Date.now();
    expect(await errorCodeOf(readers.waitForCard(READER_1, 800))).toBe('ERR_NO_CARD');
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
  });

  it('when no reader has the asked name, then waitForCard fails with ERR_NO_READER', async () => {
    expect(await errorCodeOf(readers.waitForCard('No Such Reader', 300))).toBe('ERR_NO_READER');
  });

  it('when the card is lifted mid-exchange, then that transmit and every later one reject with ERR_CARD_REMOVED', async () => {
    let liftOnNextCommand = false;
    const applet = blankCard('c2c2c2c2c2c2c2c2');
    const card = await tap(applet, 0, { afterCommand: () => (liftOnNextCommand ? 'lift' : undefined) });
    const transport = await cardOn(READER_0);
    expectSelectOk(await transport.transmit(SELECT));

    liftOnNextCommand = true;
    expect(await errorCodeOf(transport.transmit(SELECT))).toBe('ERR_CARD_REMOVED');
    expect(card.inserted).toBe(false);
    expect(transport.present).toBe(false);
    await transport.removed;
    expect(await errorCodeOf(transport.transmit(SELECT))).toBe('ERR_CARD_REMOVED');
  });

  it('when a card lifted mid-exchange is tapped again, then a new transport answers and the old one stays dead', async () => {
    let liftOnNextCommand = true;
    const applet = blankCard('d3d3d3d3d3d3d3d3');
    const card = await tap(applet, 0, { afterCommand: () => (liftOnNextCommand ? 'lift' : undefined) });
    const lifted = await cardOn(READER_0);
    expect(await errorCodeOf(lifted.transmit(SELECT))).toBe('ERR_CARD_REMOVED');

    // vpcd shows pcscd a lift only if the card stays away for one presence poll, as a hand does.
    await lifted.removed;
    liftOnNextCommand = false;
    await card.insert();
    const again = await cardOn(READER_0);
    expect(again).not.toBe(lifted);
    const answer = await again.transmit(SELECT);
    expectSelectOk(answer);
    expect(serialIn(answer)).toBe('d3d3d3d3d3d3d3d3');
    expect(await errorCodeOf(lifted.transmit(SELECT))).toBe('ERR_CARD_REMOVED');
  });

  it('when the card leaves between exchanges, then the next transmit rejects with ERR_CARD_REMOVED', async () => {
    const card = await tap(blankCard('e4e4e4e4e4e4e4e4'), 0);
    const transport = await cardOn(READER_0);
    expectSelectOk(await transport.transmit(SELECT));

    await card.remove();
    // Sent before pcscd's next poll has seen the empty slot: SCardTransmit itself fails.
    expect(await errorCodeOf(transport.transmit(SELECT))).toBe('ERR_CARD_REMOVED');
    await transport.removed;
    expect(transport.present).toBe(false);
  });
});
