/**
 * Tap → verified presence over the real path: pcscd + vpcd + nfc-pcsc, the reference card served by a
 * separate process (as a card is a separate device), and full offline verification of the evidence.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { PcscReaders } from '../../shared/card/pcsc-transport.node.ts';
import { provePresence } from '../../shared/card/tap.ts';
import type { CardTransport } from '../../shared/card/transport.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { RevocationSet } from '../../shared/verify/revocation.ts';
import { enableLoopbackQuickAck } from '../lib/loopback-quickack.ts';
import { ensurePcscd } from '../lib/pcscd.ts';
import { median, ms, percentile } from './stats.ts';

const READER = 'Virtual PCD 00 01';

/** Adds up the time spent inside transmit: the PC/SC round trips (and the card's own work). */
class TimedTransport implements CardTransport {
  spent = 0;
  constructor(private readonly inner: CardTransport) {}
  get reader(): string {
    return this.inner.reader;
  }
  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const start = performance.now();
    try {
      return await this.inner.transmit(apdu);
    } finally {
      this.spent += performance.now() - start;
    }
  }
}

async function issuedCardFile(): Promise<{ stateFile: string; trust: IssuerTrust }> {
  const issuer = await generateIssuerKey('bench-od');
  const applet = ReferenceApplet.blank(randomBytes(8));
  await personaliseCard(new MemoryTransport(applet), issuer, { member: '1', name: '测试', idh: 'A'.repeat(43), validDays: 30 });
  const stateFile = join(mkdtempSync(join(tmpdir(), 'mic-bench-')), 'card.json');
  writeFileSync(stateFile, JSON.stringify(applet.save()));
  return { stateFile, trust: new IssuerTrust({ keys: [issuer.publicJwk] }) };
}

export async function benchCardTap(taps = 200): Promise<void> {
  const pcscd = await ensurePcscd();
  const { stateFile, trust } = await issuedCardFile();
  const card = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'virtual-card.ts'), '--state', stateFile, '--reader', '1'], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const readers = await PcscReaders.start();
  try {
    const transport = new TimedTransport(await readers.waitForCard(READER, 15_000));
    const revocations = RevocationSet.empty();
    const total: number[] = [];
    const pcsc: number[] = [];
    const verify: number[] = [];
    for (let i = 0; i < taps; i++) {
      const facts = { purpose: 'checkin', kioskKid: 'bench-kiosk', subjectId: `meeting-${i}`, at: new Date().toISOString() };
      transport.spent = 0;
      const start = performance.now();
      const tap = await provePresence(transport, facts);
      const read = performance.now();
      await verifyCardEvidence(tap.evidence, facts, trust, { revocations });
      const end = performance.now();
      total.push(end - start);
      pcsc.push(transport.spent);
      verify.push(end - read);
      if ((i + 1) % 50 === 0) process.stderr.write(`  card tap: ${i + 1}/${taps}\r`);
    }
    process.stderr.write('\n');
    const share = (part: number[]): string => `${((100 * median(part)) / median(total)).toFixed(0)}%`;
    console.log(`Card tap → verified presence over pcscd + vpcd + nfc-pcsc (${taps} taps, ${READER}; loopback quick ACK ${enableLoopbackQuickAck()})`);
    console.log(`  total         p50 ${ms(median(total))}   p99 ${ms(percentile(total, 99))}   (target p99 < 50 ms: ${percentile(total, 99) < 50 ? 'met' : 'NOT met'})`);
    console.log(`  PC/SC         p50 ${ms(median(pcsc))}   p99 ${ms(percentile(pcsc, 99))}   share of median ${share(pcsc)}`);
    console.log(`  verification  p50 ${ms(median(verify))}   p99 ${ms(percentile(verify, 99))}   share of median ${share(verify)}`);
  } finally {
    await readers.close();
    card.kill('SIGTERM');
    await pcscd.stop();
  }
}
