import { expect } from 'vitest';
import { errorCode, type ApiResponse } from './http.ts';
import type { TestServer } from './test-server.ts';

/** One request of a race: how to send it, and the writer method (`users.setDisabled`) it calls once its checks pass. */
export interface RacingRequest {
  send(): Promise<ApiResponse>;
  writes: string;
}

/** An answer as races compare them: the status, and for a refusal its code. */
export const outcomeOf = (response: ApiResponse): string =>
  response.status < 400 ? String(response.status) : `${response.status} ${errorCode(response) ?? response.text.slice(0, 300)}`;

/**
 * How the requests of a race are sent:
 * - `at once`: all sent before any answer is read, each on a connection of its own;
 * - `while the write lock is busy`: as when an ingest batch or a diagnostics run holds the one write lock (it
 *   does, many times a second, on a busy server). The lock is let go only when every request has asked for its
 *   write (or answered without one): all of them were read and checked against the same state, and only what a
 *   write checks itself can tell them apart then.
 */
export const RACE_MODES = ['at once', 'while the write lock is busy'] as const;
export type RaceMode = (typeof RACE_MODES)[number];

const watched = new WeakMap<object, string[]>();

/** Replaces `holder[name]` by a wrapper that notes each method call as `name.method` in `calls`, then makes it unchanged. */
function noteCalls(holder: Record<string, object>, name: string, calls: string[]): void {
  holder[name] = new Proxy(holder[name]!, {
    get(target, method, receiver) {
      const value: unknown = Reflect.get(target, method, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(`${name}.${String(method)}`);
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * The writes the server has asked for, in the order asked (a write asks for its turn on the lock when called):
 * every writer on the store object, which the request handlers look up as they write, and the kiosk token ids,
 * which a kiosk request writes first of all (through an object of its own: `tokenIds.remember`).
 */
function writesAsked(t: TestServer): string[] {
  const { store, context } = t.server;
  expect(context.write, 'the handlers write through the store object this watches').toBe(store.write);
  let asked = watched.get(store.write);
  if (asked) return asked;
  asked = [];
  const writers = store.write as unknown as Record<string, object>;
  for (const name of Object.keys(writers)) noteCalls(writers, name, asked);
  noteCalls(context.kioskAuth as unknown as Record<string, object>, 'tokenIds', asked);
  watched.set(store.write, asked);
  return asked;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Holds the store's write lock — an open diagnostics transaction that writes nothing — while `work` runs. */
async function whileWriteLockHeld(t: TestServer, work: () => Promise<void>): Promise<void> {
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  let nowHeld!: () => void;
  const held = new Promise<void>((resolve) => (nowHeld = resolve));
  const transaction = t.server.store.write.diagnostics.transaction(async () => {
    nowHeld();
    await released;
  });
  await held;
  try {
    await work();
  } finally {
    letGo();
    await transaction;
  }
}

const storedEvidence = (t: TestServer): unknown =>
  t.server.store.handles.readable.prepare('SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM log_nodes), (SELECT count(*) FROM attendance)').raw().get();

/**
 * Sends the requests in `mode` and returns their answers in the order of `requests`. With `inTurn`, while the lock
 * is busy each request is sent only once the one before has asked for its write, so the writes take their turns in
 * the order of `requests`.
 */
export async function race(t: TestServer, requests: RacingRequest[], mode: RaceMode, options: { inTurn?: boolean } = {}): Promise<ApiResponse[]> {
  if (mode === 'at once') return Promise.all(requests.map((request) => request.send()));
  const asked = writesAsked(t);
  const mark = asked.length;
  const answers: Promise<ApiResponse>[] = [];
  const answered = new Set<number>();
  /** every request sent so far has asked for its write, or answered without one */
  const allWaiting = (): boolean =>
    answers.every((_, index) => {
      const writes = requests[index]!.writes;
      const sameWrite = answers.map((__, other) => other).filter((other) => requests[other]!.writes === writes);
      const askedForIt = asked.slice(mark).filter((name) => name === writes).length;
      return askedForIt + sameWrite.filter((other) => answered.has(other)).length >= sameWrite.length;
    });
  await whileWriteLockHeld(t, async () => {
    for (const [index, request] of requests.entries()) {
      answers.push(request.send().finally(() => answered.add(index)));
      if (options.inTurn) await until(allWaiting, `a request to ask for ${request.writes}`);
    }
    await until(allWaiting, `every request to ask for its write`);
  });
  return Promise.all(answers);
}

const serverErrors = (outcomes: string[]): string[] => outcomes.filter((outcome) => outcome.startsWith('5'));

/** The same request sent to fresh subjects that are alike: what it leaves is compared, ids aside. */
export interface RepeatCase<S> {
  prepare(): Promise<S>;
  request(subject: S): RacingRequest;
  /** what the effect left, in terms that name no id of the subject, so two subjects acted on alike read the same */
  footprint(subject: S): unknown;
}

/**
 * Sends the request to one subject twice in turn (a slow double click: `first`, then `again`), then `times` at
 * once to a fresh subject in each mode: the answers must be one `first` and for the rest `again`, never a 500,
 * what is stored exactly what the slow double click left, and no event or log row written.
 */
export async function expectOneEffect<S>(t: TestServer, c: RepeatCase<S>, times: number): Promise<{ first: string; again: string }> {
  const alone = await c.prepare();
  const untouched = c.footprint(alone);
  const first = outcomeOf(await c.request(alone).send());
  const again = outcomeOf(await c.request(alone).send());
  const footprint = c.footprint(alone);
  expect(footprint, 'the footprint shows the effect').not.toEqual(untouched);
  const expected = [first, ...Array<string>(times - 1).fill(again)].sort();
  for (const mode of RACE_MODES) {
    const subject = await c.prepare();
    const evidence = storedEvidence(t);
    const answers = (await race(t, Array.from({ length: times }, () => c.request(subject)), mode)).map(outcomeOf);
    expect(serverErrors(answers), mode).toEqual([]);
    expect([...answers].sort(), mode).toEqual(expected);
    expect(c.footprint(subject), mode).toEqual(footprint);
    expect(storedEvidence(t), mode).toEqual(evidence);
  }
  return { first, again };
}

/** Two different requests that conflict, on fresh subjects that are alike. */
export interface PairCase<S> {
  prepare(): Promise<S>;
  first(subject: S): RacingRequest;
  second(subject: S): RacingRequest;
  footprint(subject: S): unknown;
}

interface Ordered {
  answers: string[];
  footprint: unknown;
}

/**
 * Sends the two requests in turn, in each order, to subjects of their own, then together in each mode to a
 * fresh subject (while the lock is busy, the first asks for its write first): the answers and what is stored
 * must be those of one of the two orders, never a 500. Returns the answers of the orders ([first, second]
 * each), for the test to pin.
 */
export async function expectOneOrder<S>(t: TestServer, c: PairCase<S>): Promise<{ firstThenSecond: string[]; secondThenFirst: string[] }> {
  const orders: Ordered[] = [];
  for (const order of [[0, 1], [1, 0]] as const) {
    const subject = await c.prepare();
    const untouched = c.footprint(subject);
    const requests = [c.first(subject), c.second(subject)];
    const answers = ['', ''];
    for (const index of order) answers[index] = outcomeOf(await requests[index]!.send());
    orders.push({ answers, footprint: c.footprint(subject) });
    expect(orders.at(-1)!.footprint, 'the footprint shows the effects').not.toEqual(untouched);
  }
  for (const mode of RACE_MODES) {
    const subject = await c.prepare();
    const answers = (await race(t, [c.first(subject), c.second(subject)], mode, { inTurn: true })).map(outcomeOf);
    expect(serverErrors(answers), mode).toEqual([]);
    expect(orders, mode).toContainEqual({ answers, footprint: c.footprint(subject) });
  }
  return { firstThenSecond: orders[0]!.answers, secondThenFirst: orders[1]!.answers };
}

/** SQL for the id of the member whose number is the next parameter */
export const MEMBER_ID = '(SELECT id FROM members WHERE member_number = ?)';

/** Reads of the server's database, to compare what a race left with what one success leaves. */
export function storeReads(server: () => TestServer) {
  const rows = (sql: string, ...params: unknown[]): unknown[] => server().server.store.handles.readable.prepare(sql).raw().all(...params);
  return {
    rows,
    value: (sql: string, ...params: unknown[]): unknown => server().server.store.handles.readable.prepare(sql).pluck().get(...params),
    /** The audit trail of one target, as the actions it holds, in order. */
    trail: (type: string, id: string): unknown[] => rows('SELECT action FROM audit_log WHERE target_type = ? AND target_id = ? ORDER BY id', type, id).flat(),
  };
}
