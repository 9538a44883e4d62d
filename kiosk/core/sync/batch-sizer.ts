/**
 * How many events the next POST carries. It starts at the most asked for (the contract's 500 by default:
 * the server's cost per request is spread over more events, which roughly doubles the drain rate against
 * batches of 250). A batch that does not get through is halved for the next try: too large for a proxy
 * (413) also lowers the ceiling for good, while no answer in time (a slow link) only lowers the next
 * batch, which doubles back after each batch that got through, up to the ceiling.
 */
export class BatchSizer {
  private ceiling: number;
  private current: number;

  constructor(most: number) {
    this.ceiling = Math.max(1, most);
    this.current = this.ceiling;
  }

  get limit(): number {
    return this.current;
  }

  tooLarge(sent: number): void {
    this.ceiling = Math.max(1, Math.ceil(sent / 2));
    this.current = Math.min(this.current, this.ceiling);
  }

  noAnswer(sent: number): void {
    this.current = Math.max(1, Math.ceil(sent / 2));
  }

  delivered(): void {
    this.current = Math.min(this.ceiling, this.current * 2);
  }
}
