import { MicError, CardResponseError } from '../errors.ts';

/** A short command APDU (ISO 7816-4 §5.1). `le` is Ne: 1..256, where 256 is sent as 00. */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  le?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

const isByte = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 0xff;

/** Encodes a short APDU; extended length is never produced because many readers mishandle it. */
export function encodeCommand(command: CommandApdu): Uint8Array {
  const { cla, ins, p1, p2, data, le } = command;
  if (![cla, ins, p1, p2].every(isByte)) throw new MicError('ERR_APDU_INVALID', 'CLA, INS, P1 and P2 must be bytes');
  if (data !== undefined && (data.length < 1 || data.length > 255)) {
    throw new MicError('ERR_APDU_INVALID', `a short APDU carries 1..255 data bytes, not ${data.length}`);
  }
  if (le !== undefined && (!Number.isInteger(le) || le < 1 || le > 256)) {
    throw new MicError('ERR_APDU_INVALID', `Le must be 1..256, not ${le}`);
  }
  const bytes = [cla, ins, p1, p2];
  if (data !== undefined) bytes.push(data.length, ...data);
  if (le !== undefined) bytes.push(le & 0xff);
  return Uint8Array.from(bytes);
}

export type ParsedCommand =
  | { ok: true; command: CommandApdu }
  | { ok: false; reason: 'too-short' | 'extended-length' | 'length-mismatch' };

/** Parses a command as a card does: any byte string in, a command or the reason it is malformed out. */
export function parseCommand(bytes: Uint8Array): ParsedCommand {
  if (bytes.length < 4) return { ok: false, reason: 'too-short' };
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  if (bytes.length === 4) return { ok: true, command: { cla, ins, p1, p2 } };
  const b5 = bytes[4]!;
  if (bytes.length === 5) return { ok: true, command: { cla, ins, p1, p2, le: b5 === 0 ? 256 : b5 } };
  if (b5 === 0) return { ok: false, reason: 'extended-length' };
  const data = bytes.slice(5, 5 + b5);
  if (bytes.length === 5 + b5) return { ok: true, command: { cla, ins, p1, p2, data } };
  if (bytes.length === 6 + b5) {
    const le = bytes[5 + b5]!;
    return { ok: true, command: { cla, ins, p1, p2, data, le: le === 0 ? 256 : le } };
  }
  return { ok: false, reason: 'length-mismatch' };
}

export function encodeResponse(sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export function parseResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new CardResponseError(`a response needs at least the 2 status bytes, got ${bytes.length}`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}
