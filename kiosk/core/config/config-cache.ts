import { verifyRevocationList } from '../../../shared/verify/revocation.ts';
import { isMicError } from '../../../shared/errors.ts';
import { KioskError } from '../errors.ts';
import type { EnrolmentStore } from '../store/enrolment-store.ts';
import type { KioskDb } from '../store/kiosk-db.ts';
import type { z } from 'zod';
import { KioskConfigSchema, type KioskConfigBody, type ServerKey } from './config-schema.ts';
import { KioskConfig } from './kiosk-config.ts';

interface CachedRow {
  body: string;
  fetched_at: string;
}

/** Names the first field that is wrong, so the person reading the kiosk's log knows where to look. */
function schemaError(error: z.ZodError): KioskError {
  const first = error.issues[0];
  const where = first ? ` (${first.path.join('.') || 'top level'}: ${first.message})` : '';
  return new KioskError('ERR_CONFIG_INVALID', `the configuration does not match its schema${where}`, { cause: error, details: { issues: error.issues.slice(0, 5) } });
}

function parseConfig(json: unknown): KioskConfigBody {
  const parsed = KioskConfigSchema.safeParse(json);
  if (!parsed.success) throw schemaError(parsed.error);
  return parsed.data;
}

const sameKey = (a: ServerKey, b: ServerKey): boolean => a.kty === b.kty && a.crv === b.crv && a.x === b.x;

/**
 * The last configuration the server sent, kept in the kiosk database. Nothing is stored that was not
 * verified first: the schema, the issuer keys, and the revocation list's signature against the pinned
 * server key. A list older than the cached one (a replayed answer) is refused, so a revoked card cannot
 * come back by someone replaying yesterday's configuration.
 */
export class ConfigCache {
  constructor(
    private readonly db: KioskDb,
    private readonly enrolment: EnrolmentStore,
  ) {}

  etag(): string | undefined {
    return this.db.prepare<[], string | null>('SELECT etag FROM config_cache WHERE id = 1').pluck().get() ?? undefined;
  }

  /** The cached configuration, re-verified; undefined before the first successful sync. */
  async load(): Promise<KioskConfig | undefined> {
    const row = this.db.prepare<[], CachedRow>('SELECT body, fetched_at FROM config_cache WHERE id = 1').get();
    const serverKey = this.enrolment.get()?.serverKey;
    if (!row || !serverKey) return undefined;
    return this.verify(parseConfig(JSON.parse(row.body)), serverKey, row.fetched_at);
  }

  /**
   * Verifies a configuration the server just sent and, when it holds, replaces the cached one. The first
   * `serverKey` a configuration carries is pinned here (trust on first use, in the same transaction as
   * the configuration it verified); a different key later is refused with ERR_SERVER_KEY_CHANGED.
   */
  async accept(json: unknown, etag: string | undefined, fetchedAt: Date): Promise<KioskConfig> {
    const enrolment = this.enrolment.get();
    if (!enrolment) throw new KioskError('ERR_KIOSK_NOT_ENROLLED', 'a configuration arrived before the kiosk was enrolled');
    const body = parseConfig(json);
    const pinned = enrolment.serverKey;
    const carried = body.serverKey;
    if (pinned && carried && !sameKey(pinned, carried)) {
      throw new KioskError('ERR_SERVER_KEY_CHANGED', 'the server offers a different signing key than the one pinned at enrolment; re-enrol the kiosk if the server key was really replaced', {
        details: { pinned: pinned.x, offered: carried.x },
      });
    }
    const serverKey = pinned ?? carried;
    if (!serverKey) throw new KioskError('ERR_SERVER_KEY_UNKNOWN', 'the configuration carries no server key and none is pinned, so its revocation list cannot be checked');

    const config = await this.verify(body, serverKey, fetchedAt.toISOString());
    const cachedSeq = this.db.prepare<[], number>('SELECT revocation_seq FROM config_cache WHERE id = 1').pluck().get();
    const seq = config.revocations.list.seq;
    if (cachedSeq !== undefined && seq < cachedSeq) {
      throw new KioskError('ERR_REVOCATIONS_ROLLED_BACK', `the revocation list is version ${seq}, older than the cached version ${cachedSeq}`, {
        details: { offered: seq, cached: cachedSeq },
      });
    }
    this.db.transaction(() => {
      if (!pinned) this.enrolment.pinServerKey(serverKey, fetchedAt);
      this.db
        .prepare(
          `INSERT INTO config_cache (id, body, etag, revocation_seq, server_time, fetched_at) VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, etag = excluded.etag, revocation_seq = excluded.revocation_seq,
             server_time = excluded.server_time, fetched_at = excluded.fetched_at`,
        )
        .run(JSON.stringify(json), etag ?? null, seq, config.body.serverTime, fetchedAt.toISOString());
    })();
    return config;
  }

  /** A 304 answer: the cached configuration is still current; only the time it was confirmed moves. */
  confirm(fetchedAt: Date): void {
    this.db.prepare('UPDATE config_cache SET fetched_at = ? WHERE id = 1').run(fetchedAt.toISOString());
  }

  /** The revocation list's signature against `serverKey`; the body has passed the schema already. */
  private async verify(body: KioskConfigBody, serverKey: ServerKey, fetchedAt: string): Promise<KioskConfig> {
    try {
      const revocations = await verifyRevocationList(body.revocations, serverKey);
      return new KioskConfig(body, revocations, fetchedAt);
    } catch (cause) {
      if (isMicError(cause)) throw new KioskError('ERR_CONFIG_INVALID', `the configuration failed verification: ${cause.message}`, { cause, details: { code: cause.code } });
      throw cause;
    }
  }
}
