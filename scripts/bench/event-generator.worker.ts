/** A generator thread: signs checkin events for the kiosks it owns, with their cards, in chain order. */
import { parentPort, workerData } from 'node:worker_threads';
import { v7 as uuidv7 } from 'uuid';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { provePresence, readCard, type CardRead } from '../../shared/card/tap.ts';
import { eventHash, signEvent } from '../../shared/events/event-jws.ts';
import { loadKioskKey, type KioskKeyPair } from '../../shared/events/kiosk-key.ts';
import type { FixtureKiosk } from './ingest-fixture.ts';

interface OwnedKiosk {
  fixture: FixtureKiosk;
  key: KioskKeyPair;
  cards: { member: string; transport: MemoryTransport; read: CardRead }[];
  /** events generated so far; the next has seq = made + 1 */
  made: number;
  prev: string | undefined;
}

const port = parentPort;
if (!port) throw new Error('event-generator.worker.ts runs as a worker thread');
const owned = new Map<number, OwnedKiosk>();
/** a kiosk's chain is one sequence: requests for the same kiosk run one after another */
const queues = new Map<number, Promise<unknown>>();

async function own(index: number, fixture: FixtureKiosk): Promise<void> {
  const cards = [];
  for (const card of fixture.cards) {
    const transport = new MemoryTransport(ReferenceApplet.load(card.state));
    cards.push({ member: card.member, transport, read: await readCard(transport) });
  }
  owned.set(index, { fixture, key: await loadKioskKey(fixture.privateJwk), cards, made: 0, prev: undefined });
}

async function generate(index: number, count: number): Promise<string[]> {
  const kiosk = owned.get(index);
  if (!kiosk) throw new Error(`kiosk ${index} is not generated here`);
  const events: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = kiosk.made;
    const card = kiosk.cards[n % kiosk.cards.length]!;
    const meeting = kiosk.fixture.meetings[Math.floor(n / kiosk.cards.length)];
    if (meeting === undefined) throw new Error(`kiosk ${index} has run out of meetings after ${n} events`);
    const at = new Date().toISOString();
    const { evidence } = await provePresence(card.transport, { purpose: 'checkin', kioskKid: kiosk.key.kid, subjectId: meeting, at }, card.read);
    const jws = await signEvent(
      { v: 1, id: uuidv7(), kiosk: kiosk.key.kid, seq: n + 1, ...(kiosk.prev && { prev: kiosk.prev }), at, org: kiosk.fixture.org, type: 'checkin', meeting, member: card.member, card: evidence },
      kiosk.key.privateKey,
      kiosk.key.kid,
    );
    kiosk.prev = await eventHash(jws);
    kiosk.made += 1;
    events.push(jws);
  }
  return events;
}

const { kiosks } = workerData as { kiosks: { index: number; fixture: FixtureKiosk }[] };
for (const { index, fixture } of kiosks) await own(index, fixture);
port.on('message', ({ id, kiosk, count }: { id: number; kiosk: number; count: number }) => {
  const run = (queues.get(kiosk) ?? Promise.resolve()).then(() => generate(kiosk, count));
  queues.set(kiosk, run.catch(() => undefined));
  run.then(
    (events) => port.postMessage({ id, events }),
    (error: unknown) => port.postMessage({ id, error: String(error) }),
  );
});
port.postMessage({ ready: true });
