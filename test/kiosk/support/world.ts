import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { generateKioskKey } from '../../../shared/events/kiosk-key.ts';
import { generateIssuerKey, type IssuerKeyFile } from '../../../shared/issuance/issuer-key.ts';
import { signRevocationList, verifyRevocationList, type RevocationEntry } from '../../../shared/verify/revocation.ts';
import { KioskConfigSchema } from '../../../kiosk/core/config/config-schema.ts';
import { KioskConfig } from '../../../kiosk/core/config/kiosk-config.ts';
import { nextMode, type KioskMode } from '../../../kiosk/core/modes/kiosk-mode.ts';
import { Outbox } from '../../../kiosk/core/outbox/outbox.ts';
import type { ModeHolder, SessionContext } from '../../../kiosk/core/session/session-context.ts';
import { openKioskDb, type KioskDb } from '../../../kiosk/core/store/kiosk-db.ts';
import { clockWithOffset, type Clock } from '../../../kiosk/core/time/clock.ts';
import { issueMemoryCard, type IssuedCard } from '../../support/issued-card.ts';

export const ORG = 'branch-7';
export const OTHER_ORG = 'branch-9';
export const MEETING = '0193a5d2-7c00-7000-8000-000000000001';
export const TRANSFER = 'transfer-42';

/** The kiosk's clock in these tests: the real time, written with China's +08:00 whatever the host says. */
export const chinaClock: Clock = clockWithOffset(480);

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'mic-kiosk-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface Cards {
  issuer: IssuerKeyFile;
  /** a member of the kiosk's branch */
  member: IssuedCard;
  /** a member of another branch, visiting */
  visitor: IssuedCard;
  /** the kiosk branch's secretary */
  secretary: IssuedCard;
  /** a secretary, but of another branch */
  otherSecretary: IssuedCard;
  /** the member a transfer letter names, coming from another branch */
  transferee: IssuedCard;
}

export async function issueCards(): Promise<Cards> {
  const issuer = await generateIssuerKey('county-od');
  const [member, visitor, secretary, otherSecretary, transferee] = await Promise.all(
    ['3301020001', '3301990002', '3301020003', '3301990004', '3301880005'].map((member) => issueMemoryCard({ member, issuer })),
  );
  return { issuer, member: member!, visitor: visitor!, secretary: secretary!, otherSecretary: otherSecretary!, transferee: transferee! };
}

export function roster(): { member: string; name: string; org: string; orgName: string; role?: string }[] {
  return [
    { member: '3301020001', name: '王芳', org: ORG, orgName: '城关镇第七支部' },
    { member: '3301020003', name: '李书记', org: ORG, orgName: '城关镇第七支部', role: 'secretary' },
    { member: '3301990004', name: '赵书记', org: OTHER_ORG, orgName: '城关镇第九支部', role: 'secretary' },
    { member: '3301880005', name: '陈明', org: 'branch-88', orgName: '河口乡第二支部' },
  ];
}

export function meetings(): { id: string; org: string; kind: string; title: string; startsAt: string; endsAt: string | null; place: string | null }[] {
  return [{ id: MEETING, org: ORG, kind: 'general_meeting', title: '第四季度支部党员大会', startsAt: '2026-11-26T01:00:00Z', endsAt: '2026-11-26T03:00:00Z', place: '村委会议室' }];
}

export function transfers(): { id: string; member: string; name: string; fromOrg: string; toOrg: string; expiresAt: string }[] {
  return [{ id: TRANSFER, member: '3301880005', name: '陈明', fromOrg: 'branch-88', toOrg: ORG, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }];
}

export interface ServerKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function serverKeys(): Promise<ServerKeys> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

/** A configuration body as the server sends it, with its revocation list signed by `server`. */
export async function configBody(
  cards: Cards,
  server: ServerKeys,
  options: { revoked?: RevocationEntry[]; revocationSeq?: number } = {},
): Promise<Record<string, unknown>> {
  const revocations = await signRevocationList(
    { iss: 'member-card', seq: options.revocationSeq ?? 1, iat: Math.floor(Date.now() / 1000), entries: options.revoked ?? [] },
    server.privateKey,
    'server',
  );
  return {
    issuers: { keys: [cards.issuer.publicJwk] },
    revocations,
    roster: roster(),
    meetings: meetings(),
    transfers: transfers(),
    serverTime: new Date().toISOString(),
    serverKey: server.publicJwk,
  };
}

export const revoked = (card: IssuedCard): RevocationEntry => ({ csn: card.credential.claims.csn, reason: 'lost', at: '2026-11-01T00:00:00+08:00' });

export interface SessionFixture {
  db: KioskDb;
  outbox: Outbox;
  context: SessionContext;
  modes: ModeHolder & { mode: KioskMode };
  kioskPublicKey: CryptoKey;
  kid: string;
}

/** An enrolled kiosk's card-session parts on an in-memory database, without the facade or a server. */
export async function sessionFixture(cards: Cards, options: { revoked?: RevocationEntry[]; clock?: Clock } = {}): Promise<SessionFixture> {
  const server = await serverKeys();
  const body = KioskConfigSchema.parse(await configBody(cards, server, options));
  const config = new KioskConfig(body, await verifyRevocationList(body.revocations, server.publicJwk), new Date().toISOString());
  const key = await generateKioskKey();
  const db = openKioskDb(':memory:');
  const outbox = new Outbox(db, key, ORG);
  const modes = {
    mode: { kind: 'idle' } as KioskMode,
    current() {
      return this.mode;
    },
    apply(event: Parameters<ModeHolder['apply']>[0]) {
      this.mode = nextMode(this.mode, event);
    },
  };
  return {
    db,
    outbox,
    modes,
    context: { kioskKid: key.kid, org: ORG, outbox, config, clock: options.clock ?? chinaClock },
    kioskPublicKey: (await importJWK(key.publicJwk, 'EdDSA')) as CryptoKey,
    kid: key.kid,
  };
}
