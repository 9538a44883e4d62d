/**
 * The kiosk's end-to-end world on the real stack: a real server on a loopback port, seeded with a county through its
 * HTTP API (scripts/bench/kiosk-county.ts); a real Kiosk on a temporary data folder, enrolled with the county's
 * one-time token and with the county's first meeting open; and the kiosk's own ResilientReaders over
 * pcscd + vpcd + nfc-pcsc, attached to it, with reader 0 connected. Taps go to reader 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KioskStatus } from '../../../kiosk/core/kiosk-api.ts';
import { Kiosk, type KioskOptions } from '../../../kiosk/core/kiosk.ts';
import { ResilientReaders } from '../../../kiosk/core/readers/resilient-readers.node.ts';
import type { TapResult } from '../../../kiosk/core/session/tap-result.ts';
import { seedCounty, startLocalServer, type County, type CountyMember, type CountyOptions, type LocalServer } from '../../../scripts/bench/kiosk-county.ts';
import { ensurePcscd } from '../../../scripts/lib/pcscd.ts';
import { VIRTUAL_READERS, VpcdCard, type AfterCommand } from '../../../scripts/lib/vpcd-card.ts';
import type { PcscCardTransport } from '../../../shared/card/pcsc-transport.node.ts';
import { loggedEvents, type LoggedEvent } from '../../support/kiosk-server-events.ts';
import { until } from './until.ts';

export const [TAP_READER] = VIRTUAL_READERS;

export interface KioskWorld {
  /** the server the kiosk is enrolled with; startServerAgain replaces it */
  readonly server: LocalServer;
  readonly county: County;
  readonly kiosk: Kiosk;
  /** what kiosk.enroll answered */
  readonly enrolled: KioskStatus;
  /** every card the readers reported, in order: one per tap that reached a reader */
  readonly tapped: PcscCardTransport[];
  /** the kiosk's answers to taps on reader 0 (its tap notices: what the screen shows), in order */
  readonly answers: TapResult[];
  /** failures the kiosk reported through onError: a test expects none */
  readonly kioskErrors: unknown[];
  /**
   * Holds the member's card to reader 0 until the kiosk answers, then takes it away and waits until pcscd has seen
   * it go, so the next tap is a new one. Resolves with the kiosk's last answer.
   */
  tap(card: CountyMember, afterCommand?: AfterCommand): Promise<TapResult>;
  /** the events the server logged from this kiosk, each one's signature checked with the kiosk's key */
  events(): Promise<LoggedEvent[]>;
  /** starts the (stopped) server again on its data folder and port, where the kiosk was enrolled to find it */
  startServerAgain(): Promise<void>;
  close(): Promise<void>;
}

export async function openKioskWorld(options: { county: Omit<CountyOptions, 'serverDataDir'>; kiosk?: Omit<KioskOptions, 'dataDir' | 'onError'> }): Promise<KioskWorld> {
  const root = mkdtempSync(join(tmpdir(), 'mic-e2e-kiosk-'));
  const kioskDir = join(root, 'kiosk');
  const tapped: PcscCardTransport[] = [];
  const answers: TapResult[] = [];
  const kioskErrors: unknown[] = [];
  /** what is running so far, for close(): a set-up that fails half-way leaves nothing behind */
  const running: { server?: LocalServer; kiosk?: Kiosk; readers?: ResilientReaders } = {};
  const close = async (): Promise<void> => {
    await running.kiosk?.close();
    await running.readers?.close();
    await running.server?.stop();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const server = (running.server = await startLocalServer({ dataDir: join(root, 'server') }));
    const county = await seedCounty(server.api, { ...options.county, serverDataDir: server.dataDir });
    const kiosk = (running.kiosk = await Kiosk.open({ ...options.kiosk, dataDir: kioskDir, onError: (error) => kioskErrors.push(error) }));
    const enrolled = await kiosk.enroll(server.url, county.enrolmentToken, '党群服务中心签到机');
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: county.meetingIds[0]! });
    kiosk.subscribe((notice) => {
      if (notice.type === 'tap' && notice.result.reader === TAP_READER) answers.push(notice.result);
    });

    await ensurePcscd();
    const readers = (running.readers = ResilientReaders.start());
    readers.onCard((transport) => tapped.push(transport));
    kiosk.attachReaders(readers);
    await until(() => readers.status().state === 'connected' && readers.status().readers.includes(TAP_READER), 10_000, () => `reader ${TAP_READER}`);

    return {
      get server() {
        return running.server!;
      },
      county,
      kiosk,
      enrolled,
      tapped,
      answers,
      kioskErrors,
      async tap(card, afterCommand) {
        const before = answers.length;
        const vpcd = new VpcdCard(card.applet, { reader: 0, ...(afterCommand && { afterCommand }) });
        await vpcd.insert();
        try {
          await until(() => answers.length > before, 10_000, () => `the kiosk's answer to ${card.member}'s tap on ${TAP_READER}`);
        } finally {
          await vpcd.remove();
        }
        await tapped.at(-1)!.removed;
        return answers.at(-1)!;
      },
      events: () => loggedEvents(running.server!.url, kioskDir),
      async startServerAgain() {
        running.server = await startLocalServer({ dataDir: server.dataDir, port: server.port });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
