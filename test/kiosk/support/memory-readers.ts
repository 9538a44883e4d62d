import type { CardTransport } from '../../../shared/card/transport.ts';
import type { ReaderSource } from '../../../kiosk/core/readers/reader-source.ts';
import type { ReaderStatus } from '../../../kiosk/core/readers/reader-status.ts';

/**
 * A reader source a test taps cards on by hand; ResilientReaders plays this part on a real kiosk. Like it,
 * this source reports its readers' status: one working reader named "memory" (MemoryTransport's default) until
 * a test sets another, for the states pcscd cannot be made to produce on demand (a reader failing).
 */
export class MemoryReaders implements ReaderSource {
  private readonly listeners = new Set<(card: CardTransport) => void>();
  private readonly unreadListeners = new Set<(reader: string) => void>();
  private readonly statusListeners = new Set<(status: ReaderStatus) => void>();
  private current: ReaderStatus = { state: 'connected', readers: ['memory'] };

  onCard(listener: (card: CardTransport) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  onUnreadCard(listener: (reader: string) => void): () => void {
    this.unreadListeners.add(listener);
    return () => {
      this.unreadListeners.delete(listener);
    };
  }

  status(): ReaderStatus {
    return this.current;
  }

  onStatus(listener: (status: ReaderStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  tap(card: CardTransport): void {
    for (const listener of [...this.listeners]) listener(card);
  }

  /** As ResilientReaders announces a card laid on `reader` that PC/SC could not connect to. */
  cardNotRead(reader = 'memory'): void {
    for (const listener of [...this.unreadListeners]) listener(reader);
  }

  /** As ResilientReaders announces a change: the reader unplugged, pcscd gone, a reader failed, or back. */
  setStatus(status: ReaderStatus): void {
    this.current = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }

  get listening(): number {
    return this.listeners.size;
  }

  get watching(): number {
    return this.statusListeners.size;
  }
}
