/**
 * npm run demo [-- --fresh] [--port 8080] [--members 300] [--data data/demo]
 * One command for a newcomer: the server on its embedded default (SQLite) with a demo county, pcscd with
 * the virtual reader, a kiosk in browser mode enrolled at a branch with today's meeting open, and a page
 * with a "tap" button per demo card. Everything lives in data/demo/ (or --data).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserKiosk } from '../kiosk/browser/browser-kiosk.ts';
import { DEFAULT_UI_DIR, buildKioskUi, isUiBuilt } from '../kiosk/browser/build-ui.ts';
import { ResilientReaders } from '../kiosk/core/readers/resilient-readers.node.ts';
import { ApiClient } from './demo/api-client.ts';
import { startCardTapper } from './demo/card-tapper.ts';
import { seedDemoCounty, type DemoSeed } from './demo/seed-county.ts';
import { assertPortFree, finished, initAdmin, runTsx, stopChild, waitForHealth } from './demo/server-process.ts';
import { runCli } from './lib/explain-error.ts';
import { ensurePcscd } from './lib/pcscd.ts';

const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false }, port: { type: 'string', default: '8080' }, members: { type: 'string', default: '300' }, data: { type: 'string', default: 'data/demo' } } });

/** How to stop what the demo started, last first: on Ctrl-C, and when a step fails, so nothing is left running. */
const stops: Array<() => Promise<void> | void> = [];
let stopping = false;

/** Something started; once the demo is stopping, a late starter is stopped at once. */
function started(stop: () => Promise<void> | void): void {
  if (stopping) void stop();
  else stops.push(stop);
}

async function stopAll(): Promise<void> {
  stopping = true;
  for (const stop of stops.reverse()) await stop();
}

runCli(async () => {
  // Ctrl-C while the demo is still starting stops what has started so far.
  const stopAsked = new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  try {
    await Promise.race([runDemo(), stopAsked]);
    await stopAsked;
  } finally {
    await stopAll();
  }
});

async function runDemo(): Promise<void> {
  const root = resolve(values.data);
  if (values.fresh) rmSync(root, { recursive: true, force: true });
  const serverData = join(root, 'server');
  const seedFile = join(root, 'seed.json');
  mkdirSync(root, { recursive: true });
  await assertPortFree(Number(values.port), '127.0.0.1');

  console.log('1/5 PC/SC: pcscd with the virtual readers');
  const pcscd = await ensurePcscd();
  started(() => pcscd.stop());

  console.log(`2/5 server on port ${values.port} (data in ${serverData})`);
  // The first admin exists before the server starts, so it does not ask for one.
  const seeded = existsSync(seedFile);
  const adminPassword = randomBytes(9).toString('base64url');
  if (!seeded) await initAdmin(serverData, 'admin', adminPassword);
  await finished(runTsx('scripts/ensure-console-built.ts', [], {}, 'inherit'));
  const serverUrl = `http://127.0.0.1:${values.port}`;
  const server = runTsx('server/main.ts', [], { MIC_DATA_DIR: serverData, PORT: values.port, HOST: '127.0.0.1', MIC_LOG_LEVEL: 'warn' }, 'inherit');
  started(() => stopChild(server));
  await waitForHealth(serverUrl, server);

  let seed: DemoSeed & { adminPassword: string };
  if (seeded) {
    seed = JSON.parse(readFileSync(seedFile, 'utf8')) as DemoSeed & { adminPassword: string };
    console.log('3/5 demo county already seeded');
  } else {
    console.log('3/5 seeding the demo county (org tree, members, cards, a meeting)');
    const api = new ApiClient(serverUrl);
    await api.login('admin', adminPassword);
    seed = { ...(await seedDemoCounty(api, { dataDir: root, serverDataDir: serverData, memberCount: Number(values.members), onProgress: (line) => console.log(`    ${line}`) })), adminPassword };
    writeFileSync(seedFile, JSON.stringify(seed, null, 2), { mode: 0o600 });
  }

  console.log('4/5 kiosk in browser mode');
  if (!isUiBuilt(DEFAULT_UI_DIR)) await buildKioskUi(DEFAULT_UI_DIR);
  // Reader trouble shows as state changes; the individual pcsclite errors behind them would only be noise here.
  const readers = ResilientReaders.start();
  started(() => readers.close());
  readers.onStatus((status) => console.log(`card readers: ${status.state}${status.readers.length ? ` (${status.readers.join(', ')})` : ''}`));
  const kiosk = await startBrowserKiosk({ dataDir: join(root, 'kiosk'), uiDir: DEFAULT_UI_DIR, readerSource: readers, kiosk: { onError: (error) => console.error('kiosk:', error) } });
  started(() => kiosk.close());
  if (!kiosk.kiosk.status().enrolled) await kiosk.kiosk.enroll(serverUrl, seed.enrolmentToken, '党群服务中心签到机');
  if (kiosk.kiosk.status().mode.kind === 'idle') await kiosk.kiosk.openMeeting({ kind: 'scheduled', meetingId: seed.meetingId });

  console.log('5/5 demo card page');
  const tapper = await startCardTapper(seed.members);
  started(() => void tapper.server.close());

  console.log(`
Member Card demo is running.
  Kiosk screen:   ${kiosk.url}
  Demo cards:     ${tapper.url}   (press 刷卡 Tap next to a name, then watch the kiosk screen)
  Console:        ${serverUrl}/console/   (sign in as admin / ${seed.adminPassword}; 会议 Meetings → 签到名单 shows who checked in)
  Server:         ${serverUrl}/api/v1/health
  Attendance:     ${serverUrl}/api/v1/meetings/${seed.meetingId}/attendance  (API; sign in first: POST /api/v1/auth/login)
Press Ctrl-C to stop.`);
}
