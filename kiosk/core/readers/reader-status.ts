/**
 * What the screen can say about the card readers:
 * - `connected`: pcscd answers and lists at least one reader, so taps work;
 * - `no-readers`: pcscd answers but lists none (the reader is unplugged); plugging one in is enough;
 * - `waiting-for-pcscd`: the PC/SC service is not running, restarting, or has not listed its readers yet; the
 *   kiosk reconnects by itself;
 * - `failed`: a reader failed while pcscd stayed up, and no reader works since (or pcscd answers but keeps refusing
 *   the kiosk, its readers, or keeps it waiting: then the failure names no reader); replugging the reader usually
 *   helps, and the kiosk keeps trying by itself.
 */
export type ReaderState = 'connected' | 'waiting-for-pcscd' | 'no-readers' | 'failed';

export interface ReaderFailure {
  /** the reader that failed; absent when the PC/SC service itself refused */
  readonly reader?: string;
  /** PC/SC's own words, for whoever services the kiosk */
  readonly message: string;
}

export interface ReaderStatus {
  readonly state: ReaderState;
  /** the readers a card can be tapped on now (SAM slots never count) */
  readonly readers: readonly string[];
  /** with `failed`: what failed */
  readonly failure?: ReaderFailure;
}

/**
 * `readersKnown`: connected to pcscd, and it has had time to list its readers. `failure`: the latest reader
 * failure not yet explained by pcscd going away nor cured by a working reader.
 */
export function readerStatus(readersKnown: boolean, readers: readonly string[], failure?: ReaderFailure): ReaderStatus {
  if (readersKnown && readers.length > 0) return { state: 'connected', readers: [...readers] };
  // A failure holds through reconnections until a reader works, so the screen does not flicker through "waiting".
  if (failure) return { state: 'failed', readers: [], failure };
  return { state: readersKnown ? 'no-readers' : 'waiting-for-pcscd', readers: [] };
}

export function sameReaderStatus(a: ReaderStatus, b: ReaderStatus): boolean {
  return (
    a.state === b.state &&
    a.failure?.reader === b.failure?.reader &&
    a.failure?.message === b.failure?.message &&
    a.readers.length === b.readers.length &&
    a.readers.every((name, i) => name === b.readers[i])
  );
}

/**
 * Several reader sources read as one: taps work when any of them has a reader; otherwise the most telling
 * trouble wins (a failure says more than an empty list, which says more than a service still starting).
 */
export function combinedReaderStatus(statuses: readonly ReaderStatus[]): ReaderStatus | undefined {
  if (statuses.length <= 1) return statuses[0];
  const readers = statuses.flatMap((status) => status.readers);
  if (readers.length > 0) return { state: 'connected', readers };
  const telling: ReaderState[] = ['failed', 'no-readers', 'waiting-for-pcscd'];
  return telling.map((state) => statuses.find((status) => status.state === state)).find((status) => status !== undefined);
}
