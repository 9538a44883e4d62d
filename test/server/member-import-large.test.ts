import type { IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HealthSchema } from '../../server/schemas/health.ts';
import { ImportReportSchema, MemberListSchema } from '../../server/schemas/members.ts';
import type { MemberWriter } from '../../server/store/repositories/members.ts';
import { createTree, validIdNumber, withWrongCheckChar } from './support/fixtures.ts';
import { expectOk, type ApiResponse } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * A member file may hold a million rows. The server goes on answering other requests while it parses, checks and
 * writes one, and its report lists the first 1,000 problems, counts them all and says so.
 */

const HEADER = 'member_number,name,id_number,org';
const IMPORT_PATH = '/api/v1/members/import';

let t: TestServer;
let admin: string;
/** undoes what a test hooked into the server */
const unhooks: (() => void)[] = [];

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.adminToken();
  await createTree(t);
});
afterEach(() => {
  for (const unhook of unhooks.splice(0)) unhook();
});
afterAll(() => t.close());

const importCsv = (csv: string): Promise<ApiResponse> => t.call('POST', IMPORT_PATH, { token: admin, raw: csv, contentType: 'text/csv' });
/** Rows of valid members `M<prefix>-<n>` at A1, ID numbers drawn from `from` on. */
const validRows = (prefix: string, count: number, from: number): string[] => Array.from({ length: count }, (_, n) => `${prefix}-${n},党员${n},${validIdNumber(from + n)},A1`);
/** Rows whose ID number's check character is wrong. */
const badRows = (prefix: string, count: number, from: number): string[] =>
  Array.from({ length: count }, (_, n) => `${prefix}-${n},党员${n},${withWrongCheckChar(validIdNumber(from + n))},A1`);

/** Runs `then` once the server has read the whole body of the next import request. */
function onImportBodyRead(then: () => void): void {
  const listener = (req: IncomingMessage): void => {
    if (req.method === 'POST' && req.url === IMPORT_PATH) req.once('end', then);
  };
  // Before the app's own listener, which rewrites the URL to the router's part of it.
  t.server.http.prependListener('request', listener);
  unhooks.push(() => t.server.http.off('request', listener));
}

/** Runs `then` when the import asks the store to write its rows. */
function onImportWrite(then: () => void): void {
  const write = t.server.store.write;
  const members = write.members;
  write.members = new Proxy(members, {
    get: (target, name, receiver): unknown =>
      name === 'importMany'
        ? (...args: Parameters<MemberWriter['importMany']>) => {
            then();
            return target.importMany(...args);
          }
        : Reflect.get(target, name, receiver),
  });
  unhooks.push(() => (write.members = members));
}

/**
 * Sends the import with `csv`; once `hook` fires, sends the `others` (each answering its name). Returns the order in
 * which the server answered them all.
 */
async function answerOrder(hook: (fire: () => void) => void, csv: string, others: () => Promise<string>[]): Promise<{ order: string[]; report: ApiResponse }> {
  const order: string[] = [];
  let meanwhile: Promise<void>[] = [];
  hook(() => {
    // A request the server drops (a connection reset while it was busy) is noted as such, not thrown past the test.
    meanwhile = others().map((answer) => answer.then((name) => void order.push(name), (error: unknown) => void order.push(`no answer: ${String(error)}`)));
  });
  const report = await importCsv(csv);
  order.push('import');
  await Promise.all(meanwhile);
  return { order, report };
}

const health = async (): Promise<string> => {
  expectOk(await t.call('GET', '/api/v1/health'), 200, HealthSchema);
  return 'health';
};
const memberList = async (): Promise<string> => {
  expectOk(await t.call('GET', '/api/v1/members?org=A1', { token: admin }), 200, MemberListSchema);
  return 'member list';
};

describe('a large member import and the requests that arrive meanwhile', () => {
  it('when a file of 60,000 bad rows is being parsed and checked, then a health check sent once the server has the file is answered before the report', { timeout: 120_000 }, async () => {
    const { order, report } = await answerOrder(onImportBodyRead, [HEADER, ...badRows('BAD', 60_000, 100_000)].join('\n'), () => [health()]);
    expect(order).toEqual(['health', 'import']);
    expect(expectOk(report, 200, ImportReportSchema)).toMatchObject({ imported: 0, rejected: 60_000, errorCount: 60_000 });
  });

  it('when the rows of a file of 3,000 members are being written, then a health check and a member list asked for then are answered before the report', { timeout: 120_000 }, async () => {
    const { order, report } = await answerOrder(onImportWrite, [HEADER, ...validRows('WR', 3000, 20_000)].join('\n'), () => [health(), memberList()]);
    expect(order.slice().sort()).toEqual(['health', 'import', 'member list']);
    expect(order.at(-1)).toBe('import');
    expect(expectOk(report, 200, ImportReportSchema)).toMatchObject({ imported: 3000, rejected: 0, errorCount: 0 });
  });
});

describe('the report of a file with many problems', () => {
  it('when a file has 1,200 bad rows, then the report lists the first 1,000, counts all 1,200 and says so', { timeout: 60_000 }, async () => {
    const report = expectOk(await importCsv([HEADER, ...badRows('CAP', 1200, 40_000)].join('\n')), 200, ImportReportSchema);
    expect(report).toMatchObject({ imported: 0, rejected: 1200, errorCount: 1200 });
    expect(report.errors).toHaveLength(1000);
    expect(report.errors.map((error) => error.row)).toEqual(Array.from({ length: 1000 }, (_, n) => n + 2));
    expect(report.note).toMatch(/only the first 1000 of 1200 problems are listed/);
  });

  it('when a file imported before comes again with bad rows added, then the bad rows are listed first of all, before the rows registered already', { timeout: 60_000 }, async () => {
    const registered = validRows('AGAIN', 1100, 50_000);
    expect(expectOk(await importCsv([HEADER, ...registered].join('\n')), 200, ImportReportSchema).imported).toBe(1100);
    const report = expectOk(await importCsv([HEADER, ...registered, ...badRows('AGAIN-BAD', 5, 52_000)].join('\n')), 200, ImportReportSchema);
    expect(report).toMatchObject({ imported: 0, rejected: 1105, errorCount: 1105, note: expect.any(String) });
    expect(report.errors).toHaveLength(1000);
    expect(report.errors.filter((error) => error.code === 'ERR_ID_NUMBER_INVALID').map((error) => error.row)).toEqual([1102, 1103, 1104, 1105, 1106]);
    expect(report.errors.slice(0, 995).every((error) => error.code.endsWith('_TAKEN'))).toBe(true);
  });

  it('when a file has 1,000 problems or fewer, then every one is listed and the report says nothing more', async () => {
    const report = expectOk(await importCsv([HEADER, ...badRows('FEW', 3, 60_000)].join('\n')), 200, ImportReportSchema);
    expect(report).toEqual({ imported: 0, rejected: 3, errors: expect.any(Array), errorCount: 3 });
    expect(report.errors).toHaveLength(3);
  });
});
