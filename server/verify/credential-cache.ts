import type { KeyObject } from 'node:crypto';
import type { CheckedCredential } from '../../shared/verify/credential.ts';

/** A verified credential with its card key ready for node:crypto. */
export interface CachedCredential {
  credential: CheckedCredential;
  cardKey: KeyObject;
}

/**
 * Credentials already verified, by their JWT text. A card taps many times with the same credential, so
 * its issuer signature is checked once, not per event. A cached verdict is used only for taps inside
 * the credential's validity [iat, exp): anywhere near its edges the full verifier decides again, so
 * expiry and not-yet-valid are never judged here. Least recently used entries go first.
 */
export class CredentialCache {
  private readonly entries = new Map<string, CachedCredential>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** the cached credential when the tap time `at` lies inside its validity */
  validAt(jwt: string, at: Date): CachedCredential | undefined {
    const cached = this.entries.get(jwt);
    if (!cached) return undefined;
    const seconds = Math.floor(at.getTime() / 1000);
    if (seconds < cached.credential.claims.iat || seconds >= cached.credential.claims.exp) return undefined;
    this.entries.delete(jwt);
    this.entries.set(jwt, cached);
    return cached;
  }

  remember(cached: CachedCredential): void {
    const jwt = cached.credential.jwt;
    this.entries.delete(jwt);
    this.entries.set(jwt, cached);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
