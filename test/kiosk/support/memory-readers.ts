import type { CardTransport } from '../../../shared/card/transport.ts';
import type { ReaderSource } from '../../../kiosk/core/readers/reader-source.ts';

/** A reader source a test taps cards on by hand; PcscReaders plays this part on a real kiosk. */
export class MemoryReaders implements ReaderSource {
  private readonly listeners = new Set<(card: CardTransport) => void>();

  onCard(listener: (card: CardTransport) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  tap(card: CardTransport): void {
    for (const listener of [...this.listeners]) listener(card);
  }

  get listening(): number {
    return this.listeners.size;
  }
}
