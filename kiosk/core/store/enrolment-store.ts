import { KioskError } from '../errors.ts';
import type { ServerKey } from '../config/config-schema.ts';
import type { KioskDb } from './kiosk-db.ts';

export interface Enrolment {
  serverUrl: string;
  kioskId: string;
  org: string;
  name: string;
  enrolledAt: string;
  serverKey: ServerKey | undefined;
}

interface EnrolmentRow {
  server_url: string;
  kiosk_id: string;
  org: string;
  name: string;
  enrolled_at: string;
  server_key: string | null;
}

/** The kiosk's identity record and its enrolment with a server, one row each. */
export class EnrolmentStore {
  constructor(private readonly db: KioskDb) {}

  /**
   * Records the kiosk key's kid on the first run; on later runs refuses a different key. A new key with the
   * old outbox would start a second seq chain beside events the server has not received yet.
   */
  bindIdentity(kid: string, now: Date): void {
    const known = this.db.prepare<[], string>('SELECT kid FROM kiosk_identity WHERE id = 1').pluck().get();
    if (known === undefined) {
      this.db.prepare('INSERT INTO kiosk_identity (id, kid, created_at) VALUES (1, ?, ?)').run(kid, now.toISOString());
      return;
    }
    if (known !== kid) {
      throw new KioskError('ERR_KIOSK_IDENTITY_MISMATCH', `the kiosk database belongs to key ${known}, but the key store holds ${kid}; restore the key file that belongs with this database`, {
        details: { databaseKid: known, keyStoreKid: kid },
      });
    }
  }

  get(): Enrolment | undefined {
    const row = this.db
      .prepare<[], EnrolmentRow>('SELECT server_url, kiosk_id, org, name, enrolled_at, server_key FROM enrolment WHERE id = 1')
      .get();
    if (!row) return undefined;
    return {
      serverUrl: row.server_url,
      kioskId: row.kiosk_id,
      org: row.org,
      name: row.name,
      enrolledAt: row.enrolled_at,
      serverKey: row.server_key === null ? undefined : (JSON.parse(row.server_key) as ServerKey),
    };
  }

  save(enrolment: Omit<Enrolment, 'serverKey'>, serverKey: ServerKey | undefined, now: Date): void {
    this.db
      .prepare('INSERT INTO enrolment (id, server_url, kiosk_id, org, name, enrolled_at, server_key, server_key_pinned_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        enrolment.serverUrl, enrolment.kioskId, enrolment.org, enrolment.name, enrolment.enrolledAt,
        serverKey === undefined ? null : JSON.stringify(serverKey), serverKey === undefined ? null : now.toISOString(),
      );
  }

  /** Trust on first use: only ever fills an empty pin. Replacing a pinned key takes a new enrolment. */
  pinServerKey(serverKey: ServerKey, now: Date): void {
    this.db
      .prepare('UPDATE enrolment SET server_key = ?, server_key_pinned_at = ? WHERE id = 1 AND server_key IS NULL')
      .run(JSON.stringify(serverKey), now.toISOString());
  }
}
