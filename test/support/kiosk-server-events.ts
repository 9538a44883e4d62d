import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { KIOSK_KEY_FILE } from '../../kiosk/core/kiosk.ts';
import type { ApiClient } from '../../scripts/demo/api-client.ts';
import { eventHash, readEventHeader, verifyEvent } from '../../shared/events/event-jws.ts';
import type { EventPayload } from '../../shared/events/event-schema.ts';

/** One event the server accepted, as anyone can read it back: a leaf of the transparency log. */
export interface LoggedEvent {
  logIndex: number;
  jws: string;
  payload: EventPayload;
}

export interface AttendanceEntry {
  member: string;
  name: string;
  homeOrg: string | null;
  hostOrg: string;
  crossOrg: boolean;
  eventId: string;
  card: string | null;
  kiosk: string | null;
}

/** The kiosk's public key, from the private JWK it keeps in its data folder (kiosk-key.json). */
export async function kioskPublicKey(kioskDataDir: string): Promise<CryptoKey> {
  const { kty, crv, x } = JSON.parse(readFileSync(join(kioskDataDir, KIOSK_KEY_FILE), 'utf8')) as JWK;
  return (await importJWK({ kty, crv, x }, 'EdDSA')) as CryptoKey;
}

/**
 * Every event the server accepted from kiosk `kid`, in log order, read leaf by leaf through the public log API
 * (GET /api/v1/log/leaf/:index) until the first index the log does not hold. Each one's signature is checked
 * with the kiosk's key, so an event counted here is one the kiosk really signed.
 */
export async function loggedEvents(serverUrl: string, kiosk: { kid: string; key: CryptoKey }): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  for (let index = 0; ; index++) {
    const response = await fetch(new URL(`/api/v1/log/leaf/${index}`, serverUrl));
    if (response.status === 404) return events;
    if (!response.ok) throw new Error(`GET /api/v1/log/leaf/${index} answered ${response.status}: ${await response.text()}`);
    const { jws } = (await response.json()) as { jws: string };
    if (readEventHeader(jws).kid !== kiosk.kid) continue;
    events.push({ logIndex: index, jws, payload: await verifyEvent(jws, kiosk.key) });
  }
}

/**
 * What is wrong with `events` as one kiosk's whole history delivered once and in order: seq 1..N in log order,
 * each `prev` the hash of the event before, no event id twice. Empty when nothing is.
 */
export async function chainProblems(events: readonly LoggedEvent[]): Promise<string[]> {
  const problems: string[] = [];
  const ids = new Set<string>();
  let previousHash: string | undefined;
  for (const [i, event] of events.entries()) {
    const { seq, prev, id } = event.payload;
    if (seq !== i + 1) problems.push(`log position ${i} holds seq ${seq}`);
    if (prev !== previousHash) problems.push(`seq ${seq}: prev ${String(prev)}, expected ${String(previousHash)}`);
    if (ids.has(id)) problems.push(`event id ${id} twice`);
    ids.add(id);
    previousHash = await eventHash(event.jws);
  }
  return problems;
}

export async function attendance(api: ApiClient, meetingId: string): Promise<AttendanceEntry[]> {
  return (await api.get<{ attendance: AttendanceEntry[] }>(`/api/v1/meetings/${meetingId}/attendance`)).attendance;
}
