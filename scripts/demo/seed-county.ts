import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { fromHex } from '../../shared/bytes.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import { seededRandom } from '../lib/prng.ts';
import { saveCard } from '../lib/card-state-file.ts';
import type { ApiClient } from './api-client.ts';
import { chineseNames } from './chinese-names.ts';
import { DEMO_BRANCHES, DEMO_COUNTY, DEMO_KIOSK_BRANCH } from './demo-county.ts';
import { demoIdNumber } from './id-numbers.ts';

export interface DemoMember {
  member: string;
  name: string;
  org: string;
  orgName: string;
  cardFile: string;
  /** a lost card, revoked on the server: the kiosk refuses it */
  revoked?: boolean;
}

export interface DemoSeed {
  members: DemoMember[];
  meetingId: string;
  enrolmentToken: string;
  kioskOrg: string;
}

/**
 * Seeds a fresh server with the demo county through its HTTP API, as an organisation department would:
 * the org tree, members by CSV import, the issuer key, one personalised virtual card per member
 * (registered on the server), one card reported lost, a meeting today, and a kiosk enrolment token.
 */
export async function seedDemoCounty(api: ApiClient, options: { dataDir: string; serverDataDir: string; memberCount: number; onProgress?: (line: string) => void }): Promise<DemoSeed> {
  const say = options.onProgress ?? (() => {});
  const random = seededRandom(20261126);
  const cardsDir = join(options.dataDir, 'cards');
  mkdirSync(cardsDir, { recursive: true });

  say(`organisations: ${DEMO_COUNTY.length}`);
  for (const org of DEMO_COUNTY) await api.post('/api/v1/orgs', org);

  const names = chineseNames(options.memberCount, random);
  const people = names.map((name, i) => {
    const branch = i < 40 ? DEMO_KIOSK_BRANCH : DEMO_BRANCHES[i % DEMO_BRANCHES.length]!;
    return { member: `CG${String(i + 1).padStart(5, '0')}`, name, org: branch.code, orgName: branch.name, idNumber: demoIdNumber(random) };
  });
  const csv = ['member_number,name,id_number,org', ...people.map((p) => `${p.member},${p.name},${p.idNumber},${p.org}`)].join('\n');
  const report = await api.post<{ imported: number }>('/api/v1/members/import', csv, 'text/csv');
  say(`members imported: ${report.imported}`);

  const issuer = await generateIssuerKey('chengguan-od');
  writeFileSync(join(options.dataDir, 'issuer.key.json'), JSON.stringify(issuer, null, 2), { mode: 0o600 });
  await api.post('/api/v1/issuers', issuer.publicJwk);
  const idKey = fromHex(readFileSync(join(options.serverDataDir, 'id-hash.key'), 'utf8').trim());

  const members: DemoMember[] = [];
  for (const [i, person] of people.entries()) {
    const applet = ReferenceApplet.blank(randomBytes(8));
    const credential = await personaliseCard(new MemoryTransport(applet), issuer, {
      member: person.member, name: person.name, idh: await residentIdHash(person.idNumber, idKey), validDays: 1825,
    });
    const cardFile = join(cardsDir, `${person.member}.json`);
    saveCard(cardFile, applet);
    await api.post('/api/v1/cards', { credential: credential.jwt });
    members.push({ member: person.member, name: person.name, org: person.org, orgName: person.orgName, cardFile });
    if ((i + 1) % 50 === 0) say(`cards issued: ${i + 1}/${people.length}`);
  }
  const lost = members[3]!;
  await api.post(`/api/v1/cards/${ReferenceApplet.load(JSON.parse(readFileSync(lost.cardFile, 'utf8'))).save().csn}/revoke`, { reason: 'lost' });
  lost.revoked = true;

  const now = Date.now();
  const meeting = await api.post<{ id: string }>('/api/v1/meetings', {
    org: DEMO_KIOSK_BRANCH.code, kind: 'theme_day', title: '十一月主题党日', place: '党群服务中心二楼',
    startsAt: new Date(now - 30 * 60_000).toISOString(), endsAt: new Date(now + 3 * 3600_000).toISOString(),
  });
  const { token } = await api.post<{ token: string }>('/api/v1/kiosks/enrolment-tokens', { org: DEMO_KIOSK_BRANCH.code });
  say(`meeting ${meeting.id} at ${DEMO_KIOSK_BRANCH.name}; kiosk enrolment token created`);
  return { members, meetingId: meeting.id, enrolmentToken: token, kioskOrg: DEMO_KIOSK_BRANCH.code };
}
