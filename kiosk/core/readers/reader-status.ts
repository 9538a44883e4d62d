/**
 * What the screen can say about the card readers:
 * - `connected`: pcscd answers and lists at least one reader, so taps work;
 * - `no-readers`: pcscd answers but lists none (the reader is unplugged); plugging one in is enough;
 * - `waiting-for-pcscd`: the PC/SC service is not running, restarting, or has not listed its readers yet; the
 *   kiosk reconnects by itself.
 */
export type ReaderState = 'connected' | 'waiting-for-pcscd' | 'no-readers';

export interface ReaderStatus {
  readonly state: ReaderState;
  /** the readers a card can be tapped on now (SAM slots never count) */
  readonly readers: readonly string[];
}

/** `readersKnown`: connected to pcscd, and it has had time to list its readers. */
export function readerStatus(readersKnown: boolean, readers: readonly string[]): ReaderStatus {
  if (!readersKnown) return { state: 'waiting-for-pcscd', readers: [] };
  return { state: readers.length > 0 ? 'connected' : 'no-readers', readers: [...readers] };
}

export function sameReaderStatus(a: ReaderStatus, b: ReaderStatus): boolean {
  return a.state === b.state && a.readers.length === b.readers.length && a.readers.every((name, i) => name === b.readers[i]);
}
