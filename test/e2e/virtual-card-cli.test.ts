import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, hex } from '../../shared/bytes.ts';
import { parseResponse } from '../../shared/card/apdu.ts';
import { parseFci } from '../../shared/card/fci.ts';
import { PcscReaders, type PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { isMicError } from '../../shared/errors.ts';
import { VIRTUAL_READERS } from '../../scripts/lib/vpcd-card.ts';
import { ScriptProcess } from './support/script-process.ts';

const SELECT = fromHex('00 A4 04 00 05 F0 4D 49 43 01 00');
const GENERATE_KEY = fromHex('00 47 80 00 00');
const READER = VIRTUAL_READERS[0];

/** The virtual-card CLI as a user runs it. */
class VirtualCardProcess extends ScriptProcess {
  constructor(args: string[]) {
    super('npx', ['tsx', 'scripts/virtual-card.ts', ...args]);
  }

  /** The node process running the script (npx and tsx pass on only SIGINT and SIGTERM). */
  async scriptPid(): Promise<number> {
    const ready = await this.line(/^ready: pid \d+/);
    return Number(/pid (\d+)/.exec(ready)?.[1]);
  }

  /** Quits as a user would; kills the script and npx only if that does not end it. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.send('quit');
    const timeout = new Promise((resolve) => setTimeout(resolve, 5_000, 'timeout'));
    if ((await Promise.race([this.exited, timeout])) !== 'timeout') return;
    const pid = Number(/^ready: pid (\d+)/.exec(this.lines.find((line) => line.startsWith('ready:')) ?? '')?.[1]);
    if (pid > 0) process.kill(pid, 'SIGKILL');
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

let readers: PcscReaders;
let work: string;
const running: VirtualCardProcess[] = [];
const transports: PcscCardTransport[] = [];

function startCli(...args: string[]): VirtualCardProcess {
  const cli = new VirtualCardProcess(args);
  running.push(cli);
  return cli;
}

async function cardOn(reader: string): Promise<PcscCardTransport> {
  const transport = await readers.waitForCard(reader, 5_000);
  transports.push(transport);
  return transport;
}

/** The serial the card states in the FCI of its SELECT answer. */
const serialIn = (selectAnswer: Uint8Array): string => parseFci(parseResponse(selectAnswer).data).serial;

const savedState = (path: string): { csn: string; publicKey?: string } =>
  JSON.parse(readFileSync(path, 'utf8')) as { csn: string; publicKey?: string };

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isMicError(error) ? error.code : `untyped ${String(error)}`;
  }
  return 'resolved';
}

beforeAll(async () => {
  readers = await PcscReaders.start();
  work = mkdtempSync(join(tmpdir(), 'mic-virtual-card-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((cli) => cli.stop()));
  await Promise.all(transports.splice(0).map((transport) => transport.removed));
});

afterAll(async () => {
  await readers.close();
  rmSync(work, { recursive: true, force: true });
});

describe('npm run card:virtual', () => {
  it('when driven with tap and lift on stdin, then the card appears and disappears on reader 0 and its state file keeps what it did', async () => {
    const statePath = join(work, 'stdin-card.json');
    const cli = startCli('--state', statePath, '--lifted');
    await cli.line(/^ready:/);
    const { csn } = savedState(statePath);
    expect(csn).toMatch(/^[0-9a-f]{16}$/);
    expect(cli.lines.join('\n')).toContain(`card ${csn}: new blank card saved to ${statePath}`);

    cli.send('tap');
    await cli.line(/^inserted: /);
    const transport = await cardOn(READER);
    const select = await transport.transmit(SELECT);
    expect(serialIn(select)).toBe(csn);
    const generated = parseResponse(await transport.transmit(GENERATE_KEY));
    expect(generated.sw).toBe(0x9000);

    const from = cli.lines.length;
    cli.send('lift');
    expect(await cli.line(/^removed: /, from)).toBe(`removed: card ${csn} from reader 0 (${READER})`);
    await transport.removed;
    expect(await errorCodeOf(transport.transmit(SELECT))).toBe('ERR_CARD_REMOVED');

    cli.send('quit');
    expect(await cli.exited).toBe(0);
    // 7F49 len 86 41 04‖X‖Y: the key the card generated is the one saved.
    const publicKey = hex(generated.data.slice(-65));
    expect(savedState(statePath)).toMatchObject({ csn, publicKey });
  });

  it('when started again on the saved state and driven by signals, then the same card with the same key answers', async () => {
    const statePath = join(work, 'signal-card.json');
    const first = startCli('--state', statePath, '--lifted');
    await first.line(/^ready:/);
    first.send('tap');
    await first.line(/^inserted: /);
    const firstTap = await cardOn(READER);
    await firstTap.transmit(SELECT);
    expect(parseResponse(await firstTap.transmit(GENERATE_KEY)).sw).toBe(0x9000);
    first.send('quit');
    expect(await first.exited).toBe(0);
    await firstTap.removed;
    const saved = savedState(statePath);

    const second = startCli('--state', statePath, '--lifted');
    const pid = await second.scriptPid();
    expect(second.lines.join('\n')).toContain(`card ${saved.csn}: loaded from ${statePath}`);
    process.kill(pid, 'SIGUSR2');
    await second.line(/^inserted: /);
    const secondTap = await cardOn(READER);
    expect(secondTap).not.toBe(firstTap);
    const select = await secondTap.transmit(SELECT);
    expect(serialIn(select)).toBe(saved.csn);
    // GENERATE KEY with P1 81 reads the existing public key without making a new one.
    const readKey = parseResponse(await secondTap.transmit(fromHex('00 47 81 00 00')));
    expect(readKey.sw).toBe(0x9000);
    expect(hex(readKey.data.slice(-65))).toBe(saved.publicKey);

    const from = second.lines.length;
    process.kill(pid, 'SIGUSR1');
    await second.line(/^removed: /, from);
    await secondTap.removed;
    expect(secondTap.present).toBe(false);
  });
});
