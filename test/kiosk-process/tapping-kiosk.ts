/**
 * A kiosk as its own process, for the crash test (test/kiosk-integration/kiosk-crash.test.ts), which kill -9s it.
 *
 *   node --import tsx test/kiosk-process/tapping-kiosk.ts <plan.json> <kiosk data dir> tap <first pair>
 *   node --import tsx test/kiosk-process/tapping-kiosk.ts <plan.json> <kiosk data dir> drain
 *
 * Opens a Kiosk on the data folder with its sync loop on, enrols with the plan's token unless an earlier run
 * did, then either taps the plan's (meeting, member) pairs in order from <first pair>, opening each meeting as
 * it comes, or waits until the outbox is empty. Cards are reference cards in memory, loaded from their state
 * files and saved after every command that changed them, before the answer goes back: like a real card's
 * EEPROM, a counter the kiosk has seen is never handed out again, whenever the process dies.
 *
 * One line on stdout per thing the test must know (stdout to a pipe is synchronous on Linux, so a line
 * written is a line the test will read, even if the process is killed right after):
 *   OPENING                       the modules are loaded; Kiosk.open starts
 *   READY <kiosk id>              the kiosk is open and enrolled
 *   TAP <pair>                    a card session starts
 *   CONFIRMED <pair> <member> <meeting> <seq>
 *                                 kiosk.tap resolved `checked-in`: the event is durable, the screen confirms
 *   ANSWER <pair> <kind>          any other answer (the screen confirms nothing)
 *   POST > / POST < <status> <duplicates>
 *                                 a POST /api/v1/events left / its answer arrived, with how many events the
 *                                 server had already (sent before a kill took the receipts)
 *   DONE                          every pair tapped
 *   DRAINED                       (drain) the queue is empty
 */
import { readFileSync } from 'node:fs';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { Kiosk } from '../../kiosk/core/kiosk.ts';
import { serialiseCard, writeFileAtomic } from '../../scripts/lib/card-state-file.ts';
import type { CardTransport } from '../../shared/card/transport.ts';

export interface TappingPlan {
  serverUrl: string;
  enrolmentToken: string;
  meetings: string[];
  members: { member: string; cardFile: string }[];
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A reference card whose memory is written to its state file whenever a command changed it. */
class SavedCard implements CardTransport {
  readonly reader = 'memory reader';
  private readonly applet: ReferenceApplet;
  private saved: string;

  constructor(private readonly file: string) {
    this.saved = readFileSync(file, 'utf8');
    this.applet = ReferenceApplet.load(JSON.parse(this.saved));
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const response = this.applet.process(apdu);
    const state = serialiseCard(this.applet);
    if (state !== this.saved) {
      writeFileAtomic(this.file, state);
      this.saved = state;
    }
    return response;
  }
}

/** Marks each event upload on stdout, so the test knows whether a kill landed during a sync round. */
const tracedFetch: typeof fetch = async (input, init) => {
  const posting = init?.method === 'POST' && String(input instanceof Request ? input.url : input).endsWith('/api/v1/events');
  if (!posting) return fetch(input, init);
  say('POST >');
  const response = await fetch(input, init);
  const answer = response.ok ? ((await response.clone().json()) as { results: { status: string }[] }) : { results: [] };
  say(`POST < ${response.status} ${answer.results.filter((result) => result.status === 'duplicate').length}`);
  return response;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const [planFile, dataDir, command, first] = process.argv.slice(2);
  if (!planFile || !dataDir || (command !== 'tap' && command !== 'drain')) throw new Error('usage: tapping-kiosk.ts <plan.json> <data dir> tap <first pair> | drain');
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as TappingPlan;
  say('OPENING');
  const kiosk = await Kiosk.open({
    dataDir,
    fetch: tracedFetch,
    // A sync failure is not expected here (the server stays up); make a slow retry impossible to hide behind.
    sync: { backoff: { baseMs: 50, capMs: 500 } },
    onError: (error) => process.stderr.write(`kiosk error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  });
  if (!kiosk.status().enrolled) await kiosk.enroll(plan.serverUrl, plan.enrolmentToken, '崩溃测试签到机');
  say(`READY ${kiosk.kioskId}`);

  if (command === 'drain') {
    while (kiosk.status().queueLength > 0) await sleep(20);
    say('DRAINED');
    await kiosk.close();
    return;
  }

  const pairs = plan.meetings.length * plan.members.length;
  for (let pair = Number(first); pair < pairs; pair++) {
    const meeting = plan.meetings[Math.floor(pair / plan.members.length)]!;
    const { member, cardFile } = plan.members[pair % plan.members.length]!;
    const mode = kiosk.status().mode;
    if (mode.kind !== 'meeting' || mode.meeting.id !== meeting) {
      if (mode.kind === 'meeting') await kiosk.closeMeeting();
      await kiosk.openMeeting({ kind: 'scheduled', meetingId: meeting });
    }
    say(`TAP ${pair}`);
    const result = await kiosk.tap(new SavedCard(cardFile));
    say(result.kind === 'checked-in' ? `CONFIRMED ${pair} ${member} ${meeting} ${result.seq}` : `ANSWER ${pair} ${result.kind}`);
  }
  say('DONE');
  // Stays up, syncing, until the test kills it.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
