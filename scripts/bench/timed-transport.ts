import { performance } from 'node:perf_hooks';
import type { CardTransport } from '../../shared/card/transport.ts';

/** A card transport that adds up the time spent inside transmit: the PC/SC round trips plus the card's own work. */
export class TimedTransport implements CardTransport {
  transmitMs = 0;

  constructor(private readonly inner: CardTransport) {}

  get reader(): string {
    return this.inner.reader;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const start = performance.now();
    try {
      return await this.inner.transmit(apdu);
    } finally {
      this.transmitMs += performance.now() - start;
    }
  }
}
