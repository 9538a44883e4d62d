import type { CardTransport } from '../../../shared/card/transport.ts';
import type { ReaderStatus } from './reader-status.ts';

/**
 * Anything that reports cards as they are tapped: PcscReaders (shared/card/pcsc-transport.node.ts) over
 * PC/SC, or an in-memory source in tests. Each call of the listener is one tap on one reader; the
 * transport stops working when that card leaves.
 */
export interface ReaderSource {
  /** Calls `listener` for every card tapped from now on; returns the function that stops it. */
  onCard(listener: (card: CardTransport) => void): () => void;
  /**
   * Calls `listener` with the reader's name whenever a card was laid on it but could not be read at all (PC/SC
   * failed to connect to it): a failed tap, not a failed reader. A source without this never reports one.
   */
  onUnreadCard?(listener: (reader: string) => void): () => void;
  /**
   * A source that watches its readers (ResilientReaders) says whether a tap can work now, so the screen can
   * say when it cannot. A source without these is taken to have a reader.
   */
  status?(): ReaderStatus;
  /** Calls `listener` with the new status whenever it changes; returns the function that stops it. */
  onStatus?(listener: (status: ReaderStatus) => void): () => void;
}
