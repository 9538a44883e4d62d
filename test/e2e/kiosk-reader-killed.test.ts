import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIRTUAL_READERS, VpcdCard, type AfterCommand } from '../../scripts/lib/vpcd-card.ts';
import { INS } from '../../shared/card/constants.ts';
import { issueMemoryCard, type IssuedCard } from '../support/issued-card.ts';
import { restoreNormalPcscd, signalPcscdFromOutside, startPcscdWithReaders, stopPcscd, type Scheduled } from './support/pcscd-control.ts';
import { childrenOf, commandLine, hasLoaded, isDead, waitingIn } from './support/processes.ts';
import { ScriptProcess } from './support/script-process.ts';
import { until } from './support/until.ts';

/*
 * A kiosk killed outright (kill -9, a crash, Electron's main process dying) must not leave its card reader process
 * (kiosk/core/readers/pcsc-child.mjs) behind, holding its connections to pcscd, also while pcscd keeps that process
 * waiting: the kiosk is test/kiosk-process/reading-kiosk.ts, ResilientReaders in a process of its own, and pcscd is
 * stopped (SIGSTOP) so that it takes connections and answers none, as in kiosk-reader-held.test.ts.
 */

const PCSC_CHILD = 'pcsc-child.mjs';
/** Taps go to reader 1: `npm run demo` taps its cards on reader 0 of the same pcscd. */
const TAP_READER = 1;
/** The card reader process looks for its kiosk ten times a second; the rest is a loaded two-core machine. */
const ENDS_WITHIN_MS = 1_000;
/** One still starting looks once Node has started it: up to 1.5 s seen on a two-core machine loaded by other tests. */
const STARTING_ENDS_WITHIN_MS = 5_000;
/** How long the reader process's main thread stays out of its event loop before it counts as held by pcsclite. */
const HELD_MS = 200;
/** A kiosk process starting (Node with its TypeScript loader) and listing pcscd's readers, on a loaded machine. */
const START_MS = 15_000;

let card: IssuedCard;
const kiosks: ScriptProcess[] = [];
/** every card reader process a test watched, ended in afterEach if it outlived its kiosk */
const readerProcesses: number[] = [];
const cards: VpcdCard[] = [];
let scheduled: Scheduled | undefined;

beforeAll(async () => {
  card = await issueMemoryCard({ member: '3301020001' });
});

afterEach(async () => {
  // pcscd running again before anything waits on it.
  await scheduled?.now();
  scheduled = undefined;
  for (const kiosk of kiosks.splice(0)) {
    kiosk.child.kill('SIGKILL');
    await kiosk.exited;
  }
  for (const pid of readerProcesses.splice(0)) {
    if (!isDead(pid) && commandLine(pid).includes(PCSC_CHILD)) process.kill(pid, 'SIGKILL');
  }
  await Promise.all(cards.splice(0).map((vpcd) => vpcd.remove()));
  await restoreNormalPcscd();
});

function startKiosk(): ScriptProcess {
  const kiosk = new ScriptProcess(process.execPath, ['--import', 'tsx', 'test/kiosk-process/reading-kiosk.ts']);
  kiosks.push(kiosk);
  return kiosk;
}

async function connected(kiosk: ScriptProcess): Promise<void> {
  await kiosk.line(new RegExp(`^STATUS connected .*${VIRTUAL_READERS[TAP_READER]}`), 0, START_MS);
}

/** The kiosk's card reader process: the kiosk replaces it whenever it fails, so this is the one running now. */
function readerProcessOf(kiosk: ScriptProcess): number | undefined {
  const pid = childrenOf(kiosk.child.pid!, PCSC_CHILD)[0];
  if (pid !== undefined && !readerProcesses.includes(pid)) readerProcesses.push(pid);
  return pid;
}

/**
 * The kiosk's card reader process once pcsclite holds its main thread: pcsclite is loaded, and the thread has stayed
 * out of Node's event loop for HELD_MS, which nothing else in that process does.
 */
async function heldInPcsclite(kiosk: ScriptProcess): Promise<number> {
  let watched: number | undefined;
  let outOfLoopSince = 0;
  await until(
    () => {
      const pid = readerProcessOf(kiosk);
      if (pid === undefined || !hasLoaded(pid, 'pcsclite.node') || waitingIn(pid) === 'do_epoll_wait') {
        watched = undefined;
        return false;
      }
      if (pid !== watched) [watched, outOfLoopSince] = [pid, Date.now()];
      return Date.now() - outOfLoopSince >= HELD_MS;
    },
    START_MS,
    () => "the kiosk's card reader process to be held inside pcsclite",
  );
  return watched!;
}

/** Kills the kiosk with SIGKILL, and waits for its card reader process to end as well. */
async function killKioskAndAwaitReaderProcess(kiosk: ScriptProcess, readerProcess: number, withinMs = ENDS_WITHIN_MS): Promise<void> {
  kiosk.child.kill('SIGKILL');
  await until(
    () => isDead(readerProcess),
    withinMs,
    () => `the card reader process ${readerProcess} to end after its kiosk was killed; it waits in ${waitingIn(readerProcess) || 'nothing'}`,
  );
}

/** A kiosk started now: a card held to the reader is read. */
async function newKioskReadsTap(): Promise<void> {
  const kiosk = startKiosk();
  await connected(kiosk);
  const from = kiosk.lines.length;
  const vpcd = new VpcdCard(card.applet, { reader: TAP_READER });
  cards.push(vpcd);
  await vpcd.insert();
  expect(await kiosk.line(/^(READ|UNREAD) /, from)).toBe(`READ ${VIRTUAL_READERS[TAP_READER]} ${card.credential.jwt}`);
}

describe('the kiosk’s card reader process when the kiosk is killed', () => {
  it('when the kiosk is killed while its card reader process waits for taps, then that process ends too, and a new kiosk reads a tap', async () => {
    await restoreNormalPcscd();
    const kiosk = startKiosk();
    await connected(kiosk);
    const readerProcess = readerProcessOf(kiosk)!;

    await killKioskAndAwaitReaderProcess(kiosk, readerProcess);
    await newKioskReadsTap();
  });

  it('when the kiosk is killed while its card reader process is still starting, then that process ends too, and a new kiosk reads a tap', async () => {
    await restoreNormalPcscd();
    const kiosk = startKiosk();
    // Found within moments of the kiosk starting it, long before Node has loaded it.
    let readerProcess: number | undefined;
    await until(() => (readerProcess = readerProcessOf(kiosk)) !== undefined, START_MS, () => "the kiosk's card reader process to start");

    await killKioskAndAwaitReaderProcess(kiosk, readerProcess!, STARTING_ENDS_WITHIN_MS);
    await newKioskReadsTap();
  });

  it('when the kiosk is killed while pcsclite holds its card reader process connecting to a pcscd that answers nothing, then that process ends at once, not when pcscd answers, and a new kiosk reads a tap', async () => {
    await stopPcscd('SIGTERM');
    const pcscd = await startPcscdWithReaders();
    scheduled = await signalPcscdFromOutside(pcscd, 'SIGSTOP', 'SIGCONT', 20_000);
    const kiosk = startKiosk();
    const readerProcess = await heldInPcsclite(kiosk);

    await killKioskAndAwaitReaderProcess(kiosk, readerProcess);
    await scheduled.now();
    await newKioskReadsTap();
  });

  it('when the kiosk is killed in the middle of reading a card that pcscd stopped answering for, then its card reader process ends at once, not when pcscd answers, and a new kiosk reads a tap', async () => {
    await stopPcscd('SIGTERM');
    const pcscd = await startPcscdWithReaders();
    const kiosk = startKiosk();
    await connected(kiosk);
    const readerProcess = readerProcessOf(kiosk)!;
    scheduled = await signalPcscdFromOutside(pcscd, undefined, 'SIGCONT', 20_000);
    let pcscdStopped = false;
    const stopPcscdMidRead: AfterCommand = (command) => {
      if (command[1] === INS.readBinary && !pcscdStopped) {
        process.kill(pcscd, 'SIGSTOP');
        pcscdStopped = true;
      }
      return undefined;
    };
    const vpcd = new VpcdCard(card.applet, { reader: TAP_READER, afterCommand: stopPcscdMidRead });
    cards.push(vpcd);
    await vpcd.insert();
    await until(() => pcscdStopped, 5_000, () => 'the read to reach READ BINARY');

    await killKioskAndAwaitReaderProcess(kiosk, readerProcess);
    await scheduled.now();
    await vpcd.remove();
    await newKioskReadsTap();
  });
});
