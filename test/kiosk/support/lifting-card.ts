import type { ApduProcessor } from '../../../shared/card/memory-transport.ts';
import { CardRemovedError } from '../../../shared/errors.ts';

/**
 * A card that leaves the field during the `nth` command with instruction byte `ins`: the card still
 * processes that command (a real card may finish signing as it leaves), but the answer never arrives.
 */
export class LiftingCard implements ApduProcessor {
  private seen = 0;
  private gone = false;

  constructor(
    private readonly card: ApduProcessor,
    private readonly ins: number,
    private readonly nth = 1,
  ) {}

  process(apdu: Uint8Array): Uint8Array {
    if (this.gone) throw new CardRemovedError();
    const response = this.card.process(apdu);
    if (apdu[1] === this.ins && ++this.seen === this.nth) {
      this.gone = true;
      throw new CardRemovedError();
    }
    return response;
  }
}
