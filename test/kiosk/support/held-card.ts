import { INS } from '../../../shared/card/constants.ts';
import type { ApduProcessor } from '../../../shared/card/memory-transport.ts';
import type { CardTransport } from '../../../shared/card/transport.ts';

/**
 * A card on `reader` whose reading stops just before it signs its presence, until the test lets it go on: what a
 * slow card looks like while something else happens at the kiosk. `signing` resolves when it has got that far.
 */
export class HeldCard implements CardTransport {
  readonly signing: Promise<void>;
  private reached!: () => void;
  private released!: () => void;
  private readonly release = new Promise<void>((resolve) => {
    this.released = resolve;
  });

  constructor(
    private readonly card: ApduProcessor,
    readonly reader: string,
  ) {
    this.signing = new Promise((resolve) => {
      this.reached = resolve;
    });
  }

  letGo(): void {
    this.released();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (apdu[1] === INS.internalAuthenticate) {
      this.reached();
      await this.release;
    }
    return this.card.process(apdu);
  }
}
