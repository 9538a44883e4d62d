import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAdmin } from '../../scripts/demo/server-process.ts';
import { fromHex } from '../../shared/bytes.ts';
import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { IssuerJwksSchema } from '../../shared/verify/jwk.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { EnrollResultSchema } from '../../server/schemas/kiosks.ts';
import { MeetingKindListSchema } from '../../server/schemas/meetings.ts';
import { MemberListSchema } from '../../server/schemas/members.ts';
import { UserSchema } from '../../server/schemas/users.ts';
import { credentialFor, validIdNumber, withWrongCheckChar } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { newKioskKey } from './support/kiosk-keys.ts';
import { startTestServer } from './support/test-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run admin -- …` without npm in between, so the exit code is the command's own. */
function admin(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { cwd: ROOT, env: { ...process.env, MIC_DATA_DIR: dataDir } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the admin command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-admin-'));
  const dataDir = join(dir, 'data');
  beforeAll(async () => {
    expect(await admin(dataDir, 'init', '--username', 'root', '--password', 'root-password-1')).toMatchObject({ code: 0, stdout: expect.stringContaining('Created admin user root') });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the first admin only once', async () => {
    const again = await admin(dataDir, 'init', '--username', 'other', '--password', 'other-password-1');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ERR_ALREADY_INITIALISED');
  });

  it('creates organisations and explains a missing parent or option', async () => {
    expect(await admin(dataDir, 'org:create', '--code', 'CTY', '--name', '某某县委', '--kind', 'county')).toMatchObject({ code: 0, stdout: expect.stringContaining('as a root') });
    expect(await admin(dataDir, 'org:create', '--code', 'BR1', '--name', '第一支部', '--kind', 'branch', '--parent', 'CTY')).toMatchObject({ code: 0, stdout: expect.stringContaining('under CTY') });
    const orphan = await admin(dataDir, 'org:create', '--code', 'BR2', '--name', 'x', '--kind', 'branch', '--parent', 'NOPE');
    expect(orphan).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_ORG_NOT_FOUND') });
    expect(await admin(dataDir, 'org:create', '--code', 'BR3', '--kind', 'branch')).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --name') });
    expect(await admin(dataDir, 'org:create', '--code', 'BR3', '--name', 'x', '--kind', 'club')).toMatchObject({ code: 2, stderr: expect.stringContaining('--kind') });
    expect(await admin(dataDir, 'org:create', '--cod', 'BR3')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
  });

  it('imports members from CSV and prints the per-row report', async () => {
    const file = join(dir, 'members.csv');
    writeFileSync(file, `member_number,name,id_number,org\nM1,甲,${validIdNumber(1)},BR1\nM2,乙,${withWrongCheckChar(validIdNumber(2))},BR1\nM3,丙,${validIdNumber(3)},NOPE\n`);
    const run = await admin(dataDir, 'members:import', '--file', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Imported 1 member(s); 2 row(s) rejected.');
    expect(run.stdout).toMatch(/line 3, id_number: .*\(ERR_ID_NUMBER_INVALID\)/);
    expect(run.stdout).toMatch(/line 4, org: .*\(ERR_ORG_NOT_FOUND\)/);
    expect(await admin(dataDir, 'members:import', '--file', join(dir, 'missing.csv'))).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read') });
  });

  it('refuses a member file saved as GBK whole, saying how to save it as CSV UTF-8, and stores none of its rows', async () => {
    const file = join(dir, 'members-gbk.csv');
    // 张伟 as Excel saves "CSV" on Chinese Windows (GBK), and a row of plain ASCII after it.
    const name = Buffer.from([0xd5, 0xc5, 0xce, 0xb0]);
    writeFileSync(file, Buffer.concat([Buffer.from('member_number,name,id_number,org\nM10,'), name, Buffer.from(`,${validIdNumber(10)},BR1\nM11,Wang,${validIdNumber(11)},BR1\n`)]));
    const refused = await admin(dataDir, 'members:import', '--file', file);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('(ERR_CSV_ENCODING)') });
    expect(refused.stderr).toContain('另存为 (Save as) → CSV UTF-8 (逗号分隔)');
    const db = new Database(join(dataDir, 'member-card.db'), { readonly: true });
    try {
      expect(db.prepare(`SELECT member_number FROM members WHERE member_number IN ('M10', 'M11')`).pluck().all()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('registers an issuer public key file (or a JWKS), and refuses a private key file', async () => {
    const issuer = await generateIssuerKey('county-od');
    const publicFile = join(dir, 'county-od.public.json');
    writeFileSync(publicFile, JSON.stringify(issuer.publicJwk));
    expect(await admin(dataDir, 'issuer:register', '--file', publicFile)).toMatchObject({ code: 0, stdout: expect.stringContaining(issuer.kid) });
    expect(await admin(dataDir, 'issuer:register', '--file', publicFile)).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_ISSUER_ALREADY_REGISTERED') });
    const other = await generateIssuerKey('city-od');
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [other.publicJwk] }));
    expect((await admin(dataDir, 'issuer:register', '--file', jwksFile)).code).toBe(0);
    const privateFile = join(dir, 'county-od.key.json');
    writeFileSync(privateFile, JSON.stringify(issuer));
    expect(await admin(dataDir, 'issuer:register', '--file', privateFile)).toMatchObject({ code: 2, stderr: expect.stringContaining('PRIVATE key file') });
  });

  it('prints a one-time enrolment token a kiosk can use against the running server, and audits every write', async () => {
    const t = await startTestServer({ dataDir, withAdmin: false });
    try {
      const run = await admin(dataDir, 'kiosk:token', '--org', 'BR1', '--ttl-minutes', '30');
      expect(run.code).toBe(0);
      const token = run.stdout.split('\n')[1] ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const key = await newKioskKey();
      const enrolled = expectOk(await t.call('POST', '/api/v1/kiosks/enroll', { json: { token, name: '签到机', jwk: key.publicJwk } }), 201, EnrollResultSchema);
      expect(enrolled.org).toBe('BR1');

      const session = await t.login('root', 'root-password-1');
      expect(expectOk(await t.call('GET', '/api/v1/members?org=CTY', { token: session }), 200, MemberListSchema).members.map((m) => m.memberNumber)).toEqual(['M1']);
      expect(expectOk(await t.call('GET', '/api/v1/issuers'), 200, IssuerJwksSchema).keys).toHaveLength(2);
      const actors = t.server.store.handles.readable.prepare(`SELECT DISTINCT action FROM audit_log WHERE actor LIKE 'cli:%' ORDER BY action`).pluck().all();
      expect(actors).toEqual(['issuer.register', 'kiosk.token.create', 'member.import', 'org.create', 'user.create']);
    } finally {
      await t.close();
    }
    expect(await admin(dataDir, 'kiosk:token', '--org', 'BR1', '--ttl-minutes', '0')).toMatchObject({ code: 2 });
  });

  it('registers a card issued at the desk by the credential card:issue prints, so the server records its taps, and explains a credential it cannot take', async () => {
    const issuer = await generateIssuerKey('desk-od');
    const publicFile = join(dir, 'desk-od.public.json');
    writeFileSync(publicFile, JSON.stringify(issuer.publicJwk));
    expect((await admin(dataDir, 'issuer:register', '--file', publicFile)).code).toBe(0);
    // As the issuance desk computes it: the ID number hashed with the server's id-hash.key.
    const idh = await residentIdHash(validIdNumber(1), fromHex(readFileSync(join(dataDir, 'id-hash.key'), 'utf8').trim()));
    const { jwt, serial } = await credentialFor(issuer, { memberNumber: 'M1', name: '甲', idh });

    const run = await admin(dataDir, 'card:register', '--credential', jwt);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`Registered card ${serial} for member M1`) });
    expect(await admin(dataDir, 'card:register', '--credential', jwt)).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_CARD_ALREADY_REGISTERED') });

    // Refusals of the shared credential verifier are explained like the server's own, not as a crash.
    const stranger = await credentialFor(await generateIssuerKey('unknown-od'), { memberNumber: 'M1', name: '甲', idh });
    const refused = await admin(dataDir, 'card:register', '--credential', stranger.jwt);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: .*\(ERR_ISSUER_UNKNOWN\)/) });
    expect(refused.stderr).not.toContain('unexpected failure');
    const otherPerson = await credentialFor(issuer, { memberNumber: 'M1', name: '甲', idh: await residentIdHash(validIdNumber(1), new Uint8Array(32)) });
    expect(await admin(dataDir, 'card:register', '--credential', otherPerson.jwt)).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_CARD_IDH_MISMATCH') });
    expect(await admin(dataDir, 'card:register')).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --credential') });

    const t = await startTestServer({ dataDir, withAdmin: false });
    try {
      const session = await t.login('root', 'root-password-1');
      expect(expectOk(await t.call('GET', `/api/v1/cards/${serial}`, { token: session }), 200, CardSchema)).toMatchObject({ member: 'M1', status: 'active' });
      const rows = t.server.store.handles.readable.prepare(`SELECT actor FROM audit_log WHERE action = 'card.register'`).pluck().all();
      expect(rows).toEqual([expect.stringMatching(/^cli:/)]);
    } finally {
      await t.close();
    }
  });

  it('adds, renames and retires meeting kinds, which the server then serves, and explains bad options', async () => {
    expect(await admin(dataDir, 'meeting-kind:add', '--code', 'study_session', '--zh', '专题学习', '--en', 'Study session')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Added meeting kind study_session (专题学习 / Study session)'),
    });
    expect(await admin(dataDir, 'meeting-kind:add', '--code', 'study_session', '--zh', '学习', '--en', 'Study')).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_MEETING_KIND_TAKEN') });
    expect(await admin(dataDir, 'meeting-kind:add', '--code', 'reading', '--zh', '读书会')).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --en') });
    expect(await admin(dataDir, 'meeting-kind:add', '--code', 'Reading', '--zh', '读书会', '--en', 'Reading')).toMatchObject({ code: 2, stderr: expect.stringContaining('lower-case') });
    expect(await admin(dataDir, 'meeting-kind:rename', '--code', 'study_session', '--zh', '专题学习会')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Renamed meeting kind study_session (专题学习会 / Study session)'),
    });
    expect(await admin(dataDir, 'meeting-kind:rename', '--code', 'study_session')).toMatchObject({ code: 2, stderr: expect.stringContaining('give --zh, --en or both') });
    expect(await admin(dataDir, 'meeting-kind:retire', '--code', 'study_session')).toMatchObject({ code: 0, stdout: expect.stringContaining('Retired meeting kind study_session') });
    expect(await admin(dataDir, 'meeting-kind:retire', '--code', 'study_session')).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_MEETING_KIND_RETIRED') });
    expect(await admin(dataDir, 'meeting-kind:retire', '--code', 'reading')).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_MEETING_KIND_NOT_FOUND') });

    const t = await startTestServer({ dataDir, withAdmin: false });
    try {
      const session = await t.login('root', 'root-password-1');
      const { kinds } = expectOk(await t.call('GET', '/api/v1/meeting-kinds?retired=true', { token: session }), 200, MeetingKindListSchema);
      expect(kinds.at(-1)).toEqual({ code: 'study_session', nameZh: '专题学习会', nameEn: 'Study session', cadence: null, active: false });
      const actions = t.server.store.handles.readable.prepare(`SELECT action FROM audit_log WHERE actor LIKE 'cli:%' AND target_type = 'meeting-kind' ORDER BY id`).pluck().all();
      expect(actions).toEqual(['meeting-kind.add', 'meeting-kind.rename', 'meeting-kind.retire']);
    } finally {
      await t.close();
    }
  });

  it('lets two commands start at once on a fresh data folder: one set of keys, one schema, both writes kept', async () => {
    const fresh = join(dir, 'fresh');
    const runs = await Promise.all([
      admin(fresh, 'org:create', '--code', 'R1', '--name', '一', '--kind', 'county'),
      admin(fresh, 'org:create', '--code', 'R2', '--name', '二', '--kind', 'county'),
      admin(fresh, 'org:create', '--code', 'R3', '--name', '三', '--kind', 'county'),
    ]);
    expect(runs.map((run) => [run.code, run.stderr])).toEqual([[0, ''], [0, ''], [0, '']]);
    const t = await startTestServer({ dataDir: fresh });
    try {
      const codes = t.server.store.handles.readable.prepare('SELECT code FROM organisations ORDER BY code').pluck().all();
      expect(codes).toEqual(['R1', 'R2', 'R3']);
    } finally {
      await t.close();
    }
  });

  it('sets a new password for the only admin, who forgot theirs and tried too many: their open session ends, the running server lets the new password in at once, the trail has no password', async () => {
    const t = await startTestServer({ dataDir, withAdmin: false });
    try {
      const before = await t.login('root', 'root-password-1');
      // Five wrong guesses at the forgotten password make the username wait before the next.
      for (let i = 0; i < 5; i += 1) expectError(await t.call('POST', '/api/v1/auth/login', { json: { username: 'root', password: `guess-${i}-password` } }), 401, 'ERR_LOGIN_FAILED');
      expectError(await t.call('POST', '/api/v1/auth/login', { json: { username: 'root', password: 'root-password-1' } }), 429, 'ERR_TOO_MANY_ATTEMPTS');
      const run = await admin(dataDir, 'user:reset-password', '--username', 'root', '--password', 'remembered-at-last-2');
      expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('Set a new password for root') });
      expectError(await t.call('GET', '/api/v1/auth/me', { token: before }), 401, 'ERR_SESSION_INVALID');
      expectError(await t.call('POST', '/api/v1/auth/login', { json: { username: 'root', password: 'root-password-1' } }), 401, 'ERR_LOGIN_FAILED');
      expect(expectOk(await t.call('GET', '/api/v1/auth/me', { token: await t.login('root', 'remembered-at-last-2') }), 200, UserSchema).username).toBe('root');
      const rows = t.server.store.handles.readable.prepare(`SELECT actor, target_id AS target, summary FROM audit_log WHERE action = 'user.password.reset'`).all();
      expect(rows).toEqual([{ actor: expect.stringMatching(/^cli:/), target: 'root', summary: JSON.stringify({ reset: 'password' }) }]);
    } finally {
      await t.close();
    }
    expect(await admin(dataDir, 'user:reset-password', '--username', 'nobody', '--password', 'long-enough-pass')).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_USER_NOT_FOUND') });
    expect(await admin(dataDir, 'user:reset-password', '--username', 'root', '--password', 'short')).toMatchObject({ code: 1, stderr: expect.stringContaining('ERR_PASSWORD_TOO_WEAK') });
    expect(await admin(dataDir, 'user:reset-password', '--username', 'root')).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --password') });
  });

  it('takes a password or a name that begins with a dash as written, and says how to write a value that begins with two', async () => {
    const t = await startTestServer({ dataDir, withAdmin: false });
    try {
      const password = '-Dash-first-password-3';
      expect(await admin(dataDir, 'user:reset-password', '--username', 'root', '--password', password)).toMatchObject({ code: 0, stdout: expect.stringContaining('Set a new password for root') });
      expect(expectOk(await t.call('GET', '/api/v1/auth/me', { token: await t.login('root', password) }), 200, UserSchema).username).toBe('root');
    } finally {
      await t.close();
    }
    expect(await admin(dataDir, 'org:create', '--code', 'BR9', '--name', '-第九支部', '--kind', 'branch', '--parent', 'CTY')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Created organisation BR9 (-第九支部, branch) under CTY'),
    });
    expect(await admin(dataDir, 'meeting-kind:rename', '--code', 'lecture', '--en', '-Lecture', '--zh', '-党课')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Renamed meeting kind lecture (-党课 / -Lecture)'),
    });

    const doubleDash = await admin(dataDir, 'user:reset-password', '--username', 'root', '--password', '--two-dashes-first');
    expect(doubleDash).toMatchObject({ code: 2, stderr: expect.stringContaining('write it joined with "=": --password=--…') });
    expect(doubleDash.stderr).not.toContain('two-dashes-first');
    expect(await admin(dataDir, 'kiosk:token', '--org', 'BR1', '--ttl-minutes', '-5')).toMatchObject({ code: 2, stderr: expect.stringContaining('--ttl-minutes=-…') });
    expect(await admin(dataDir, 'user:reset-password', '--password', '--username', 'root')).toMatchObject({ code: 2, stderr: expect.stringContaining('--password has no value before --username') });
    // Written joined, a value beginning with two dashes is the password.
    expect(await admin(dataDir, 'user:reset-password', '--username', 'root', '--password=--two-dashes-first')).toMatchObject({ code: 0 });
  });

  it('names the commands when given an unknown one', async () => {
    expect(await admin(dataDir, 'frobnicate')).toMatchObject({ code: 2, stderr: expect.stringContaining('kiosk:token --org CODE') });
  });
});

describe("the demo's first admin", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-admin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when its random password starts with a dash, then the admin is still created and signs in with it', async () => {
    // One random password in 64 starts with '-' and one in 4,096 with '--': the demo writes it joined (--password=…), which takes both.
    const password = '-Zq3r8Kp1xYw';
    await initAdmin(dir, 'admin', password);
    const t = await startTestServer({ dataDir: dir, withAdmin: false });
    try {
      expect(expectOk(await t.call('GET', '/api/v1/auth/me', { token: await t.login('admin', password) }), 200, UserSchema).username).toBe('admin');
    } finally {
      await t.close();
    }
  });
});
