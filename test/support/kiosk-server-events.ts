import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { KIOSK_KEY_FILE } from '../../kiosk/core/kiosk.ts';
import type { ApiClient } from '../../scripts/demo/api-client.ts';
import { eventHash, verifyEvent } from '../../shared/events/event-jws.ts';
import { loadKioskKey } from '../../shared/events/kiosk-key.ts';
import type { EventPayload } from '../../shared/events/event-schema.ts';
import { signKioskToken } from '../../shared/events/kiosk-token.ts';

/** One event the server accepted, as the kiosk that signed it reads it back: a leaf of the transparency log. */
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

/**
 * Every event the server accepted from the kiosk whose data folder is `kioskDataDir`, in log order, read leaf by leaf
 * as that kiosk reads them (GET /api/v1/kiosk/log/leaf/:index with a token signed by its key, kiosk-key.json) until
 * the first index the log does not hold. The server refuses it other kiosks' leaves (403 ERR_OUT_OF_SCOPE), which are
 * skipped. Each one's signature is checked with the kiosk's key, so an event counted here is one the kiosk really signed.
 */
export async function loggedEvents(serverUrl: string, kioskDataDir: string): Promise<LoggedEvent[]> {
  const kiosk = await loadKioskKey(JSON.parse(readFileSync(join(kioskDataDir, KIOSK_KEY_FILE), 'utf8')) as JWK);
  const publicKey = (await importJWK(kiosk.publicJwk, 'EdDSA')) as CryptoKey;
  const events: LoggedEvent[] = [];
  for (let index = 0; ; index++) {
    const path = `/api/v1/kiosk/log/leaf/${index}`;
    const response = await fetch(new URL(path, serverUrl), { headers: { authorization: `Bearer ${await signKioskToken(kiosk.privateKey, kiosk.kid)}` } });
    if (response.status === 404) return events;
    const text = await response.text();
    if (response.status === 403 && (JSON.parse(text) as { error?: { code?: string } }).error?.code === 'ERR_OUT_OF_SCOPE') continue;
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
    const { jws } = JSON.parse(text) as { jws: string };
    events.push({ logIndex: index, jws, payload: await verifyEvent(jws, publicKey) });
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
