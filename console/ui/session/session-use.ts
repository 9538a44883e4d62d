/**
 * Whether the person used the console since its session token was issued, for renewing the session only while it is
 * in use: the API client notes each request, the page each key press and click. When the token is close to running
 * out, the session is renewed at once if it was used since, or else at the next sign of use; a console nobody
 * touches is not renewed, and its token runs out.
 */
export class SessionUse {
  private used = false;
  private pendingRenewal: (() => void) | undefined;

  /** a request, a key press or a click */
  note(): void {
    this.used = true;
    this.renewIfUsed();
  }

  /** the token is close to running out: `renew` now if the console was used since it was issued, or at the next use */
  renewalDue(renew: () => void): void {
    this.pendingRenewal = renew;
    this.renewIfUsed();
  }

  /** a new token is in use (signed in, renewed): nothing done before it counts, and no renewal is due */
  restart(): void {
    this.used = false;
    this.pendingRenewal = undefined;
  }

  private renewIfUsed(): void {
    const renew = this.pendingRenewal;
    if (!this.used || !renew) return;
    this.restart();
    renew();
  }
}
