/**
 * Real cards, kiosks and meetings on a copy of the province data set, made through the server's own use
 * cases (as the ingest benchmark's fixture does), so signed check-ins from them pass full verification:
 * a new issuer, one personalised and registered card per cohort member (the generator left them without
 * one), a kiosk enrolled at each of a few of the cohort's branches, and a meeting per batch each kiosk sends.
 */
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { generateKioskKey } from '../../shared/events/kiosk-key.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import type { Principal } from '../../server/auth/principal.ts';
import { openServer } from '../../server/bootstrap.ts';
import { registerCard } from '../../server/domain/cards.ts';
import { registerIssuer } from '../../server/domain/issuers.ts';
import { createEnrolmentToken, enrollKiosk } from '../../server/domain/kiosk-enrolment.ts';
import { scheduleMeeting } from '../../server/domain/meetings.ts';
import type { FixtureKiosk } from './ingest-fixture.ts';
import { memberNumber } from './province-ids.ts';

const operator: Principal = { kind: 'operator', name: 'bench' };

export interface ProvinceIngestFixture {
  kiosks: FixtureKiosk[];
  /** member number → member id, for the cards' members */
  memberIds: Map<string, number>;
  /** meeting id → its organisation's id */
  meetingOrgs: Map<string, number>;
}

export interface ProvinceIngestOptions {
  dataDir: string;
  /** branch codes to enrol the kiosks at (the first `kiosks` are used) */
  branches: string[];
  /** the cohort's first member id; cards go to kiosks × cardsPerKiosk members from it */
  firstMember: number;
  kiosks: number;
  cardsPerKiosk: number;
  /** meetings per kiosk: a card checks in once per meeting */
  meetingsPerKiosk: number;
  onProgress?: (cards: number) => void;
}

export async function buildProvinceIngestFixture(options: ProvinceIngestOptions): Promise<ProvinceIngestFixture> {
  if (options.branches.length < options.kiosks) throw new RangeError(`the cohort has ${options.branches.length} branches; ${options.kiosks} kiosks need as many`);
  const server = await openServer({ dataDir: options.dataDir, verifyWorkers: 0 });
  const ctx = server.context;
  try {
    const issuer = await generateIssuerKey('bench-province-cards');
    await registerIssuer(ctx, operator, issuer.publicJwk);
    const kiosks: FixtureKiosk[] = [];
    const meetingOrgs = new Map<string, number>();
    for (const org of options.branches.slice(0, options.kiosks)) {
      const stored = await ctx.read.orgs.byCode(org);
      if (!stored) throw new Error(`branch ${org} is not in the data set`);
      const key = await generateKioskKey();
      const { token } = await createEnrolmentToken(ctx, operator, { org, ttlMinutes: 60 });
      await enrollKiosk(ctx, { token, name: `bench ${org}`, jwk: { kty: 'OKP', crv: 'Ed25519', x: String(key.publicJwk.x) } });
      const meetings: string[] = [];
      const startsAt = new Date(Date.now() - 3600_000);
      for (let m = 0; m < options.meetingsPerKiosk; m++) {
        const meeting = await scheduleMeeting(ctx, operator, { org, kind: 'group', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 24 * 3600_000).toISOString() });
        meetings.push(meeting.id);
        meetingOrgs.set(meeting.id, stored.id);
      }
      kiosks.push({ kid: key.kid, privateJwk: key.privateJwk, org, meetings, cards: [] });
    }

    const memberIds = new Map<string, number>();
    const cards = options.kiosks * options.cardsPerKiosk;
    for (let n = 0; n < cards; n++) {
      const number = memberNumber(options.firstMember + n);
      const stored = await ctx.read.members.byNumber(number);
      if (!stored) throw new Error(`member ${number} is not in the data set`);
      memberIds.set(number, stored.id);
      const applet = ReferenceApplet.blank(Buffer.from((0x42000000 + n).toString(16).padStart(16, '0'), 'hex'));
      const credential = await personaliseCard(new MemoryTransport(applet), issuer, { member: number, name: stored.name, idh: stored.idh, validDays: 365 });
      await registerCard(ctx, operator, credential.jwt);
      kiosks[n % options.kiosks]!.cards.push({ member: number, state: applet.save(), credential: credential.jwt });
      if ((n + 1) % 100 === 0) options.onProgress?.(n + 1);
    }
    return { kiosks, memberIds, meetingOrgs };
  } finally {
    // Scheduling meetings told the rules engine; its runs finish before the database closes.
    await ctx.diagnostics.idle();
    await ctx.verifier.close();
    await server.store.close();
  }
}
