/**
 * Tap → verified presence over the real path: pcscd + vpcd + nfc-pcsc, the reference card served by a
 * separate process (as a card is a separate device), and full offline verification of the evidence.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { PcscReaders } from '../../shared/card/pcsc-transport.node.ts';
import { provePresence } from '../../shared/card/tap.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../../shared/issuance/personalise.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { RevocationSet } from '../../shared/verify/revocation.ts';
import { saveCard } from '../lib/card-state-file.ts';
import { enableLoopbackQuickAck } from '../lib/loopback-quickack.ts';
import { ensurePcscd } from '../lib/pcscd.ts';
import { VIRTUAL_READERS } from '../lib/vpcd-card.ts';
import { median, ms, percentile } from './stats.ts';
import { TimedTransport } from './timed-transport.ts';

const READER_INDEX = 1;
const READER = VIRTUAL_READERS[READER_INDEX];

async function issuedCardFile(): Promise<{ stateFile: string; trust: IssuerTrust }> {
  const issuer = await generateIssuerKey('bench-od');
  const applet = ReferenceApplet.blank(randomBytes(8));
  await personaliseCard(new MemoryTransport(applet), issuer, { member: '1', name: '测试', idh: 'A'.repeat(43), validDays: 30 });
  const stateFile = join(mkdtempSync(join(tmpdir(), 'mic-bench-')), 'card.json');
  saveCard(stateFile, applet);
  return { stateFile, trust: new IssuerTrust({ keys: [issuer.publicJwk] }) };
}

export async function benchCardTap(taps = 200): Promise<void> {
  const pcscd = await ensurePcscd();
  const { stateFile, trust } = await issuedCardFile();
  const card = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'virtual-card.ts'), '--state', stateFile, '--reader', String(READER_INDEX)], {
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
      transport.transmitMs = 0;
      const start = performance.now();
      const tap = await provePresence(transport, facts);
      const read = performance.now();
      await verifyCardEvidence(tap.evidence, facts, trust, { revocations });
      const end = performance.now();
      total.push(end - start);
      pcsc.push(transport.transmitMs);
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
