/**
 * One card in one reader. `transmit` sends command bytes and resolves with the card's response bytes
 * (data ‖ SW1 SW2), or rejects with CardRemovedError when the card or reader is gone.
 */
export interface CardTransport {
  readonly reader: string;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}
