import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { dataFiles } from '../../server/bootstrap.ts';
import { IdNumberCipher } from '../../server/crypto/id-number-cipher.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { LoginResultSchema } from '../../server/schemas/users.ts';
import { ServerPublicKeySchema } from '../../server/schemas/kiosks.ts';
import { HealthSchema } from '../../server/schemas/health.ts';
import { call, expectOk } from './support/http.ts';
import { createTree, validIdNumber } from './support/fixtures.ts';
import { runServerExpectingExit, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { ADMIN, startTestServer } from './support/test-server.ts';

describe('the server process (npm start)', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'mic-process-')), 'data');
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('creates its data folder and keys (0600) on first start, says how to create the first admin, and stops on SIGTERM', async () => {
    const server = await startServerProcess(dataDir);
    expectOk(await call(server.url, 'GET', '/api/v1/health'), 200, HealthSchema);
    const files = dataFiles(dataDir);
    for (const file of [files.signingKey, files.memberDataKey, files.idHashKey, files.database]) {
      expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    }
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    expect(server.logs.some((entry) => entry.level === 40 && String(entry.msg).includes('npm run admin -- init'))).toBe(true);
    expect(server.logs.filter((entry) => entry.msg === 'listening')).toHaveLength(1);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.logs.at(-1)?.msg).toBe('stopped');

    // Each key file is to be backed up for what it alone keeps: only the member-data key guards the ID numbers.
    const backups = new Map(server.logs.filter((entry) => String(entry.msg).startsWith('created key file')).map((entry) => [basename(String(entry.path)), String(entry.msg)]));
    expect([...backups.keys()].sort()).toEqual(['id-hash.key', 'member-data.key', 'server-signing-key.json', 'transparency-log.key']);
    expect(backups.get('server-signing-key.json')).toContain('enrolled again');
    expect(backups.get('id-hash.key')).toContain('no new card matches');
    expect(backups.get('transparency-log.key')).toContain('auditors');
    expect([...backups].filter(([, msg]) => msg.includes('ID numbers')).map(([file]) => file)).toEqual(['member-data.key']);
  });

  it('keeps its keys across restarts', async () => {
    const first = await startServerProcess(dataDir);
    const key = expectOk(await call(first.url, 'GET', '/api/v1/server-key'), 200, ServerPublicKeySchema);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const second = await startServerProcess(dataDir);
    expect(expectOk(await call(second.url, 'GET', '/api/v1/server-key'), 200, ServerPublicKeySchema)).toEqual(key);
    expect(second.logs.some((entry) => entry.msg === 'database migrated')).toBe(false);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('stops gracefully on a SIGTERM sent the moment it reports listening', async () => {
    // A supervisor may stop a server as soon as it is up; three tries, since the signal races the start.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { code, logs } = await runServerExpectingExit(dataDir);
      expect(code).toBe(0);
      expect(logs.map((entry) => entry.msg)).toContain('stopping: finishing requests in flight');
      expect(logs.at(-1)?.msg).toBe('stopped');
      // Every line in the order it was logged: asynchronous writes behind a busy pipe once let 'stopped' overtake earlier lines.
      const times = logs.map((entry) => Number(entry.time));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('runs its database in WAL mode', async () => {
    const server = await startServerProcess(dataDir);
    const file = dataFiles(dataDir).database;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    expect(existsSync(`${file}-wal`)).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses to start on a database whose applied migration does not match its file', async () => {
    const db = new Database(dataFiles(dataDir).database);
    db.prepare(`UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1`).run();
    db.close();
    const { code, logs } = await runServerExpectingExit(dataDir);
    expect(code).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: 60, code: 'ERR_MIGRATION_EDITED' }));
  });

  it('when its port is taken by another program, then it stops at once saying so and how to start on another port', async () => {
    const other = await startTestServer();
    onTestFinished(() => other.close());
    const { code, logs } = await runServerExpectingExit(join(dataDir, '..', 'port-taken'), { PORT: String(other.server.port) });
    expect(code).toBe(1);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 60, code: 'ERR_PORT_IN_USE', msg: expect.stringContaining(`port ${other.server.port} is already in use`) }),
    );
    expect(logs.at(-1)?.msg).toContain(`PORT=${other.server.port + 1} npm start`);
  });

  it('refuses to start with an invalid environment', async () => {
    const { code, logs } = await runServerExpectingExit(join(dataDir, '..', 'other'), { PORT: 'eighty' });
    expect(code).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });
});

describe('the member-data keys from the environment (MIC_MEMBER_DATA_KEY, MIC_ID_HASH_KEY)', () => {
  const root = mkdtempSync(join(tmpdir(), 'mic-keys-'));
  const dataDir = join(root, 'data');
  const encryptionKey = randomBytes(32);
  const idHashKey = randomBytes(32);
  let server: ServerProcess | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    rmSync(root, { recursive: true, force: true });
  });

  const keyFile = (path: string): Buffer => Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');

  it('uses valid keys from the environment instead of the key files, and leaves the files as they were', async () => {
    // The admin and the key files come from a first start without the variables.
    const setup = await startTestServer({ dataDir });
    onTestFinished(() => setup.close());
    await createTree(setup);
    await setup.close();
    const files = dataFiles(dataDir);
    const onDisk = { encryption: readFileSync(files.memberDataKey, 'utf8'), idHash: readFileSync(files.idHashKey, 'utf8') };

    server = await startServerProcess(dataDir, { MIC_MEMBER_DATA_KEY: encryptionKey.toString('hex'), MIC_ID_HASH_KEY: idHashKey.toString('hex').toUpperCase() });
    const login = expectOk(await call(server.url, 'POST', '/api/v1/auth/login', { json: ADMIN }), 200, LoginResultSchema);
    const idNumber = validIdNumber(4242);
    const body = { memberNumber: 'ENV001', name: '钱环境', idNumber, homeOrg: 'A1' };
    const member = expectOk(await call(server.url, 'POST', '/api/v1/members', { token: login.token, json: body }), 201, MemberSchema);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    expect(member.idh).toBe(await residentIdHash(idNumber, idHashKey));
    expect(member.idh).not.toBe(await residentIdHash(idNumber, keyFile(files.idHashKey)));
    const db = new Database(files.database, { readonly: true, fileMustExist: true });
    let sealed: Buffer;
    try {
      sealed = db.prepare(`SELECT id_number_sealed FROM members WHERE member_number = 'ENV001'`).pluck().get() as Buffer;
    } finally {
      db.close();
    }
    expect(new IdNumberCipher(encryptionKey).decrypt(sealed, 'ENV001')).toBe(idNumber);
    expect(() => new IdNumberCipher(keyFile(files.memberDataKey)).decrypt(sealed, 'ENV001')).toThrow();
    expect({ encryption: readFileSync(files.memberDataKey, 'utf8'), idHash: readFileSync(files.idHashKey, 'utf8') }).toEqual(onDisk);
  });

  it.each([
    ['MIC_MEMBER_DATA_KEY', 'not-a-key-but-a-secret-typo'],
    ['MIC_ID_HASH_KEY', 'z'.repeat(64)],
    ['MIC_ID_HASH_KEY', randomBytes(31).toString('hex')],
  ])('refuses to start when %s is not 64 hex characters, saying which variable and what it must be, without echoing it', async (name, value) => {
    const { code, logs, stderr } = await runServerExpectingExit(dataDir, { [name]: value });
    expect(code).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: 60, code: 'ERR_CONFIG_INVALID', msg: `${name} must be 64 hex characters (32 bytes)` }));
    expect(JSON.stringify(logs) + stderr).not.toContain(value);
  });
});
