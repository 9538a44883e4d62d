import { concat, readUint32be } from '../bytes.ts';
import { isCompactJws } from '../compact-jws.ts';
import { CardResponseError, CardStatusError } from '../errors.ts';
import type { CommandApdu, ResponseApdu } from './apdu.ts';
import { AID, CHALLENGE_LENGTH, CLA_ISO, INS, MAX_CHUNK, PRESENCE_RESPONSE_LENGTH, PUBLIC_KEY_TAG, SW } from './constants.ts';
import { exchange } from './exchange.ts';
import { parseFci, type CardInfo } from './fci.ts';
import { findTlv, parseTlvList } from './tlv.ts';
import type { CardTransport } from './transport.ts';

/** What INTERNAL AUTHENTICATE returns: the counter the card used and its ECDSA signature r ‖ s. */
export interface PresenceSignature {
  counter: number;
  signature: Uint8Array;
}

type StepErrors = Partial<Record<number, CardStatusError['code']>>;

/**
 * Speaks the applet's APDU interface (card-firmware-spec/SPEC.md) over any CardTransport. Each method is
 * one command; a status word the step does not expect becomes a CardStatusError with a precise code.
 */
export class CardClient {
  constructor(private readonly transport: CardTransport) {}

  get reader(): string {
    return this.transport.reader;
  }

  async select(): Promise<CardInfo> {
    const response = await this.run('SELECT', { cla: CLA_ISO, ins: INS.select, p1: 0x04, p2: 0x00, data: AID, le: 256 }, {
      [SW.notFound]: 'ERR_APPLET_NOT_FOUND',
    });
    return parseFci(response.data);
  }

  /** Reads the credential in chunks of at most 255 bytes; `length` comes from the FCI. */
  async readCredential(length: number): Promise<string> {
    if (length === 0) throw new CardStatusError(SW.notFound, 'READ BINARY', 'ERR_CREDENTIAL_MALFORMED');
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < length; ) {
      const wanted = Math.min(MAX_CHUNK, length - offset);
      const command = { cla: CLA_ISO, ins: INS.readBinary, p1: offset >> 8, p2: offset & 0xff, le: wanted };
      const { data } = await this.run('READ BINARY', command);
      if (data.length === 0 || data.length > wanted) {
        throw new CardResponseError(`READ BINARY at ${offset} returned ${data.length} bytes, asked for ${wanted}`);
      }
      chunks.push(data);
      offset += data.length;
    }
    const text = String.fromCharCode(...concat(...chunks));
    if (!isCompactJws(text)) throw new CardResponseError('the credential on the card is not a compact JWS');
    return text;
  }

  async authenticate(challenge: Uint8Array): Promise<PresenceSignature> {
    if (challenge.length !== CHALLENGE_LENGTH) throw new RangeError('the challenge is 32 bytes');
    const { data } = await this.run('INTERNAL AUTHENTICATE', {
      cla: CLA_ISO, ins: INS.internalAuthenticate, p1: 0, p2: 0, data: challenge, le: 256,
    }, {
      [SW.securityNotSatisfied]: 'ERR_CARD_NOT_ACTIVE',
      [SW.authenticationBlocked]: 'ERR_CARD_COUNTER_EXHAUSTED',
    });
    if (data.length !== PRESENCE_RESPONSE_LENGTH) {
      throw new CardResponseError(`INTERNAL AUTHENTICATE returned ${data.length} bytes, expected 68`);
    }
    return { counter: readUint32be(data), signature: data.slice(4) };
  }

  /** Personalisation: a new key pair on the card; returns the public point 04 ‖ X ‖ Y. */
  async generateKey(): Promise<Uint8Array> {
    return this.publicKeyFrom(await this.run('GENERATE KEY', { cla: CLA_ISO, ins: INS.generateKey, p1: 0x80, p2: 0, le: 256 }, {
      [SW.conditionsNotSatisfied]: 'ERR_CARD_LOCKED',
    }));
  }

  async readPublicKey(): Promise<Uint8Array> {
    return this.publicKeyFrom(await this.run('READ PUBLIC KEY', { cla: CLA_ISO, ins: INS.generateKey, p1: 0x81, p2: 0, le: 256 }));
  }

  /** Personalisation: writes the credential from offset 0 (which erases any earlier one), 255 bytes at a time. */
  async writeCredential(credential: string): Promise<void> {
    const bytes = new TextEncoder().encode(credential);
    for (let offset = 0; offset < bytes.length; offset += MAX_CHUNK) {
      const data = bytes.slice(offset, offset + MAX_CHUNK);
      await this.run('UPDATE BINARY', { cla: CLA_ISO, ins: INS.updateBinary, p1: offset >> 8, p2: offset & 0xff, data }, {
        [SW.conditionsNotSatisfied]: 'ERR_CARD_LOCKED',
      });
    }
  }

  /** Personalisation ends: the card becomes ACTIVE and refuses every personalisation command from now on. */
  async lock(): Promise<void> {
    await this.run('LOCK', { cla: CLA_ISO, ins: INS.activate, p1: 0, p2: 0 }, {
      [SW.conditionsNotSatisfied]: 'ERR_CARD_LOCKED',
    });
  }

  private publicKeyFrom(response: ResponseApdu): Uint8Array {
    const template = findTlv(parseTlvList(response.data), PUBLIC_KEY_TAG.template);
    const point = findTlv(parseTlvList(template), PUBLIC_KEY_TAG.point);
    if (point.length !== 65 || point[0] !== 0x04) throw new CardResponseError('the public key is not an uncompressed P-256 point');
    return point;
  }

  private async run(step: string, command: CommandApdu, errors: StepErrors = {}): Promise<ResponseApdu> {
    const response = await exchange(this.transport, command);
    if (response.sw !== SW.ok) throw new CardStatusError(response.sw, step, errors[response.sw]);
    return response;
  }
}
