/*
 * A CONTRACT DOUBLE of the server: only the three calls of DESIGN's appendix a kiosk makes (enroll, config,
 * events), implemented faithfully with the shared verification code (kiosk tokens, event signatures, the
 * seq/prev chain, card evidence), so the kiosk core's sync can be tested here without the real server.
 * The real server (server/) replaces it in the end-to-end suite; nothing outside test/kiosk uses it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import { eventHash, verifyEvent } from '../../../shared/events/event-jws.ts';
import type { EventPayload } from '../../../shared/events/event-schema.ts';
import { KIOSK_TOKEN_AUDIENCE, KIOSK_TOKEN_MAX_SECONDS, KIOSK_TOKEN_TYP } from '../../../shared/events/kiosk-token.ts';
import { isMicError } from '../../../shared/errors.ts';
import { verifyCardEvidence } from '../../../shared/verify/card-evidence.ts';
import { IssuerTrust } from '../../../shared/verify/issuer-trust.ts';
import type { IssuerJwk } from '../../../shared/verify/jwk.ts';
import { RevocationSet, signRevocationList, type RevocationEntry } from '../../../shared/verify/revocation.ts';

export interface ConfigContent {
  issuers: IssuerJwk[];
  roster: { member: string; name: string; org: string; orgName?: string; role?: string }[];
  /** `status` as the server keeps it; a server older than the kiosk sends closed meetings too, marked 'closed' */
  meetings: { id: string; org: string; kind: string; title: string; startsAt: string; endsAt: string | null; place: string | null; status?: string }[];
  transfers: { id: string; member: string; name?: string; fromOrg?: string; toOrg?: string; expiresAt?: string }[];
  /** the kinds a secretary may open; absent, as from a server older than the list */
  meetingKinds?: { code: string; nameZh: string; nameEn?: string }[];
  /** the organisation's zone; absent, as from a server older than the field */
  timeZone?: string;
  revoked: RevocationEntry[];
  /** the revocation list's version; grows by itself when `revoked` changes unless given */
  revocationSeq?: number;
}

interface EnrolledKiosk {
  kid: string;
  org: string;
  name: string;
  key: CryptoKey;
}

export interface StoredEvent {
  seq: number;
  jws: string;
  payload: EventPayload;
  logIndex: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  ifNoneMatch?: string | undefined;
  /** the Mic-Outbox-Pending header as sent */
  outboxPending?: string | undefined;
  /** the Mic-Clock-Offset header as sent */
  clockOffset?: string | undefined;
  events?: number;
}

type Receipt = { seq: number; status: 'accepted' | 'duplicate' | 'rejected'; code?: string; logIndex?: number };

/** The seq an unverifiable event claims, so its receipt can still be matched to it. */
function claimedSeq(jws: string): number {
  try {
    const seq: unknown = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')).seq;
    return typeof seq === 'number' ? seq : 0;
  } catch {
    return 0;
  }
}

const fail = (response: Response, status: number, code: string, message: string): void => {
  response.status(status).json({ error: { code, message } });
};

export class ContractServer {
  readonly requests: LoggedRequest[] = [];
  readonly kiosks = new Map<string, EnrolledKiosk>();
  private readonly chains = new Map<string, { jws: string; payload: EventPayload; receipt: Receipt }[]>();
  /** every event the server refused, with its code: kept, like the real server keeps them */
  readonly rejected: { kid: string; seq: number; code: string }[] = [];
  private readonly tokens = new Map<string, string>();
  /** meeting id → when it was closed (ms), as another kiosk's meeting.close told the real server */
  private readonly closedMeetings = new Map<string, number>();
  private readonly seenJti = new Set<string>();
  private content: ConfigContent = { issuers: [], roster: [], meetings: [], transfers: [], revoked: [] };
  private revocationSeq = 1;
  private revocationsJws = '';
  /** when set, revocation lists are signed with this key while serverKey still names the real one (a forgery) */
  private forger: CryptoKey | undefined;
  private failures: { remaining: number; status: number } = { remaining: 0, status: 503 };
  private logIndex = 0;
  private server: Server | undefined;
  private port = 0;

  private constructor(
    private signingKey: CryptoKey,
    public serverKey: JWK,
    private readonly bodyLimit: string,
  ) {}

  /** `bodyLimit`: the largest request body accepted (413 beyond it), as a server or proxy in front of it may set. */
  static async start(options: { bodyLimit?: string } = {}): Promise<ContractServer> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const serverKey = { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: 'EdDSA', use: 'sig' };
    const contract = new ContractServer(privateKey, serverKey, options.bodyLimit ?? '20mb');
    await contract.setConfig(contract.content);
    await contract.listen();
    return contract;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  createEnrolmentToken(org: string): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, org);
    return token;
  }

  async setConfig(content: ConfigContent): Promise<void> {
    const revokedChanged = JSON.stringify(content.revoked) !== JSON.stringify(this.content.revoked);
    this.revocationSeq = content.revocationSeq ?? (revokedChanged ? this.revocationSeq + 1 : this.revocationSeq);
    this.content = content;
    const list = { iss: 'member-card', seq: this.revocationSeq, iat: Math.floor(Date.now() / 1000), entries: content.revoked };
    this.revocationsJws = await signRevocationList(list, this.forger ?? this.signingKey, String(this.serverKey.kid));
  }

  /** A server that was reinstalled with a new signing key (or an impostor): the configuration names the new key. */
  async replaceServerKey(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    this.signingKey = privateKey;
    this.serverKey = { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: 'EdDSA', use: 'sig' };
    await this.setConfig(this.content);
  }

  /** From now on the revocation list is signed by a stranger, while the configuration still names the real key. */
  async forgeRevocations(): Promise<void> {
    this.forger = (await generateKeyPair('EdDSA')).privateKey;
    await this.setConfig({ ...this.content, revocationSeq: this.revocationSeq + 1 });
  }

  /**
   * The meeting was closed at another kiosk of the branch (or by the branch) at `at`: from then on, as the real server
   * does, a check-in tapped at or after it is refused with ERR_MEETING_CLOSED, and one tapped before it still counts.
   */
  closeMeeting(meeting: string, at = new Date()): void {
    this.closedMeetings.set(meeting, at.getTime());
  }

  /** The next `count` authenticated requests are answered with `status` (a server in trouble). */
  failNext(count: number, status = 503): void {
    this.failures = { remaining: count, status };
  }

  /** Stops listening, so the kiosk meets a refused connection: a real network failure. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  /** Listens again on the same port. */
  async restart(): Promise<void> {
    await this.listen(this.port);
  }

  /** The events the double accepted from a kiosk, in seq order. */
  eventsOf(kid: string): StoredEvent[] {
    return (this.chains.get(kid) ?? []).flatMap(({ jws, payload, receipt }) =>
      receipt.status === 'accepted' ? [{ seq: payload.seq, jws, payload, logIndex: receipt.logIndex! }] : []);
  }

  private async listen(port = 0): Promise<void> {
    const app = this.app();
    await new Promise<void>((resolve) => {
      this.server = app.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server!.address() as AddressInfo).port;
  }

  private app(): express.Express {
    const app = express();
    app.use((request, response, next) => {
      response.on('finish', () => {
        const body = request.body as { events?: unknown[] } | undefined;
        this.requests.push({
          method: request.method,
          path: request.path,
          status: response.statusCode,
          ifNoneMatch: request.get('if-none-match'),
          outboxPending: request.get('mic-outbox-pending'),
          clockOffset: request.get('mic-clock-offset'),
          ...(Array.isArray(body?.events) && { events: body.events.length }),
        });
      });
      next();
    });
    app.use(express.json({ limit: this.bodyLimit }));
    app.post('/api/v1/kiosks/enroll', (request, response) => void this.enrol(request, response));
    app.get('/api/v1/kiosk/config', this.authenticate, this.injectFailure, (request, response) => this.config(request, response));
    app.post('/api/v1/events', this.authenticate, this.injectFailure, (request, response) => void this.ingest(request, response));
    return app;
  }

  private async enrol(request: Request, response: Response): Promise<void> {
    const { token, name, jwk } = (request.body ?? {}) as { token?: unknown; name?: unknown; jwk?: JWK };
    if (typeof token !== 'string' || typeof name !== 'string' || !jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk) {
      return fail(response, 400, 'ERR_VALIDATION', 'token, name and a public Ed25519 jwk are required');
    }
    const org = this.tokens.get(token);
    if (org === undefined) return fail(response, 403, 'ERR_ENROLMENT_TOKEN_UNKNOWN', 'unknown or used enrolment token');
    this.tokens.delete(token);
    const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
    this.kiosks.set(kid, { kid, org, name, key: (await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA')) as CryptoKey });
    response.status(201).json({ kioskId: kid, org, serverTime: new Date().toISOString() });
  }

  /** DESIGN appendix: a JWT the kiosk signs, typ mic-kiosk+jwt, iss = kid, aud member-card, exp ≤ iat + 60 s, jti once. */
  private readonly authenticate = (request: Request, response: Response, next: NextFunction): void => {
    void (async () => {
      const token = /^Bearer (.+)$/.exec(request.get('authorization') ?? '')?.[1];
      if (!token) return fail(response, 401, 'ERR_KIOSK_TOKEN_MISSING', 'no bearer token');
      let kid: unknown;
      try {
        ({ kid } = decodeProtectedHeader(token));
      } catch {
        return fail(response, 401, 'ERR_KIOSK_TOKEN_MALFORMED', 'not a JWT');
      }
      const kiosk = typeof kid === 'string' ? this.kiosks.get(kid) : undefined;
      if (!kiosk) return fail(response, 401, 'ERR_KIOSK_UNKNOWN', 'unknown kiosk');
      try {
        const { payload } = await jwtVerify(token, kiosk.key, {
          algorithms: ['EdDSA'], typ: KIOSK_TOKEN_TYP, audience: KIOSK_TOKEN_AUDIENCE, issuer: kiosk.kid, requiredClaims: ['iat', 'exp', 'jti'],
          // iat must be in the past and recent: a token minted by a kiosk clock far off is refused either way.
          maxTokenAge: KIOSK_TOKEN_MAX_SECONDS, clockTolerance: 5,
        });
        if (payload.exp! - payload.iat! > KIOSK_TOKEN_MAX_SECONDS) return fail(response, 401, 'ERR_KIOSK_TOKEN_LIFETIME_TOO_LONG', 'token lives too long');
        if (this.seenJti.has(payload.jti!)) return fail(response, 401, 'ERR_KIOSK_TOKEN_REPLAYED', 'token used before');
        this.seenJti.add(payload.jti!);
      } catch {
        return fail(response, 401, 'ERR_KIOSK_TOKEN_SIGNATURE_INVALID', 'token does not verify');
      }
      response.locals['kiosk'] = kiosk;
      next();
    })();
  };

  private readonly injectFailure = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.failures.remaining > 0) {
      this.failures.remaining -= 1;
      return fail(response, this.failures.status, 'ERR_INJECTED', 'the contract double was told to fail');
    }
    next();
  };

  private config(request: Request, response: Response): void {
    const { revoked: _revoked, revocationSeq: _seq, issuers, ...rest } = this.content;
    const content = { ...rest, issuers: { keys: issuers }, revocations: this.revocationsJws, serverKey: this.serverKey };
    // The ETag covers the content, not serverTime, so an unchanged configuration answers 304.
    const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url')}"`;
    response.set('etag', etag);
    if (request.get('if-none-match') === etag) {
      response.status(304).end();
      return;
    }
    response.json({ ...content, serverTime: new Date().toISOString() });
  }

  private async ingest(request: Request, response: Response): Promise<void> {
    const kiosk = response.locals['kiosk'] as EnrolledKiosk;
    const events = (request.body as { events?: unknown })?.events;
    if (!Array.isArray(events) || events.length > 500 || !events.every((event) => typeof event === 'string')) {
      return fail(response, 400, 'ERR_VALIDATION', 'events must be an array of at most 500 JWS strings');
    }
    const results: Receipt[] = [];
    for (const jws of events as string[]) results.push(await this.ingestOne(kiosk, jws));
    response.json({ results });
  }

  private async ingestOne(kiosk: EnrolledKiosk, jws: string): Promise<Receipt> {
    let payload: EventPayload;
    try {
      payload = await verifyEvent(jws, kiosk.key);
    } catch (error) {
      return this.reject(kiosk, claimedSeq(jws), isMicError(error) ? error.code : 'ERR_EVENT_MALFORMED');
    }
    const chain = this.chains.get(kiosk.kid) ?? [];
    const earlier = chain[payload.seq - 1];
    if (earlier) {
      // The same bytes again: the first receipt again. Other bytes at a used seq: a forked kiosk.
      return earlier.jws === jws ? { ...earlier.receipt, ...(earlier.receipt.status === 'accepted' && { status: 'duplicate' }) } : this.reject(kiosk, payload.seq, 'ERR_EVENT_FORK');
    }
    if (payload.seq !== chain.length + 1) return this.reject(kiosk, payload.seq, 'ERR_EVENT_SEQ_GAP');
    const previous = chain.at(-1);
    if (previous && payload.prev !== (await eventHash(previous.jws))) return this.reject(kiosk, payload.seq, 'ERR_EVENT_CHAIN_BROKEN');
    // From here the event is part of the kiosk's chain, whatever its verdict; a refused one is kept with its code.
    const code = payload.org !== kiosk.org ? 'ERR_EVENT_ORG_MISMATCH' : ((await this.checkEvidence(kiosk, payload)) ?? this.closedFor(payload));
    const receipt: Receipt = code ? this.reject(kiosk, payload.seq, code) : { seq: payload.seq, status: 'accepted', logIndex: this.logIndex++ };
    this.chains.set(kiosk.kid, [...chain, { jws, payload, receipt }]);
    return receipt;
  }

  private async checkEvidence(kiosk: EnrolledKiosk, payload: EventPayload): Promise<string | undefined> {
    const trust = new IssuerTrust({ keys: this.content.issuers });
    const check = { revocations: new RevocationSet({ iss: 'member-card', seq: this.revocationSeq, iat: 0, entries: this.content.revoked }), now: new Date(payload.at) };
    const facts = (purpose: string, subjectId: string) => ({ purpose, kioskKid: kiosk.kid, subjectId, at: payload.at });
    try {
      if (payload.type === 'checkin') {
        const tap = await verifyCardEvidence(payload.card, facts('checkin', payload.meeting), trust, check);
        if (tap.credential.claims.sub !== payload.member) return 'ERR_EVENT_MEMBER_MISMATCH';
      }
      if (payload.type === 'transfer.accept') {
        const member = await verifyCardEvidence(payload.card, facts('transfer.accept', payload.transfer), trust, check);
        await verifyCardEvidence(payload.secretary, facts('transfer.accept', payload.transfer), trust, check);
        if (member.credential.claims.sub !== payload.member) return 'ERR_EVENT_MEMBER_MISMATCH';
      }
    } catch (error) {
      return isMicError(error) ? error.code : 'ERR_EVENT_EVIDENCE';
    }
    return undefined;
  }

  private closedFor(payload: EventPayload): string | undefined {
    if (payload.type !== 'checkin') return undefined;
    const closedAt = this.closedMeetings.get(payload.meeting);
    return closedAt !== undefined && Date.parse(payload.at) >= closedAt ? 'ERR_MEETING_CLOSED' : undefined;
  }

  private reject(kiosk: EnrolledKiosk, seq: number, code: string): Receipt {
    this.rejected.push({ kid: kiosk.kid, seq, code });
    return { seq, status: 'rejected', code };
  }
}
