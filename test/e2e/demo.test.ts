import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../scripts/demo/api-client.ts';
import { attendance, loggedEvents } from '../support/kiosk-server-events.ts';
import { ScriptProcess } from './support/script-process.ts';
import { until } from './support/until.ts';

/*
 * The quick start's `npm run demo`, as a newcomer runs it: one command brings up pcscd with the virtual
 * reader, the server with a demo county, a kiosk and the demo card page; a tap on that page reaches the
 * server as a signed check-in, and the lost card is refused. Ctrl-C stops it all.
 */

const MEMBERS = 12;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let data: string;
let demo: ScriptProcess;

/** The address the demo printed after `label:` */
async function address(label: string): Promise<string> {
  const line = await demo.line(new RegExp(`^\\s+${label}:`));
  return /https?:\/\/\S+/.exec(line)![0];
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'mic-demo-'));
  demo = new ScriptProcess(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--fresh', '--port', String(await freePort()), '--members', String(MEMBERS), '--data', data]);
  // Seeding issues a card per member and may build the kiosk screens and the console first.
  await demo.line(/^Press Ctrl-C to stop\./, 0, 240_000);
}, 300_000);

afterAll(async () => {
  if (demo.child.exitCode === null) {
    demo.child.kill('SIGKILL');
    await demo.exited;
  }
  rmSync(data, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('when a member taps on the demo card page, then the kiosk’s signed check-in is in the meeting’s attendance, and the lost card is refused and reported', async () => {
    const cards = await address('Demo cards');
    const attendanceUrl = new URL(await address('Attendance'));
    const password = /admin \/ (\S+?);/.exec(await demo.line(/^\s+Console:/))![1]!;
    await demo.line(/^card readers: connected/);
    const members = [...(await (await fetch(cards)).text()).matchAll(/data-member="([^"]+)"/g)].map((match) => match[1]!);
    expect(members).toHaveLength(MEMBERS);

    const api = new ApiClient(attendanceUrl.origin);
    await api.login('admin', password);
    const meetingId = /meetings\/([^/]+)\/attendance/.exec(attendanceUrl.pathname)![1]!;
    expect(await attendance(api, meetingId)).toEqual([]);

    const [member, , , lost] = members as [string, string, string, string];
    expect((await fetch(new URL(`tap/${member}`, cards), { method: 'POST' })).status).toBe(204);
    await until(async () => (await attendance(api, meetingId)).some((entry) => entry.member === member), 20_000, () => `${member} in the attendance of ${meetingId}`);

    expect((await fetch(new URL(`tap/${lost}`, cards), { method: 'POST' })).status).toBe(204);
    let types: string[] = [];
    await until(
      async () => {
        types = (await loggedEvents(attendanceUrl.origin, join(data, 'kiosk'))).map((event) => (event.payload.type === 'card.denied' ? `card.denied:${event.payload.reason}` : event.payload.type));
        return types.includes('card.denied:revoked');
      },
      20_000,
      () => `a card.denied event for the lost card in the log (the kiosk's events there: ${types.join(', ')})`,
    );
    expect(types.filter((type) => type === 'checkin')).toHaveLength(1);
    expect((await attendance(api, meetingId)).map((entry) => entry.member)).toEqual([member]);

    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
  }, 120_000);
});

describe('npm run demo, stopped while it starts', () => {
  it('when Ctrl-C comes while the county is being seeded, then the demo exits 0 and its server no longer answers', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mic-demo-'));
    const port = await freePort();
    const starting = new ScriptProcess(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--fresh', '--port', String(port), '--members', '300', '--data', folder]);
    try {
      await starting.line(/^3\/5 seeding/, 0, 120_000);
      const health = `http://127.0.0.1:${port}/api/v1/health`;
      expect((await fetch(health)).status).toBe(200);
      starting.child.kill('SIGINT');
      expect(await starting.exited).toBe(0);
      await expect(fetch(health)).rejects.toThrow();
      expect(starting.lines).not.toContain('Press Ctrl-C to stop.');
    } finally {
      if (starting.child.exitCode === null) starting.child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
