import { Kiosk, type KioskOptions } from '../../../kiosk/core/kiosk.ts';
import type { KioskNotice } from '../../../kiosk/core/kiosk-api.ts';
import { ContractServer, type ConfigContent } from './contract-server.ts';
import { ManualTimers } from './manual-timers.ts';
import { ORG, chinaClock, meetings, roster, tempDir, transfers, type Cards } from './world.ts';

export interface Harness {
  contract: ContractServer;
  dataDir: string;
  timers: ManualTimers;
  notices: KioskNotice[];
  open(options?: Partial<KioskOptions>): Promise<Kiosk>;
  /** opens a kiosk and enrols it with the contract double for the kiosk's branch */
  enrolled(options?: Partial<KioskOptions>): Promise<Kiosk>;
  cleanup(): Promise<void>;
}

/** What the double's configuration holds for these tests: the cards' issuer, roster, meetings and transfers. */
export const contractContent = (cards: Cards): ConfigContent => ({
  issuers: [cards.issuer.publicJwk], roster: roster(), meetings: meetings(), transfers: transfers(), revoked: [],
});

/** A contract double serving `cards`' issuer, the test roster, meetings and transfers, and a kiosk data folder. */
export async function harness(cards: Cards, options: { bodyLimit?: string } = {}): Promise<Harness> {
  const contract = await ContractServer.start(options);
  await contract.setConfig(contractContent(cards));
  const dir = tempDir();
  const timers = new ManualTimers();
  const notices: KioskNotice[] = [];
  const opened: Kiosk[] = [];
  const open = async (options: Partial<KioskOptions> = {}): Promise<Kiosk> => {
    const kiosk = await Kiosk.open({ dataDir: dir.path, clock: chinaClock, timers, random: () => 0.5, ...options });
    kiosk.subscribe((notice) => notices.push(notice));
    opened.push(kiosk);
    return kiosk;
  };
  return {
    contract,
    dataDir: dir.path,
    timers,
    notices,
    open,
    async enrolled(options) {
      const kiosk = await open(options);
      await kiosk.enroll(contract.url, contract.createEnrolmentToken(ORG), '城关镇第七支部 1 号机');
      return kiosk;
    },
    async cleanup() {
      for (const kiosk of opened) await kiosk.close();
      await contract.stop();
      dir.remove();
    },
  };
}
