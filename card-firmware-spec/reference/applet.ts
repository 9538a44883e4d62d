import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodeResponse, parseCommand, type CommandApdu } from '../../shared/card/apdu.ts';
import {
  AID, APPLET_VERSION, CHALLENGE_LENGTH, CLA_ISO, COUNTER_MAX, CREDENTIAL_CAPACITY, FCI_TAG, INS, LIFECYCLE,
  MAX_CHUNK, PRESENCE_DOMAIN, PUBLIC_KEY_TAG, SFI_CREDENTIAL, SW, type Lifecycle,
} from '../../shared/card/constants.ts';
import { concat, equalBytes, fromHex, hex, uint32be } from '../../shared/bytes.ts';
import { encodeTlv } from '../../shared/card/tlv.ts';
import { CardStateSchema, type CardState } from './card-state.ts';

export interface CardKeyPair {
  privateKey: KeyObject;
  /** uncompressed point 04 ‖ X ‖ Y */
  publicKey: Uint8Array;
}

export type KeyGenerator = () => CardKeyPair;

export const generateP256KeyPair: KeyGenerator = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-65)) };
};

/** A saved state must hold a P-256 private key whose public half is the stored public point. */
function assertKeyPair(privateKeyBase64: string, publicKeyHex: string): void {
  const privateKey = createPrivateKey({ key: Buffer.from(privateKeyBase64, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new RangeError('the card key is not a P-256 key');
  const derived = hex(new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-65)));
  if (derived !== publicKeyHex) throw new RangeError('the stored public key does not belong to the stored private key');
}

/** The JWS compact alphabet: the only bytes a credential may contain. */
const isCredentialByte = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) ||
  byte === 0x2d || byte === 0x5f || byte === 0x2e;

const reply = (sw: number, data?: Uint8Array): Uint8Array => encodeResponse(sw, data);

/**
 * The reference member-card applet: a state machine from command bytes to response bytes, exactly as
 * card-firmware-spec/SPEC.md describes. `process` never throws; every input gets a status word.
 */
export class ReferenceApplet {
  private selected = false;
  private lifecycle: Lifecycle;
  private privateKey: KeyObject | undefined;
  private publicKey: Uint8Array | undefined;
  private counter: number;
  private credential: Uint8Array;

  private constructor(
    private readonly csn: Uint8Array,
    state: Omit<CardState, 'format' | 'csn'>,
    private readonly generateKey: KeyGenerator,
  ) {
    this.lifecycle = state.lifecycle;
    this.privateKey = state.privateKey === undefined
      ? undefined
      : createPrivateKey({ key: Buffer.from(state.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    this.publicKey = state.publicKey === undefined ? undefined : fromHex(state.publicKey);
    this.counter = state.counter;
    this.credential = new TextEncoder().encode(state.credential);
  }

  /** A card as it leaves the factory: a serial number, no key, no credential. */
  static blank(csn: Uint8Array, generateKey: KeyGenerator = generateP256KeyPair): ReferenceApplet {
    if (csn.length !== 8) throw new RangeError('a card serial number is 8 bytes');
    // A copy: the serial is burnt in at the factory; the caller's array must not be able to change it.
    return new ReferenceApplet(csn.slice(), { lifecycle: 'personalisation', counter: 0, credential: '' }, generateKey);
  }

  static load(state: unknown, generateKey: KeyGenerator = generateP256KeyPair): ReferenceApplet {
    const parsed = CardStateSchema.parse(state);
    if (parsed.privateKey !== undefined && parsed.publicKey !== undefined) assertKeyPair(parsed.privateKey, parsed.publicKey);
    return new ReferenceApplet(fromHex(parsed.csn), parsed, generateKey);
  }

  save(): CardState {
    return {
      format: 'mic-reference-card/1',
      csn: hex(this.csn),
      lifecycle: this.lifecycle,
      ...(this.privateKey && {
        privateKey: this.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      }),
      ...(this.publicKey && { publicKey: hex(this.publicKey) }),
      counter: this.counter,
      credential: new TextDecoder().decode(this.credential),
    };
  }

  /** Power-on or warm reset: the applet is no longer selected; nothing in memory changes. */
  reset(): void {
    this.selected = false;
  }

  process(apdu: Uint8Array): Uint8Array {
    try {
      return this.dispatch(apdu);
    } catch {
      // Unreachable by design (the fuzz tests look for 6F00); a real card answers 6F00 here too.
      return reply(SW.unknown);
    }
  }

  private dispatch(apdu: Uint8Array): Uint8Array {
    const parsed = parseCommand(apdu);
    if (!parsed.ok) return reply(SW.wrongLength);
    const command = parsed.command;
    if (command.cla !== CLA_ISO) return reply(SW.claNotSupported);
    if (command.ins === INS.select) return this.select(command);
    const handler = this.handlers[command.ins];
    if (!handler) return reply(SW.insNotSupported);
    if (!this.selected) return reply(SW.conditionsNotSatisfied);
    return handler(command);
  }

  private readonly handlers: Record<number, ((command: CommandApdu) => Uint8Array) | undefined> = {
    [INS.readBinary]: (command) => this.readBinary(command),
    [INS.updateBinary]: (command) => this.updateBinary(command),
    [INS.generateKey]: (command) => this.generateKeyPair(command),
    [INS.internalAuthenticate]: (command) => this.internalAuthenticate(command),
    [INS.activate]: (command) => this.activate(command),
  };

  private select(command: CommandApdu): Uint8Array {
    if (command.p1 !== 0x04 || command.p2 !== 0x00) return reply(SW.wrongP1P2);
    if (command.data === undefined) return reply(SW.wrongLength);
    if (!equalBytes(command.data, AID)) {
      this.selected = false;
      return reply(SW.notFound);
    }
    this.selected = true;
    return answerWithLe(command.le, this.fci());
  }

  private fci(): Uint8Array {
    const proprietary = concat(
      encodeTlv(FCI_TAG.csn, this.csn),
      encodeTlv(FCI_TAG.version, Uint8Array.of(APPLET_VERSION.major, APPLET_VERSION.minor)),
      encodeTlv(FCI_TAG.lifecycle, Uint8Array.of(LIFECYCLE[this.lifecycle])),
      encodeTlv(FCI_TAG.counter, uint32be(this.counter)),
      encodeTlv(FCI_TAG.credentialLength, Uint8Array.of(this.credential.length >> 8, this.credential.length & 0xff)),
      encodeTlv(FCI_TAG.keyStatus, Uint8Array.of(this.publicKey ? 1 : 0)),
    );
    return encodeTlv(FCI_TAG.fci, concat(encodeTlv(FCI_TAG.dfName, AID), encodeTlv(FCI_TAG.proprietary, proprietary)));
  }

  private readBinary(command: CommandApdu): Uint8Array {
    if (command.data !== undefined) return reply(SW.wrongLength);
    const offset = fileOffset(command);
    if (offset === 'bad-p1') return reply(SW.wrongP1P2);
    if (offset === 'no-such-file') return reply(SW.notFound);
    if (this.credential.length === 0) return reply(SW.notFound);
    if (offset >= this.credential.length) return reply(SW.wrongOffset);
    const remaining = Math.min(this.credential.length - offset, MAX_CHUNK);
    const wanted = command.le ?? 256;
    if (wanted === 256) return reply(SW.ok, this.credential.slice(offset, offset + remaining));
    if (wanted > remaining) return reply(0x6c00 | remaining);
    return reply(SW.ok, this.credential.slice(offset, offset + wanted));
  }

  private updateBinary(command: CommandApdu): Uint8Array {
    if (command.data === undefined || command.le !== undefined) return reply(SW.wrongLength);
    const offset = fileOffset(command);
    if (offset === 'bad-p1') return reply(SW.wrongP1P2);
    if (offset === 'no-such-file') return reply(SW.notFound);
    if (this.lifecycle !== 'personalisation') return reply(SW.conditionsNotSatisfied);
    if (offset !== 0 && offset !== this.credential.length) return reply(SW.wrongOffset);
    if (!command.data.every(isCredentialByte)) return reply(SW.wrongData);
    if (offset + command.data.length > CREDENTIAL_CAPACITY) return reply(SW.noSpace);
    const kept = offset === 0 ? new Uint8Array(0) : this.credential;
    this.credential = concat(kept, command.data);
    return reply(SW.ok);
  }

  private generateKeyPair(command: CommandApdu): Uint8Array {
    if (command.data !== undefined) return reply(SW.wrongLength);
    if (command.p2 !== 0x00 || (command.p1 !== 0x80 && command.p1 !== 0x81)) return reply(SW.wrongP1P2);
    if (command.p1 === 0x80) {
      if (this.lifecycle !== 'personalisation') return reply(SW.conditionsNotSatisfied);
      // 6Cxx is a checking error: the card must be left as it was, so Le is checked before the key is replaced.
      if (!acceptsLe(command.le, PUBLIC_KEY_TEMPLATE_LENGTH)) return reply(0x6c00 | PUBLIC_KEY_TEMPLATE_LENGTH);
      const pair = this.generateKey();
      this.privateKey = pair.privateKey;
      this.publicKey = pair.publicKey;
      // A credential binds the previous key; it cannot survive a new one.
      this.credential = new Uint8Array(0);
    }
    if (!this.publicKey) return reply(SW.referencedDataNotFound);
    return answerWithLe(command.le, encodeTlv(PUBLIC_KEY_TAG.template, encodeTlv(PUBLIC_KEY_TAG.point, this.publicKey)));
  }

  private internalAuthenticate(command: CommandApdu): Uint8Array {
    if (command.p1 !== 0x00 || command.p2 !== 0x00) return reply(SW.wrongP1P2);
    if (command.data === undefined || command.data.length !== CHALLENGE_LENGTH) return reply(SW.wrongLength);
    if (command.le !== undefined && command.le !== 256 && command.le !== 68) return reply(0x6c00 | 68);
    if (this.lifecycle !== 'active' || !this.privateKey) return reply(SW.securityNotSatisfied);
    if (this.counter >= COUNTER_MAX) return reply(SW.authenticationBlocked);
    this.counter += 1;
    const counter = uint32be(this.counter);
    const message = concat(PRESENCE_DOMAIN, this.csn, counter, command.data);
    const signature = sign('sha256', message, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return reply(SW.ok, concat(counter, signature));
  }

  private activate(command: CommandApdu): Uint8Array {
    if (command.data !== undefined || command.le !== undefined) return reply(SW.wrongLength);
    if (command.p1 !== 0x00 || command.p2 !== 0x00) return reply(SW.wrongP1P2);
    if (this.lifecycle !== 'personalisation' || !this.publicKey || this.credential.length === 0) {
      return reply(SW.conditionsNotSatisfied);
    }
    this.lifecycle = 'active';
    return reply(SW.ok);
  }
}

/** 7F49 43 { 86 41 04 ‖ X ‖ Y }: the answer of GENERATE ASYMMETRIC KEY PAIR. */
const PUBLIC_KEY_TEMPLATE_LENGTH = 70;

/** Le absent or 00: the whole answer. Any other Le must be the answer's exact length. */
const acceptsLe = (le: number | undefined, length: number): boolean => le === undefined || le === 256 || le === length;

function answerWithLe(le: number | undefined, data: Uint8Array): Uint8Array {
  if (!acceptsLe(le, data.length)) return reply(0x6c00 | data.length);
  return reply(SW.ok, data);
}

/** READ/UPDATE BINARY addressing: P1 b8=1 → SFI in b5..b1 and offset in P2; else a 15-bit offset. */
function fileOffset(command: CommandApdu): number | 'bad-p1' | 'no-such-file' {
  if (command.p1 & 0x80) {
    if (command.p1 & 0x60) return 'bad-p1';
    if ((command.p1 & 0x1f) !== SFI_CREDENTIAL) return 'no-such-file';
    return command.p2;
  }
  return (command.p1 << 8) | command.p2;
}
