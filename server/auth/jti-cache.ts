/**
 * Kiosk token ids seen and not yet expired, so a captured token cannot be replayed. Held in memory:
 * a token lives at most a minute, so after a restart the exposure is that minute.
 */
export class JtiCache {
  private readonly expiries = new Map<string, number>();
  private sweptAt = 0;

  /** Records `jti` until `exp` (epoch seconds); false when it was already there. */
  remember(kid: string, jti: string, exp: number, nowSeconds: number): boolean {
    this.sweep(nowSeconds);
    const key = `${kid} ${jti}`;
    const known = this.expiries.get(key);
    if (known !== undefined && known >= nowSeconds) return false;
    this.expiries.set(key, exp);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private sweep(nowSeconds: number): void {
    if (nowSeconds - this.sweptAt < 10) return;
    this.sweptAt = nowSeconds;
    for (const [key, exp] of this.expiries) if (exp < nowSeconds) this.expiries.delete(key);
  }
}
