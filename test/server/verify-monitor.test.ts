import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../server/bootstrap.ts';
import { toBase64 } from '../../shared/log/base64.ts';
import { createTree } from './support/fixtures.ts';
import { ingest, KioskSigner } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { runVerify, type CliRun } from './support/verify-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'mic-verify-monitor-'));
const dataDir = join(root, 'server');
const statePath = join(root, 'state', 'monitor.json');
let t: TestServer;
let kiosk: KioskSigner;

/** `count` accepted events, then a checkpoint over them; returns its size. */
async function grow(server: TestServer, signer: KioskSigner, count: number): Promise<number> {
  const events: string[] = [];
  for (let i = 0; i < count; i++) events.push(await signer.sign({ type: 'card.denied', reason: 'expired' }));
  await ingest(server, signer.kiosk, events);
  return (await server.server.context.checkpoints.publish()).size;
}

const monitor = (url: string, ...extra: string[]): Promise<CliRun> => runVerify(['--lang', 'en', '--monitor', url, '--state', statePath, ...extra]);
/** An auditor's second monitor of the same log, run in the default language: its own state, its own history. */
const chineseStatePath = join(root, 'state', 'monitor-zh.json');
const monitorInChinese = (url: string): Promise<CliRun> => runVerify(['--monitor', url, '--state', chineseStatePath]);
const state = (): { verifierKey: string; keyTrust: string; url: string; checkpoint: { size: number; rootHash: string; note: string } } =>
  JSON.parse(readFileSync(statePath, 'utf8')) as ReturnType<typeof state>;

beforeAll(async () => {
  t = await startTestServer({ dataDir });
  await createTree(t);
  kiosk = new KioskSigner(await t.enrollKiosk('A1'));
  await grow(t, kiosk, 5);
});
afterAll(async () => {
  try {
    await t.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// The runs build on each other's state file, in order, like an auditor's cron job would.
// Each run starts node with tsx (about a second, more on a busy machine), and some tests make several.
describe('npm run verify -- --monitor URL against a real server', { timeout: 90_000 }, () => {
  it('on the first run, trusts the key the server publishes (printing it to compare out of band) and remembers the newest checkpoint', async () => {
    const run = await monitor(t.url);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const vkey = t.server.context.logKey.verifierKey;
    expect(run.stdout).toContain('on first use');
    expect(run.stdout).toContain(vkey);
    const newest = await t.call('GET', '/api/v1/log/checkpoint');
    const stored = await t.server.context.checkpoints.publish();
    expect(state()).toMatchObject({ verifierKey: vkey, keyTrust: 'first-use', url: t.url, checkpoint: { size: 5, rootHash: toBase64(stored.root), note: newest.text } });

    const chinese = await monitorInChinese(t.url);
    expect(chinese, chinese.stderr).toMatchObject({ code: 0 });
    expect(chinese.stdout).toContain('没有给出日志公钥：这次先信任服务器公布的公钥（首次使用）：');
    expect(chinese.stdout).toContain(`  ${vkey}\n`);
    expect(chinese.stdout).toContain(`已记下：日志 ${t.server.context.logKey.name}，共 5 条，根哈希 ${toBase64(stored.root)}`);
    expect(chinese.stdout).toContain(`状态已保存到 ${chineseStatePath}`);
    expect(chinese.stdout).not.toContain('pinned');
  });

  it('when the log grew, then the next run proves the new checkpoint consistent, prints "size A → B" and remembers it', async () => {
    expect(await grow(t, kiosk, 7)).toBe(12);
    const run = await monitor(t.url);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('consistent: size 5 → 12');
    expect(state().checkpoint.size).toBe(12);

    const unchanged = await monitor(t.url);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toContain('consistent: size 12 → 12');

    const chinese = await monitorInChinese(t.url);
    expect(chinese, chinese.stderr).toMatchObject({ code: 0 });
    expect(chinese.stdout).toContain('前后一致：日志从 5 条到 12 条');
    expect(chinese.stdout).toContain(`根哈希 ${state().checkpoint.rootHash}`);
  });

  it('when the server is restored from an older copy of its database, then the run exits 3 saying the log was rolled back, and the state is left as it was', async () => {
    const backup = join(root, 'backup.db');
    await t.server.store.handles.writable.backup(backup);
    expect(await grow(t, kiosk, 8)).toBe(20);
    expect((await monitor(t.url)).stdout).toContain('consistent: size 12 → 20');
    expect((await monitorInChinese(t.url)).stdout).toContain('前后一致：日志从 12 条到 20 条');
    const before = readFileSync(statePath, 'utf8');

    await t.close({ keepData: true });
    const database = dataFiles(dataDir).database;
    rmSync(`${database}-wal`, { force: true });
    rmSync(`${database}-shm`, { force: true });
    copyFileSync(backup, database);
    t = await startTestServer({ dataDir });
    const run = await monitor(t.url);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ROLLED BACK');
    expect(run.stderr).toContain('the log shrank from 20 to 12 entries (rolled-back)');
    expect(readFileSync(statePath, 'utf8')).toBe(before);
    const chinese = await monitorInChinese(t.url);
    expect(chinese.code).toBe(3);
    expect(chinese.stderr).toContain('!!! 日志前后不一致：日志被回退了 !!!');
    expect(chinese.stderr).toContain('日志从 20 条缩回到 12 条（rolled-back）');
    expect(chinese.stderr).toContain(`请保留 ${chineseStatePath}（本监看以前核对过的检查点，20 条，没有改动）`);
    expect(chinese.stderr).not.toContain('ROLLED BACK');

    // Carrying on from the restored copy with other events gives another tree of the same size: a fork.
    const other = new KioskSigner(await t.enrollKiosk('A2'));
    expect(await grow(t, other, 8)).toBe(20);
    const forked = await monitor(t.url);
    expect(forked.code).toBe(3);
    expect(forked.stderr).toContain('(forked)');
    expect(readFileSync(statePath, 'utf8')).toBe(before);
  });

  it('when another log answers at the URL (checkpoints signed by another key), then the run exits 3 saying so, and the state is left as it was', async () => {
    const impostor = await startTestServer();
    try {
      const before = readFileSync(statePath, 'utf8');
      const run = await monitor(impostor.url);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('CHECKPOINT NOT SIGNED BY THE PINNED KEY');
      expect(run.stderr).toContain('ERR_NOTE_UNVERIFIED');
      expect(readFileSync(statePath, 'utf8')).toBe(before);

      // A first run given the real log's key refuses the impostor just the same, and pins nothing.
      const fresh = join(root, 'fresh.json');
      const given = await runVerify(['--lang', 'en', '--monitor', impostor.url, '--state', fresh, '--key', t.server.context.logKey.verifierKey]);
      expect(given.code).toBe(3);
      expect(existsSync(fresh)).toBe(false);
    } finally {
      await impostor.close();
    }
  });

  it('when the key comes from a file, then the first run uses it without trusting the server for it', async () => {
    const keyFile = join(root, 'log.vkey');
    writeFileSync(keyFile, `${t.server.context.logKey.verifierKey}\n`);
    const given = join(root, 'given.json');
    const run = await runVerify(['--lang', 'en', '--monitor', t.url, '--state', given, '--key-file', keyFile]);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('Using the verifier key given');
    expect(run.stdout).not.toContain('on first use');
    expect(JSON.parse(readFileSync(given, 'utf8'))).toMatchObject({ keyTrust: 'given', checkpoint: { size: 20 } });
  });

  it('without --state, remembers the log in ~/.member-card/monitor-<host>.json, and runs through npm with the same exit codes', async () => {
    const home = join(root, 'home');
    const run = await runVerify(['--lang', 'en', '--monitor', t.url], { env: { HOME: home } });
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const host = new URL(t.url).host.replace(':', '_');
    expect(JSON.parse(readFileSync(join(home, '.member-card', `monitor-${host}.json`), 'utf8'))).toMatchObject({ checkpoint: { size: 20 } });

    const viaNpm = await runVerify(['--lang', 'en', '--monitor', t.url, '--state', statePath], { viaNpm: true });
    expect(viaNpm.code).toBe(3);
    expect(viaNpm.stderr).toContain('(forked)');
  });

  it('when the server cannot be reached, then the run exits 1 with a clear message and saves nothing', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const nowhere = join(root, 'nowhere.json');
    const run = await runVerify(['--lang', 'en', '--monitor', url, '--state', nowhere]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach ${url}`);
    expect(run.stderr).toContain('ERR_MONITOR_UNREACHABLE');
    expect(existsSync(nowhere)).toBe(false);
  });

  it('when the arguments are wrong, then it prints the usage and exits 2', async () => {
    const notAnIssuerKey = join(root, 'not-an-issuer-key.json');
    writeFileSync(notAnIssuerKey, '{"kty":"OKP"}');
    for (const args of [
      [],
      ['--monitor'],
      ['--monitor', t.url, '--key', 'a', '--key-file', 'b'],
      ['--frobnicate'],
      // The monitor's state belongs to a monitor run; issuer keys to a bundle; a run checks one bundle.
      ['--state', statePath, 'bundle.json'],
      ['--monitor', t.url, '--issuer', notAnIssuerKey],
      ['--monitor', t.url, 'one.json', 'two.json'],
      ['--issuer', notAnIssuerKey, 'bundle.json'],
    ]) {
      const run = await runVerify(['--lang', 'en', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('usage: npm run verify -- --monitor URL');
    }
    const chinese = await runVerify(['--frobnicate']);
    expect(chinese.code).toBe(2);
    expect(chinese.stderr).toContain('没有 --frobnicate 这个选项');
    expect(chinese.stderr).toContain('用法：npm run verify -- ');
    expect(chinese.stderr).toContain('加 --lang en 用英文显示');
    expect(chinese.stderr).not.toContain('usage');
    const missing = await runVerify(['--lang', 'zh-CN', '--monitor']);
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([2, '--monitor 后面要跟一个值']);
    const unknown = await runVerify(['--lang', 'fr', 'bundle.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--lang fr：只能是 zh-CN（中文）或 en（英文）');
    expect((await runVerify(['--lang', 'en'])).stderr).toContain('It prints Chinese (--lang zh-CN) unless given --lang en.');
  });
});
