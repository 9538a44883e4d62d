import { equalBytes, hex, readUint32be } from '../bytes.ts';
import { CardResponseError } from '../errors.ts';
import { AID, FCI_TAG, LIFECYCLE, type Lifecycle } from './constants.ts';
import { findTlv, parseTlvList } from './tlv.ts';

/** What SELECT tells about a card before anything is read or signed. */
export interface CardInfo {
  csn: Uint8Array;
  /** the serial as 16 lowercase hex characters, as the credential's `csn` claim spells it */
  serial: string;
  version: { major: number; minor: number };
  lifecycle: Lifecycle;
  counter: number;
  credentialLength: number;
  hasKey: boolean;
}

function exact(value: Uint8Array, length: number, what: string): Uint8Array {
  if (value.length !== length) throw new CardResponseError(`FCI ${what} must be ${length} bytes, got ${value.length}`);
  return value;
}

export function parseFci(bytes: Uint8Array): CardInfo {
  const outer = parseTlvList(bytes);
  if (outer.length !== 1) throw new CardResponseError('the SELECT answer must be one FCI template');
  const fci = parseTlvList(findTlv(outer, FCI_TAG.fci));
  if (!equalBytes(findTlv(fci, FCI_TAG.dfName), AID)) throw new CardResponseError('the FCI names another application');
  const items = parseTlvList(findTlv(fci, FCI_TAG.proprietary));
  const csn = exact(findTlv(items, FCI_TAG.csn), 8, 'card serial');
  const version = exact(findTlv(items, FCI_TAG.version), 2, 'version');
  const lifecycleByte = exact(findTlv(items, FCI_TAG.lifecycle), 1, 'lifecycle')[0];
  const lifecycle = (Object.keys(LIFECYCLE) as Lifecycle[]).find((name) => LIFECYCLE[name] === lifecycleByte);
  if (!lifecycle) throw new CardResponseError(`unknown lifecycle state ${String(lifecycleByte)}`);
  const length = exact(findTlv(items, FCI_TAG.credentialLength), 2, 'credential length');
  return {
    csn,
    serial: hex(csn),
    version: { major: version[0]!, minor: version[1]! },
    lifecycle,
    counter: readUint32be(exact(findTlv(items, FCI_TAG.counter), 4, 'counter')),
    credentialLength: (length[0]! << 8) | length[1]!,
    hasKey: exact(findTlv(items, FCI_TAG.keyStatus), 1, 'key status')[0] === 1,
  };
}
