import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OrgListSchema } from '../../server/schemas/orgs.ts';
import { createTree, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { addLargeTree } from './support/large-tree.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * A list of organisations asked for without a limit stops at 5,000: at a province, every organisation within reach
 * in one answer held the server for over a second, and any signed-in client could ask for it. A caller that needs
 * more asks for up to 10,000, or reads a subtree or a level at a time. Here 6,018 organisations: the county, A's
 * 12 committees × 10 general branches × 49 branches, and B with its branch last in tree order.
 */
const OperationSchema = z.object({
  description: z.string(),
  parameters: z.array(z.object({ name: z.string(), description: z.string().optional(), schema: z.object({ maximum: z.number().optional() }) })),
});

describe('a list of organisations asked for without a limit', () => {
  let t: TestServer;
  let admin: string;
  let total: number;

  const list = async (token: string, query: string) => expectOk(await t.call('GET', `/api/v1/orgs?${query}`, { token }), 200, OrgListSchema);
  const codes = async (token: string, query: string) => (await list(token, query)).orgs.map((org) => org.code);

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
    total = 6 + addLargeTree(t, 'A', 'AX', { committees: 12, generals: 10, branches: 49 });
  }, 60_000);
  afterAll(() => t.close());

  it('answers with the first 5,000 in tree order and says that more matched', async () => {
    expect(total).toBeGreaterThan(6000);
    const unasked = await list(admin, '');
    expect(unasked.orgs).toHaveLength(5000);
    expect(unasked.truncated).toBe(true);
    expect(unasked.orgs.slice(0, 6).map((org) => org.code)).toEqual(['CTY', 'A', 'A1', 'A2', 'AX-1', 'AX-1-1']);
    // B comes after all of A's subtree: past the cut.
    expect(unasked.orgs.map((org) => org.code)).not.toContain('B');
    expect(unasked.orgs.map((org) => org.code)).toEqual((await codes(admin, 'limit=10000')).slice(0, 5000));
  });

  it('answers with every organisation when asked for up to 10,000, and refuses to be asked for more', async () => {
    const all = await list(admin, 'limit=10000');
    expect(all.orgs).toHaveLength(total);
    expect(all.truncated).toBe(false);
    expect(all.orgs.slice(-2).map((org) => org.code)).toEqual(['B', 'B1']);
    expectError(await t.call('GET', '/api/v1/orgs?limit=10001', { token: admin }), 400, 'ERR_VALIDATION');
  });

  it('stops a list down to a depth at the same 5,000, and answers a shallower one whole', async () => {
    const deep = await list(admin, 'depth=4');
    expect(deep.orgs).toHaveLength(5000);
    expect(deep.truncated).toBe(true);
    const shallow = await list(admin, 'depth=2');
    expect(shallow.truncated).toBe(false);
    expect(shallow.orgs.map((org) => org.code)).toEqual(['CTY', 'A', 'A1', 'A2', ...Array.from({ length: 12 }, (_, n) => `AX-${n + 1}`), 'B', 'B1']);
  });

  it('gives a reach smaller than that its whole list, said to be whole', async () => {
    const [organiserB, organiserAX3] = await Promise.all([userToken(t, 'organiser', 'B'), userToken(t, 'organiser', 'AX-3')]);
    expect(await list(organiserB, '')).toEqual({ orgs: [expect.objectContaining({ code: 'B' }), expect.objectContaining({ code: 'B1' })], truncated: false });
    const committee = await list(organiserAX3, '');
    expect(committee.orgs).toHaveLength(1 + 10 + 10 * 49);
    expect(committee.truncated).toBe(false);
  });

  it('is documented in the OpenAPI document: the default and the most a list may ask for', async () => {
    const document = (await t.call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operation = OperationSchema.parse(document.paths['/api/v1/orgs']?.get);
    const limit = operation.parameters.find((parameter) => parameter.name === 'limit');
    expect(limit?.schema.maximum).toBe(10000);
    expect(limit?.description).toContain('a list answers with at most 5000');
    expect(operation.description).toContain('at most 5000 unless `limit` asks for up to 10000');
  });
});
