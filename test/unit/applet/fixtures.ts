/**
 * Raw-byte helpers for the applet tests. They deliberately avoid the project's own card client and
 * verification code: the tests speak bytes to `process` and check signatures with node:crypto alone,
 * so a bug shared by the applet and the client cannot hide itself.
 */
import { createHash, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { ReferenceApplet } from '../../../card-firmware-spec/reference/applet.ts';
import type { CardState } from '../../../card-firmware-spec/reference/card-state.ts';

export const CSN_HEX = '0123456789abcdef';
export const AID_HEX = 'F04D494301';

/** Hex (spaces allowed) to bytes. */
export const bytes = (text: string): Uint8Array => {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new TypeError(`not hex: ${text}`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
};

export const toHex = (data: Uint8Array): string => Buffer.from(data).toString('hex').toUpperCase();

const byteHex = (value: number): string => value.toString(16).padStart(2, '0').toUpperCase();

/** The status word of a response, as four upper-case hex digits. */
export const swOf = (response: Uint8Array): string => toHex(response.subarray(response.length - 2));

export const dataOf = (response: Uint8Array): Uint8Array => response.subarray(0, response.length - 2);

/** Sends hex (or bytes) to the card; returns the raw response. */
export const send = (card: ReferenceApplet, apdu: string | Uint8Array): Uint8Array =>
  card.process(typeof apdu === 'string' ? bytes(apdu) : apdu);

export const SELECT = `00 A4 04 00 05 ${AID_HEX} 00`;
export const GENERATE_KEY = '00 47 80 00 00';
export const READ_PUBLIC_KEY = '00 47 81 00 00';
export const LOCK = '00 44 00 00';

/** READ BINARY with a 15-bit offset in P1P2; `le` is the Le byte (0 means 00, i.e. up to 256). */
export const readBinary = (offset: number, le = 0): string =>
  `00 B0 ${byteHex(offset >> 8)} ${byteHex(offset & 0xff)} ${byteHex(le)}`;

/** UPDATE BINARY with a 15-bit offset in P1P2. */
export const updateBinary = (offset: number, data: Uint8Array): string =>
  `00 D6 ${byteHex(offset >> 8)} ${byteHex(offset & 0xff)} ${byteHex(data.length)} ${toHex(data)}`;

export const internalAuthenticate = (challenge: Uint8Array, le: string | undefined = '00'): string =>
  `00 88 00 00 ${byteHex(challenge.length)} ${toHex(challenge)}${le === undefined ? '' : ` ${le}`}`;

export const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

const b64url = (data: Uint8Array | string): string => Buffer.from(data).toString('base64url');

/** A credential shaped like the real one (SPEC.md §13); the card never parses it, so the signature is filler. */
export function sampleCredential(publicKey: Uint8Array, csnHex = CSN_HEX): string {
  const header = { alg: 'ES256', typ: 'mic-card+jwt', kid: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' };
  const claims = {
    iss: 'org:330100:organisation-department',
    sub: 'M-2024-000123',
    csn: csnHex,
    cnf: { jwk: { kty: 'EC', crv: 'P-256', x: b64url(publicKey.subarray(1, 33)), y: b64url(publicKey.subarray(33, 65)) } },
    name: '张三',
    idh: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c',
    iat: 1_735_689_600,
    exp: 1_893_456_000,
    jti: '0193b7a2-7c1e-7d3a-9f10-2c4e6a8b0d1f',
  };
  const signature = createHash('sha512').update(JSON.stringify(claims)).digest();
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${b64url(signature)}`;
}

/** Writes a credential from offset 0 in chunks of at most 255 bytes; returns every status word. */
export function writeCredential(card: ReferenceApplet, credential: string): string[] {
  const data = ascii(credential);
  const words: string[] = [];
  for (let offset = 0; offset < data.length; offset += 255) {
    words.push(swOf(send(card, updateBinary(offset, data.subarray(offset, offset + 255)))));
  }
  return words;
}

/** Reads the whole credential with Le = 00 chunks; fails loudly on any status word other than 9000. */
export function readWholeCredential(card: ReferenceApplet): string {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; ; ) {
    const response = send(card, readBinary(offset));
    if (swOf(response) === '6B00' && offset > 0) break;
    if (swOf(response) !== '9000') throw new Error(`READ BINARY at ${offset} answered ${swOf(response)}`);
    chunks.push(dataOf(response));
    offset += dataOf(response).length;
  }
  return Buffer.concat(chunks).toString('latin1');
}

export function blankSelectedCard(): ReferenceApplet {
  const card = ReferenceApplet.blank(bytes(CSN_HEX));
  expectSw(send(card, SELECT), '9000');
  return card;
}

export interface PersonalisedCard {
  card: ReferenceApplet;
  /** 04 ‖ X ‖ Y, as GENERATE ASYMMETRIC KEY PAIR returned it */
  publicKey: Uint8Array;
  credential: string;
}

/** Runs the personalisation sequence of SPEC.md over raw APDUs; `lock` ends it with ACTIVATE FILE. */
export function personalisedCard(options: { lock?: boolean } = {}): PersonalisedCard {
  const card = blankSelectedCard();
  const publicKey = publicPointFrom(send(card, GENERATE_KEY));
  const credential = sampleCredential(publicKey);
  for (const sw of writeCredential(card, credential)) if (sw !== '9000') throw new Error(`UPDATE BINARY answered ${sw}`);
  if (options.lock ?? true) expectSw(send(card, LOCK), '9000');
  return { card, publicKey, credential };
}

/** Extracts 04 ‖ X ‖ Y from `7F49 43 86 41 <point> 9000`, checking every header byte. */
export function publicPointFrom(response: Uint8Array): Uint8Array {
  const header = toHex(response.subarray(0, 5));
  if (header !== '7F49438641' || response.length !== 72 || swOf(response) !== '9000') {
    throw new Error(`not a public key template: ${toHex(response)}`);
  }
  return response.slice(5, 70);
}

export function publicKeyObject(point: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) },
    format: 'jwk',
  });
}

/** The 48 bytes of DESIGN §3, assembled by hand: "MIC1" ‖ csn (8) ‖ counter (4, big-endian) ‖ challenge (32). */
export function presenceMessage(csn: Uint8Array, counter: number, challenge: Uint8Array): Uint8Array {
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  return new Uint8Array(Buffer.concat([Buffer.from('MIC1', 'ascii'), csn, counterBytes, challenge]));
}

export function signatureVerifies(
  point: Uint8Array, csn: Uint8Array, counter: number, challenge: Uint8Array, signature: Uint8Array,
): boolean {
  const message = presenceMessage(csn, counter, challenge);
  return verify('sha256', message, { key: publicKeyObject(point), dsaEncoding: 'ieee-p1363' }, signature);
}

export interface PresenceAnswer {
  counter: number;
  signature: Uint8Array;
}

/** Splits a 9000 answer of INTERNAL AUTHENTICATE into counter ‖ r ‖ s. */
export function presenceAnswer(response: Uint8Array): PresenceAnswer {
  if (swOf(response) !== '9000' || response.length !== 70) throw new Error(`not a presence answer: ${toHex(response)}`);
  return { counter: Buffer.from(response).readUInt32BE(0), signature: response.slice(4, 68) };
}

/** SHA-256(UTF-8("MIC-TAP-1\n" + purpose + "\n" + kioskKid + "\n" + subjectId + "\n" + at + "\n" + nonce)) */
export function tapChallenge(facts: { purpose: string; kioskKid: string; subjectId: string; at: string; nonce: string }): Uint8Array {
  const text = ['MIC-TAP-1', facts.purpose, facts.kioskKid, facts.subjectId, facts.at, facts.nonce].join('\n');
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest());
}

/** A card state for ReferenceApplet.load, with a fresh P-256 key: how the counter tests reach 0xFFFFFFFE quickly. */
export function craftedState(options: { counter: number; lifecycle?: CardState['lifecycle']; credential?: string }): {
  state: CardState;
  publicKey: Uint8Array;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const point = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-65));
  const state: CardState = {
    format: 'mic-reference-card/1',
    csn: CSN_HEX,
    lifecycle: options.lifecycle ?? 'active',
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: Buffer.from(point).toString('hex'),
    counter: options.counter,
    credential: options.credential ?? sampleCredential(point),
  };
  return { state, publicKey: point };
}

export function loadSelected(state: unknown): ReferenceApplet {
  const card = ReferenceApplet.load(state);
  expectSw(send(card, SELECT), '9000');
  return card;
}

/** FCI fields by tag, parsed by hand from `6F L 84 05 AID A5 L {C0..C5}`. */
export function fciFields(response: Uint8Array): Record<string, string> {
  const data = dataOf(response);
  if (data[0] !== 0x6f || data[1] !== data.length - 2) throw new Error(`not an FCI: ${toHex(data)}`);
  const fields: Record<string, string> = {};
  const walk = (from: number, to: number): void => {
    for (let i = from; i < to; ) {
      const tag = data[i]!;
      const length = data[i + 1]!;
      const value = data.subarray(i + 2, i + 2 + length);
      if (tag === 0xa5) walk(i + 2, i + 2 + length);
      else fields[byteHex(tag)] = toHex(value);
      i += 2 + length;
    }
  };
  walk(2, data.length);
  return fields;
}

export function expectSw(response: Uint8Array, sw: string): void {
  if (swOf(response) !== sw) throw new Error(`expected ${sw}, the card answered ${toHex(response)}`);
}

export const counterHex = (value: number): string => value.toString(16).padStart(8, '0').toUpperCase();
