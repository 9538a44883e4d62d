import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { CompactSign, type CryptoKey } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { ReferenceApplet } from '../../../card-firmware-spec/reference/applet.ts';
import { toBase64url, utf8 } from '../../../shared/bytes.ts';
import { MemoryTransport } from '../../../shared/card/memory-transport.ts';
import { provePresence, type CardEvidence } from '../../../shared/card/tap.ts';
import { eventHash, signEvent } from '../../../shared/events/event-jws.ts';
import { EVENT_TYP, type EventPayload } from '../../../shared/events/event-schema.ts';
import type { IssuerKeyFile } from '../../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../../shared/issuance/personalise.ts';
import { dataFiles } from '../../../server/bootstrap.ts';
import { CardSchema } from '../../../server/schemas/cards.ts';
import { EventBatchResultSchema, type Receipt } from '../../../server/schemas/events.ts';
import { MeetingSchema } from '../../../server/schemas/meetings.ts';
import { createMember, type TestMember } from './fixtures.ts';
import { call, expectOk, type ApiResponse } from './http.ts';
import type { KioskKey } from './kiosk-keys.ts';
import type { EnrolledKiosk, TestServer } from './test-server.ts';

/** A real card: the reference applet personalised through the real client, for a member of the server. */
export interface TestCard {
  member: TestMember;
  applet: ReferenceApplet;
  transport: MemoryTransport;
  credential: string;
  csn: string;
}

export async function issueCard(issuer: IssuerKeyFile, member: TestMember, options: { validDays?: number; now?: Date; applet?: ReferenceApplet } = {}): Promise<TestCard> {
  const applet = options.applet ?? ReferenceApplet.blank(randomBytes(8));
  const transport = new MemoryTransport(applet);
  const verified = await personaliseCard(transport, issuer, {
    member: member.memberNumber,
    name: member.name,
    idh: member.idh,
    validDays: options.validDays ?? 365,
    ...(options.now && { now: options.now }),
  });
  return { member, applet, transport, credential: verified.jwt, csn: verified.claims.csn };
}

/** Registers the card's credential on the server, as the issuance desk does. */
export async function registerCard(t: TestServer, card: TestCard): Promise<void> {
  expectOk(await t.call('POST', '/api/v1/cards', { token: await t.adminToken(), json: { credential: card.credential } }), 201, CardSchema);
}

/** A member with a registered card. */
export async function memberWithCard(t: TestServer, issuer: IssuerKeyFile, org: string): Promise<TestCard> {
  const card = await issueCard(issuer, await createMember(t, org));
  await registerCard(t, card);
  return card;
}

export async function scheduleMeeting(t: TestServer, org: string, startsAt = new Date(Date.now() - 3600_000)): Promise<string> {
  const body = { org, kind: 'general_meeting', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString() };
  return expectOk(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: body }), 201, MeetingSchema).id;
}

/** The card proves presence for one event's facts, through the real card protocol. */
export async function tap(card: TestCard, facts: { purpose: string; kioskKid: string; subjectId: string; at: string }): Promise<CardEvidence> {
  return (await provePresence(card.transport, facts)).evidence;
}

type Body = { [K in EventPayload['type']]: Omit<Extract<EventPayload, { type: K }>, 'v' | 'id' | 'kiosk' | 'seq' | 'prev' | 'at' | 'org'> }[EventPayload['type']];

/**
 * A kiosk's signing side as the kiosk core keeps it: seq 1, 2, … and prev = eventHash of the previous
 * event. Tests may bend any field (a fork reuses a seq, a broken chain a wrong prev).
 */
export class KioskSigner {
  seq = 0;
  prev: string | undefined;

  constructor(readonly kiosk: EnrolledKiosk) {}

  get kid(): string {
    return this.kiosk.kid;
  }

  async sign(body: Body, options: { at?: string; id?: string; seq?: number; prev?: string | null; org?: string; advance?: boolean } = {}): Promise<string> {
    const seq = options.seq ?? this.seq + 1;
    const prev = options.prev === null ? undefined : (options.prev ?? (seq === this.seq + 1 ? this.prev : undefined));
    const payload = {
      v: 1,
      id: options.id ?? uuidv7(),
      kiosk: this.kid,
      seq,
      ...(prev !== undefined && { prev }),
      at: options.at ?? new Date().toISOString(),
      org: options.org ?? this.kiosk.org,
      ...body,
    } as EventPayload;
    const jws = await signEvent(payload, this.kiosk.privateKey, this.kid);
    if (options.advance ?? true) {
      this.seq = seq;
      this.prev = await eventHash(jws);
    }
    return jws;
  }

  /** A check-in by `card` at `meeting`, tapped now (or at `at`) on this kiosk. */
  async checkin(card: TestCard, meeting: string, options: { at?: string; member?: string; tappedFor?: string } = {}): Promise<string> {
    const at = options.at ?? new Date().toISOString();
    const evidence = await tap(card, { purpose: 'checkin', kioskKid: this.kid, subjectId: options.tappedFor ?? meeting, at });
    return this.sign({ type: 'checkin', meeting, member: options.member ?? card.member.memberNumber, card: evidence }, { at });
  }

  /** An acceptance of the letter `transfer` on this kiosk: `card` taps, then `confirming` (a secretary's card), for the same facts. */
  async acceptTransfer(card: TestCard, confirming: TestCard, transfer: string, options: { at?: string } = {}): Promise<string> {
    const at = options.at ?? new Date().toISOString();
    const facts = { purpose: 'transfer.accept', kioskKid: this.kid, subjectId: transfer, at };
    const evidence = await tap(card, facts);
    return this.sign({ type: 'transfer.accept', transfer, member: card.member.memberNumber, card: evidence, secretary: await tap(confirming, facts) }, { at });
  }
}

/** Signs any JSON as this kiosk's event, bypassing the schema (for events the server must refuse). */
export async function signRaw(payload: unknown, key: CryptoKey, kid: string): Promise<string> {
  return new CompactSign(utf8(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', typ: EVENT_TYP, kid }).sign(key);
}

/**
 * Signs `payload` with the kiosk's Ed25519 key under any protected header, built by hand because jose
 * refuses to sign some of the headers the server must refuse (an unknown `crit`). The signature is good.
 */
export async function signWithHeader(payload: unknown, key: CryptoKey, header: Record<string, unknown>): Promise<string> {
  const signingInput = `${toBase64url(utf8(JSON.stringify(header)))}.${toBase64url(utf8(JSON.stringify(payload)))}`;
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', key, utf8(signingInput)));
  return `${signingInput}.${toBase64url(signature)}`;
}

/** The payload of a compact JWS, as sent (not verified). */
export const payloadOf = (jws: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

export async function postEvents(t: { call: TestServer['call']; kioskToken: TestServer['kioskToken'] }, kiosk: KioskKey, events: string[]): Promise<ApiResponse> {
  return t.call('POST', '/api/v1/events', { token: await t.kioskToken(kiosk), json: { events } });
}

/** Posts a batch and returns its receipts, after checking the answer's shape. */
export async function ingest(t: TestServer, kiosk: KioskKey, events: string[]): Promise<Receipt[]> {
  return expectOk(await postEvents(t, kiosk, events), 200, EventBatchResultSchema).results;
}

export async function ingestAt(url: string, token: string, events: string[]): Promise<Receipt[]> {
  return expectOk(await call(url, 'POST', '/api/v1/events', { token, json: { events } }), 200, EventBatchResultSchema).results;
}

export interface StoredEventRow {
  id: number;
  kiosk_kid: string;
  seq: number | null;
  event_id: string | null;
  type: string | null;
  status: string;
  code: string | null;
  chained: number;
  signed: number;
  log_index: number | null;
  jws: string;
  at: string | null;
  received_at: string;
  clock_ahead_ms: number | null;
}

/** A read-only look at the server's database, as an operator with the data folder would have. */
export function openDatabase(dataDir: string): Database.Database {
  return new Database(dataFiles(dataDir).database, { readonly: true, fileMustExist: true });
}

export function storedEvents(dataDir: string, kid: string): StoredEventRow[] {
  const db = openDatabase(dataDir);
  try {
    return db.prepare('SELECT * FROM events WHERE kiosk_kid = ? ORDER BY id').all(kid) as StoredEventRow[];
  } finally {
    db.close();
  }
}
