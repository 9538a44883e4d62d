import type { KioskTokenIdWriter } from '../store/repositories/kiosk-token-ids.ts';

/**
 * How often ids past their time are deleted: the table then holds a few minutes of kiosk requests, and the
 * delete runs once a minute on the request that finds the minute over, instead of on every request.
 */
export const FORGET_EXPIRED_EVERY_SECONDS = 60;

/**
 * The kiosk token ids (jti) seen and not yet expired, so a captured token cannot be replayed. They are kept in
 * the database, which decides in one statement: a token used once before a restart is still refused after it.
 */
export class KioskTokenIds {
  private forgottenAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly store: KioskTokenIdWriter) {}

  /** Records `jti` until `exp` (epoch seconds); false when it was already there. */
  async remember(kid: string, jti: string, exp: number, nowSeconds: number): Promise<boolean> {
    if (nowSeconds - this.forgottenAt >= FORGET_EXPIRED_EVERY_SECONDS) {
      // Set before the delete awaits its turn, so requests arriving meanwhile do not queue deletes of their own.
      this.forgottenAt = nowSeconds;
      await this.store.forgetExpired(nowSeconds);
    }
    return this.store.remember({ kid, jti, exp }, nowSeconds);
  }
}
