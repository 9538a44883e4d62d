import { CardResponseError } from '../errors.ts';

/** BER-TLV (ISO 7816-4 §6.3) limited to what the card uses: 1–2 byte tags, lengths up to 65535. */
export interface Tlv {
  tag: number;
  value: Uint8Array;
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const n = value.length;
  const lengthBytes = n < 0x80 ? [n] : n <= 0xff ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  const out = new Uint8Array(tagBytes.length + lengthBytes.length + n);
  out.set([...tagBytes, ...lengthBytes]);
  out.set(value, tagBytes.length + lengthBytes.length);
  return out;
}

export function parseTlvList(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  const need = (count: number): void => {
    if (i + count > bytes.length) throw new CardResponseError('TLV runs past the end of the data');
  };
  while (i < bytes.length) {
    need(1);
    let tag = bytes[i++]!;
    if ((tag & 0x1f) === 0x1f) {
      need(1);
      const next = bytes[i++]!;
      if (next & 0x80) throw new CardResponseError('TLV tags longer than two bytes are not used by this card');
      tag = (tag << 8) | next;
    }
    need(1);
    let length = bytes[i++]!;
    if (length === 0x81) {
      need(1);
      length = bytes[i++]!;
    } else if (length === 0x82) {
      need(2);
      length = (bytes[i]! << 8) | bytes[i + 1]!;
      i += 2;
    } else if (length > 0x80) {
      throw new CardResponseError(`TLV length form 0x${length.toString(16)} is not used by this card`);
    }
    need(length);
    out.push({ tag, value: bytes.slice(i, i + length) });
    i += length;
  }
  return out;
}

export function findTlv(list: Tlv[], tag: number): Uint8Array {
  const found = list.find((item) => item.tag === tag);
  if (!found) throw new CardResponseError(`TLV tag ${tag.toString(16).toUpperCase()} is missing`);
  return found.value;
}
