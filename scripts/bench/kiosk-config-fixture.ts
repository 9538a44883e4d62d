/**
 * A server data folder for the kiosk configuration benchmark, built through the server's own use cases (as the
 * admin command does): a county of committees and branches, its members imported by CSV, an issuer, a linked
 * secretary, meetings and transfer letters at the kiosks' branch, two kiosks enrolled there and the first admin.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CryptoKey } from 'jose';
import type { Principal } from '../../server/auth/principal.ts';
import { openServer } from '../../server/bootstrap.ts';
import { registerIssuer } from '../../server/domain/issuers.ts';
import { createEnrolmentToken, enrollKiosk } from '../../server/domain/kiosk-enrolment.ts';
import { importMembers } from '../../server/domain/member-import.ts';
import { scheduleMeeting } from '../../server/domain/meetings.ts';
import { createOrg } from '../../server/domain/orgs.ts';
import { issueTransfer } from '../../server/domain/transfers/issue-transfer.ts';
import { createUser, initialiseFirstAdmin } from '../../server/domain/users.ts';
import { generateKioskKey } from '../../shared/events/kiosk-key.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { benchIdNumber } from './id-numbers.ts';

export interface ConfigKiosk {
  kid: string;
  privateKey: CryptoKey;
}

export interface ConfigFixture {
  dataDir: string;
  /** both at the kiosk branch */
  kiosks: [ConfigKiosk, ConfigKiosk];
  /** the branch the kiosks stand in, and where new members join */
  branch: string;
  /** ID numbers from here on are free, for members the benchmark adds */
  nextIdNumber: number;
}

export const FIXTURE_ADMIN = { username: 'admin', password: 'kiosk-config-bench-1' } as const;

const operator: Principal = { kind: 'operator', name: 'bench' };
const COMMITTEES = 10;
const BRANCHES_PER_COMMITTEE = 10;
const IMPORT_CHUNK = 10_000;

export async function buildConfigFixture(work: string, members: number, onProgress: (line: string) => void): Promise<ConfigFixture> {
  const dataDir = join(work, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const server = await openServer({ dataDir, verifyWorkers: 0 });
  const ctx = server.context;
  try {
    await createOrg(ctx, operator, { code: 'KC', name: '基准县委', kind: 'county' });
    const branches: string[] = [];
    for (let c = 1; c <= COMMITTEES; c++) {
      await createOrg(ctx, operator, { code: `KC-${c}`, name: `第${c}镇党委`, kind: 'committee', parent: 'KC' });
      for (let b = 1; b <= BRANCHES_PER_COMMITTEE; b++) {
        const code = `KC-${c}-${b}`;
        await createOrg(ctx, operator, { code, name: `第${c}镇第${b}党支部`, kind: 'branch', parent: `KC-${c}` });
        branches.push(code);
      }
    }
    const branch = branches[0]!;
    for (let from = 0; from < members; from += IMPORT_CHUNK) {
      const rows = Array.from({ length: Math.min(IMPORT_CHUNK, members - from) }, (_, i) => {
        const n = from + i;
        return `KM${String(n).padStart(7, '0')},党员${n},${benchIdNumber(n)},${branches[n % branches.length]}`;
      });
      const report = await importMembers(ctx, operator, `${['member_number,name,id_number,org', ...rows].join('\n')}\n`);
      if (report.imported !== rows.length) throw new Error(`the fixture import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
      onProgress(`members imported: ${from + rows.length}/${members}`);
    }

    await registerIssuer(ctx, operator, (await generateIssuerKey('kiosk-config-bench-od')).publicJwk);
    await createUser(ctx, operator, { username: 'secretary', password: 'kiosk-config-bench-2', role: 'secretary', org: branch, member: 'KM0000000' });
    const startsAt = Date.now() + 3600_000;
    for (let m = 0; m < 3; m++) {
      const at = startsAt + m * 86_400_000;
      await scheduleMeeting(ctx, operator, { org: branch, kind: 'theme_day', title: `主题党日 第${m + 1}场`, startsAt: new Date(at).toISOString(), endsAt: new Date(at + 2 * 3600_000).toISOString() });
    }
    for (const n of [1, 2]) await issueTransfer(ctx, operator, { member: `KM${String(n).padStart(7, '0')}`, toOrg: branch, reason: '工作调动' });

    const kiosks: ConfigKiosk[] = [];
    for (const name of ['一号签到机', '二号签到机']) {
      const key = await generateKioskKey();
      const { token } = await createEnrolmentToken(ctx, operator, { org: branch, ttlMinutes: 60 });
      await enrollKiosk(ctx, { token, name, jwk: { kty: 'OKP', crv: 'Ed25519', x: String(key.publicJwk.x) } });
      kiosks.push({ kid: key.kid, privateKey: key.privateKey });
    }
    await initialiseFirstAdmin(ctx, operator, FIXTURE_ADMIN.username, FIXTURE_ADMIN.password);
    return { dataDir, kiosks: [kiosks[0]!, kiosks[1]!], branch, nextIdNumber: members };
  } finally {
    await ctx.verifier.close();
    await server.store.close();
  }
}
