import { CardRemovedError } from '../errors.ts';
import type { CardTransport } from './transport.ts';

/** Anything that answers command bytes with response bytes: the reference applet, or a test's script. */
export interface ApduProcessor {
  process(apdu: Uint8Array): Uint8Array;
}

/** A card lying on an in-memory reader. `lift()` takes it away; later exchanges fail as a real lift does. */
export class MemoryTransport implements CardTransport {
  private present = true;

  constructor(
    private readonly card: ApduProcessor,
    readonly reader = 'memory',
  ) {}

  lift(): void {
    this.present = false;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.present) throw new CardRemovedError();
    return this.card.process(apdu);
  }
}
