import { createHash } from 'node:crypto';
import { signRevocationList, type RevocationList } from '../../shared/verify/revocation.ts';
import type { ServerSigningKey } from '../keys/server-signing-key.ts';
import type { CardReader, RevocationSnapshot } from '../store/repositories/cards.ts';

/**
 * The revocation list kiosks sync, signed with the server key. Its `iat` is the time of the last change
 * and Ed25519 signatures are deterministic, so the same list always has the same bytes: the config
 * ETag only changes when the list does. One signature is kept per seq.
 */
export class RevocationPublisher {
  private cached: { seq: number; jws: string; digest: string } | undefined;

  constructor(
    private readonly serverId: string,
    private readonly key: ServerSigningKey,
  ) {}

  static toList(serverId: string, snapshot: RevocationSnapshot): RevocationList {
    return {
      iss: serverId,
      seq: snapshot.seq,
      iat: Math.floor(Date.parse(snapshot.changedAt) / 1000),
      entries: snapshot.entries.map((entry) => ({ csn: entry.csn, reason: entry.reason, at: entry.at })),
    };
  }

  /** The list as GET /revocations and bundles carry it. */
  async current(cards: CardReader): Promise<{ seq: number; jws: string }> {
    const { seq, jws } = await this.currentWithDigest(cards);
    return { seq, jws };
  }

  /**
   * Every kiosk config sync asks: the list is read (every card not active) and signed only when its seq moved, and
   * hashed (SHA-256, base64url) with it, so the configuration's ETag covers a long list without hashing it each time.
   */
  async currentWithDigest(cards: CardReader): Promise<{ seq: number; jws: string; digest: string }> {
    if (this.cached && this.cached.seq === (await cards.revocationSeq())) return this.cached;
    const snapshot = await cards.revocations();
    const jws = await signRevocationList(RevocationPublisher.toList(this.serverId, snapshot), this.key.privateKey, this.key.kid);
    this.cached = { seq: snapshot.seq, jws, digest: createHash('sha256').update(jws).digest('base64url') };
    return this.cached;
  }
}
