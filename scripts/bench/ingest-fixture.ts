/**
 * A server data folder for the ingest benchmarks, built through the server's own use cases (as the
 * admin command does): a county with one branch per kiosk, members imported by CSV, an issuer, one
 * real card per member personalised on the reference applet and registered, enrolled kiosks, and
 * scheduled meetings. Each card belongs to one kiosk, so generator threads never share a card's counter.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import type { CardState } from '../../card-firmware-spec/reference/card-state.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { generateKioskKey } from '../../shared/events/kiosk-key.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import type { Principal } from '../../server/auth/principal.ts';
import { openServer } from '../../server/bootstrap.ts';
import { registerCard } from '../../server/domain/cards.ts';
import { registerIssuer } from '../../server/domain/issuers.ts';
import { createEnrolmentToken, enrollKiosk } from '../../server/domain/kiosk-enrolment.ts';
import { importMembers } from '../../server/domain/member-import.ts';
import { scheduleMeeting } from '../../server/domain/meetings.ts';
import { createOrg } from '../../server/domain/orgs.ts';
import { benchIdNumber } from './id-numbers.ts';

export interface FixtureCard {
  member: string;
  state: CardState;
  credential: string;
}

export interface FixtureKiosk {
  kid: string;
  privateJwk: JWK;
  org: string;
  meetings: string[];
  cards: FixtureCard[];
}

export interface IngestFixture {
  dataDir: string;
  kiosks: FixtureKiosk[];
}

const operator: Principal = { kind: 'operator', name: 'bench' };

/**
 * Each kiosk gets every kiosks-th card and enough meetings for `eventsPerKiosk` checkins: a card checks in once per
 * meeting, so the generator moves to the next meeting after each round of the kiosk's cards.
 */
export async function buildIngestFixture(options: { kiosks: number; cards: number; eventsPerKiosk: number; onProgress?: (done: number) => void }): Promise<IngestFixture> {
  const meetingsPerKiosk = Math.ceil(options.eventsPerKiosk / Math.floor(options.cards / options.kiosks));
  const dataDir = join(mkdtempSync(join(tmpdir(), 'mic-bench-ingest-')), 'data');
  const server = await openServer({ dataDir, verifyWorkers: 0 });
  const ctx = server.context;
  try {
    await createOrg(ctx, operator, { code: 'CTY', name: '基准县委', kind: 'county' });
    const orgs = Array.from({ length: options.kiosks }, (_, k) => `BR${String(k + 1).padStart(2, '0')}`);
    for (const code of orgs) await createOrg(ctx, operator, { code, name: `第${code}支部`, kind: 'branch', parent: 'CTY' });
    const members = Array.from({ length: options.cards }, (_, n) => ({ number: `BM${String(n).padStart(7, '0')}`, org: orgs[n % options.kiosks]! }));
    const csv = ['member_number,name,id_number,org', ...members.map((member, n) => `${member.number},成员${n},${benchIdNumber(n)},${member.org}`)].join('\n');
    const report = await importMembers(ctx, operator, `${csv}\n`);
    if (report.imported !== members.length) throw new Error(`the fixture import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);

    const issuer = await generateIssuerKey('bench-od');
    await registerIssuer(ctx, operator, issuer.publicJwk);
    const kiosks: FixtureKiosk[] = [];
    for (const org of orgs) {
      const key = await generateKioskKey();
      const { token } = await createEnrolmentToken(ctx, operator, { org, ttlMinutes: 60 });
      await enrollKiosk(ctx, { token, name: `bench ${org}`, jwk: { kty: 'OKP', crv: 'Ed25519', x: String(key.publicJwk.x) } });
      const meetings: string[] = [];
      const startsAt = new Date(Date.now() - 3600_000);
      for (let m = 0; m < meetingsPerKiosk; m++) {
        const meeting = await scheduleMeeting(ctx, operator, { org, kind: 'general_meeting', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 24 * 3600_000).toISOString() });
        meetings.push(meeting.id);
      }
      kiosks.push({ kid: key.kid, privateJwk: key.privateJwk, org, meetings, cards: [] });
    }

    for (const [n, member] of members.entries()) {
      const stored = await ctx.read.members.byNumber(member.number);
      if (!stored) throw new Error(`member ${member.number} is missing`);
      const applet = ReferenceApplet.blank(Buffer.from(n.toString(16).padStart(16, '0'), 'hex'));
      const credential = await personaliseCard(new MemoryTransport(applet), issuer, { member: member.number, name: stored.name, idh: stored.idh, validDays: 365 });
      await registerCard(ctx, operator, credential.jwt);
      kiosks[n % options.kiosks]!.cards.push({ member: member.number, state: applet.save(), credential: credential.jwt });
      if ((n + 1) % 500 === 0) options.onProgress?.(n + 1);
    }
    return { dataDir, kiosks };
  } finally {
    await server.context.verifier.close();
    await server.store.close();
  }
}

/** A second data folder with the same contents, for a run that must not see the first run's events. */
export function copyDataDir(dataDir: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'mic-bench-ingest-')), 'data');
  cpSync(dataDir, copy, { recursive: true });
  return copy;
}
