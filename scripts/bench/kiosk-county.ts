/**
 * A county for the kiosk benchmarks and the kiosk's end-to-end tests, created through the server's HTTP API
 * as an organisation department would (orgs, members by CSV, the issuer key, one personalised reference card
 * per member registered with POST /cards, revoked cards, scheduled meetings, a kiosk enrolment token), and a
 * real server to hold it: in this process on a loopback port, on the real clock, with the first admin.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { initialiseFirstAdmin } from '../../server/domain/users.ts';
import { startServer } from '../../server/http-server.ts';
import { fromHex } from '../../shared/bytes.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import { ApiClient } from '../demo/api-client.ts';
import { chineseNames } from '../demo/chinese-names.ts';
import { seededRandom } from '../lib/prng.ts';
import { benchIdNumber } from './id-numbers.ts';

export const ADMIN = { username: 'admin', password: 'kiosk-bench-admin-1' } as const;

/** The kiosk stands in the first branch; the second is a neighbouring branch whose members visit. */
export const COUNTY_ORGS = [
  { code: 'CG', name: '城关县委', kind: 'county' },
  { code: 'DC', name: '东城镇党委', kind: 'committee', parent: 'CG' },
  { code: 'DC-1', name: '东城社区第一党支部', kind: 'branch', parent: 'DC' },
  { code: 'DC-2', name: '东城社区第二党支部', kind: 'branch', parent: 'DC' },
] as const;
export const KIOSK_BRANCH = COUNTY_ORGS[2];
export const NEIGHBOUR_BRANCH = COUNTY_ORGS[3];

export interface LocalServer {
  url: string;
  port: number;
  dataDir: string;
  /** signed in as ADMIN */
  api: ApiClient;
  /** stops the server; its data folder stays, so it can start again on the same port */
  stop(): Promise<void>;
}

/** A free loopback port, for a server that must come back where a kiosk was enrolled to find it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The real server in this process on 127.0.0.1 (port 0 unless given), on the system clock: kiosks sign their
 * bearer tokens with the real time, so a server on a frozen test clock would refuse them after half a minute.
 */
export async function startLocalServer(options: { dataDir: string; port?: number }): Promise<LocalServer> {
  const server = await startServer({ dataDir: options.dataDir, port: options.port ?? 0, host: '127.0.0.1' });
  if ((await server.context.read.users.countAdmins()) === 0) {
    await initialiseFirstAdmin(server.context, { kind: 'operator', name: 'kiosk-county' }, ADMIN.username, ADMIN.password);
  }
  const api = new ApiClient(server.url);
  await api.login(ADMIN.username, ADMIN.password);
  return { url: server.url, port: server.port, dataDir: options.dataDir, api, stop: () => server.close(1000) };
}

export interface CountyMember {
  member: string;
  name: string;
  org: string;
  orgName: string;
  /** the member's card, personalised and registered; in memory: serve it over vpcd or a MemoryTransport */
  applet: ReferenceApplet;
  csn: string;
}

export interface County {
  /** active cards, kiosk-branch members first, then visitors from the neighbouring branch */
  members: CountyMember[];
  /** members whose card was reported lost (revoked on the server, so on the kiosk's list) */
  revoked: CountyMember[];
  /** meetings scheduled at the kiosk's branch, started half an hour ago */
  meetingIds: string[];
  /** a one-time kiosk enrolment token for the kiosk's branch */
  enrolmentToken: string;
}

export interface CountyOptions {
  /** the server's data folder: its id-hash key turns ID numbers into the credentials' `idh` */
  serverDataDir: string;
  members: number;
  /** how many of them are visitors from the neighbouring branch (default none) */
  visitors?: number;
  /** members whose card is revoked, in addition to `members` (default 0) */
  revoked?: number;
  meetings?: number;
  seed?: number;
  onProgress?: (line: string) => void;
}

export async function seedCounty(api: ApiClient, options: CountyOptions): Promise<County> {
  const say = options.onProgress ?? (() => undefined);
  const total = options.members + (options.revoked ?? 0);
  const visitors = options.visitors ?? 0;
  for (const org of COUNTY_ORGS) await api.post('/api/v1/orgs', org);

  const names = chineseNames(total, seededRandom(options.seed ?? 20261126));
  // Visitors come last among the active members; the revoked ones after them, at the kiosk's branch.
  const people = names.map((name, i) => {
    const branch = i >= options.members - visitors && i < options.members ? NEIGHBOUR_BRANCH : KIOSK_BRANCH;
    return { member: `CG${String(i + 1).padStart(5, '0')}`, name, org: branch.code, orgName: branch.name, idNumber: benchIdNumber(i) };
  });
  const csv = ['member_number,name,id_number,org', ...people.map((p) => `${p.member},${p.name},${p.idNumber},${p.org}`)].join('\n');
  const report = await api.post<{ imported: number }>('/api/v1/members/import', `${csv}\n`, 'text/csv');
  if (report.imported !== total) throw new Error(`imported ${report.imported} of ${total} members`);

  const issuer = await generateIssuerKey('chengguan-od');
  await api.post('/api/v1/issuers', issuer.publicJwk);
  const idKey = fromHex(readFileSync(join(options.serverDataDir, 'id-hash.key'), 'utf8').trim());
  const cards: CountyMember[] = [];
  for (const person of people) {
    const applet = ReferenceApplet.blank(new Uint8Array(randomBytes(8)));
    const credential = await personaliseCard(new MemoryTransport(applet), issuer, {
      member: person.member, name: person.name, idh: await residentIdHash(person.idNumber, idKey), validDays: 365,
    });
    await api.post('/api/v1/cards', { credential: credential.jwt });
    cards.push({ member: person.member, name: person.name, org: person.org, orgName: person.orgName, applet, csn: applet.save().csn });
    if (cards.length % 100 === 0) say(`cards issued: ${cards.length}/${total}`);
  }
  const revoked = cards.slice(options.members);
  for (const card of revoked) await api.post(`/api/v1/cards/${card.csn}/revoke`, { reason: 'lost' });

  const now = Date.now();
  const meetingIds: string[] = [];
  for (let m = 0; m < (options.meetings ?? 1); m++) {
    const meeting = await api.post<{ id: string }>('/api/v1/meetings', {
      org: KIOSK_BRANCH.code, kind: 'theme_day', title: `主题党日 第${m + 1}场`, place: '党群服务中心二楼',
      startsAt: new Date(now - 30 * 60_000).toISOString(), endsAt: new Date(now + 3 * 3600_000).toISOString(),
    });
    meetingIds.push(meeting.id);
  }
  const { token } = await api.post<{ token: string }>('/api/v1/kiosks/enrolment-tokens', { org: KIOSK_BRANCH.code });
  return { members: cards.slice(0, options.members), revoked, meetingIds, enrolmentToken: token };
}
