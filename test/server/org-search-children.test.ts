import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgChildrenSchema, OrgListSchema, OrgSchema } from '../../server/schemas/orgs.ts';
import { createTree, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { addLargeTree, largeTreeBranch } from './support/large-tree.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * The reads a console needs at a province's scale: a search that answers with a few, the children of one
 * organisation, names by code, the top levels, and a capped list that says it was cut. Over 20,000
 * organisations below A (40 committees × 10 general branches × 49 branches), each answer stays small.
 */
describe('organisations at a large scale: search, children, codes, depth, limit', () => {
  let t: TestServer;
  let admin: string;
  let organiserA: string;
  let organiserB: string;
  let secretaryA1: string;
  let added: number;
  const deep = largeTreeBranch('AX', 37, 5, 3);

  const orgs = async (token: string, query: string) => expectOk(await t.call('GET', `/api/v1/orgs?${query}`, { token }), 200, OrgListSchema);
  const codes = async (token: string, query: string) => (await orgs(token, query)).orgs.map((org) => org.code);

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
    for (const org of [
      { code: 'B-IT', name: '乙镇IT企业党支部', kind: 'branch', parent: 'B' },
      { code: 'A1-SUB', name: '甲一下级', kind: 'branch', parent: 'A1' },
    ]) {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: org }), 201, OrgSchema);
    }
    added = addLargeTree(t, 'A', 'AX', { committees: 40, generals: 10, branches: 49 });
    [organiserA, organiserB, secretaryA1] = await Promise.all([userToken(t, 'organiser', 'A'), userToken(t, 'organiser', 'B'), userToken(t, 'secretary', 'A1')]);
  });
  afterAll(() => t.close());

  it('finds a branch deep in the tree by a part of its name, and the answer is that branch alone', async () => {
    expect(added).toBeGreaterThanOrEqual(20_000);
    const response = await t.call('GET', `/api/v1/orgs?q=${encodeURIComponent('37镇第5总支第3党')}`, { token: organiserA });
    const found = expectOk(response, 200, OrgListSchema);
    expect(found).toEqual({ orgs: [expect.objectContaining({ code: deep.code, name: deep.name, kind: 'branch', parent: 'AX-37-5', depth: 4 })], truncated: false });
    expect(response.text.length).toBeLessThan(1000);
  });

  it('answers a search with the exact code first, then the first codes starting with it in tree order, cut at the limit', async () => {
    const found = await orgs(organiserA, 'q=AX-7-3');
    // In code order AX-7-3-10 would come before AX-7-3-2.
    expect(found.orgs.map((org) => org.code)).toEqual(['AX-7-3', ...Array.from({ length: 19 }, (_, i) => `AX-7-3-${i + 1}`)]);
    expect(found.truncated).toBe(true);
  });

  it('finds codes typed in small letters as the capitals they are written in', async () => {
    expect(await codes(organiserA, 'q=ax-7-3')).toEqual(await codes(organiserA, 'q=AX-7-3'));
    expect(await codes(organiserA, 'q=ax-7-3-4')).toEqual(['AX-7-3-4', ...Array.from({ length: 10 }, (_, i) => `AX-7-3-4${i}`).filter((code) => Number(code.split('-')[3]) <= 49)]);
  });

  it('answers a common word with at most `limit` organisations, and refuses a search limit above 50', async () => {
    const response = await t.call('GET', `/api/v1/orgs?q=${encodeURIComponent('党支部')}&limit=50`, { token: admin });
    const found = expectOk(response, 200, OrgListSchema);
    expect(found.orgs).toHaveLength(50);
    expect(found.truncated).toBe(true);
    expect(found.orgs.every((org) => org.name.includes('党支部'))).toBe(true);
    expect(response.text.length).toBeLessThan(15_000);
    expectError(await t.call('GET', `/api/v1/orgs?q=${encodeURIComponent('党支部')}&limit=51`, { token: admin }), 400, 'ERR_VALIDATION');
  });

  it('matches names in any case of their Latin letters, and takes % and _ as the characters they are', async () => {
    expect(await codes(organiserB, 'q=it%E4%BC%81')).toEqual(['B-IT']);
    expect(await codes(admin, 'q=%25')).toEqual([]);
    expect(await codes(admin, 'q=_')).toEqual([]);
  });

  it('searches only within reach: another subtree finds nothing there, a secretary finds only their own organisation', async () => {
    expect(await codes(organiserB, `q=${encodeURIComponent(deep.name)}`)).toEqual([]);
    expect(await codes(organiserB, 'q=AX')).toEqual([]);
    expect(await codes(organiserB, `q=${encodeURIComponent('乙镇')}`)).toEqual(['B', 'B1', 'B-IT']);
    expect(await codes(secretaryA1, `q=${encodeURIComponent('甲镇')}`)).toEqual(['A1']);
    expect(await codes(organiserA, `q=${encodeURIComponent('乙镇')}`)).toEqual([]);
  });

  it('lists the children of one organisation in the order they were created, with how many each has below it', async () => {
    const committee = expectOk(await t.call('GET', '/api/v1/orgs/AX-37/children', { token: organiserA }), 200, OrgChildrenSchema);
    expect(committee.truncated).toBe(false);
    expect(committee.orgs.map((org) => [org.code, org.childCount])).toEqual(Array.from({ length: 10 }, (_, n) => [`AX-37-${n + 1}`, 49]));
    const branches = expectOk(await t.call('GET', '/api/v1/orgs/AX-37-5/children', { token: organiserA }), 200, OrgChildrenSchema);
    expect(branches.orgs).toHaveLength(49);
    expect(branches.orgs.find((org) => org.code === deep.code)).toMatchObject({ name: deep.name, parent: 'AX-37-5', childCount: 0 });
    const top = expectOk(await t.call('GET', '/api/v1/orgs/A/children?limit=5', { token: organiserA }), 200, OrgChildrenSchema);
    expect(top.orgs.map((org) => [org.code, org.childCount])).toEqual([['A1', 1], ['A2', 0], ['AX-1', 10], ['AX-2', 10], ['AX-3', 10]]);
    expect(top.truncated).toBe(true);
  });

  it('refuses the children of an organisation outside reach or unknown, and gives a secretary none below their own', async () => {
    expectError(await t.call('GET', '/api/v1/orgs/AX-37/children', { token: organiserB }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await t.call('GET', '/api/v1/orgs/A/children', { token: secretaryA1 }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await t.call('GET', '/api/v1/orgs/NOPE/children', { token: admin }), 404, 'ERR_ORG_NOT_FOUND');
    expectError(await t.call('GET', '/api/v1/orgs/A/children?limit=0', { token: admin }), 400, 'ERR_VALIDATION');
    expect(expectOk(await t.call('GET', '/api/v1/orgs/A1/children', { token: secretaryA1 }), 200, OrgChildrenSchema)).toEqual({ orgs: [], truncated: false });
    expect(expectOk(await t.call('GET', '/api/v1/orgs/A1/children', { token: organiserA }), 200, OrgChildrenSchema).orgs.map((org) => org.code)).toEqual(['A1-SUB']);
  });

  it('answers names by code for those within reach, leaving out the rest', async () => {
    expect((await codes(organiserA, `codes=B1,${deep.code},A1,NOPE`)).sort()).toEqual(['A1', deep.code]);
    expect((await codes(admin, `codes=B1,${deep.code},A1`)).sort()).toEqual(['A1', deep.code, 'B1']);
    const tooMany = Array.from({ length: 51 }, (_, n) => `AX-${n + 1}`).join(',');
    expectError(await t.call('GET', `/api/v1/orgs?codes=${tooMany}`, { token: admin }), 400, 'ERR_VALIDATION');
    expectError(await t.call('GET', '/api/v1/orgs?codes=A1,,B1', { token: admin }), 400, 'ERR_VALIDATION');
  });

  it('lists the top levels of the reach with depth', async () => {
    expect(await codes(admin, 'depth=0')).toEqual(['CTY']);
    expect(await codes(admin, 'depth=1')).toEqual(['CTY', 'A', 'B']);
    const [top, ...below] = await codes(organiserA, 'depth=1');
    expect(top).toBe('A');
    expect(below.sort()).toEqual(['A1', 'A2', ...Array.from({ length: 40 }, (_, n) => `AX-${n + 1}`)].sort());
    const [committee, ...generals] = await codes(admin, 'root=AX-37&depth=1');
    expect(committee).toBe('AX-37');
    expect(generals.sort()).toEqual(Array.from({ length: 10 }, (_, n) => `AX-37-${n + 1}`).sort());
  });

  it('cuts the whole list at `limit` and says so, or says it is whole', async () => {
    const capped = await orgs(admin, 'limit=100');
    expect(capped.orgs).toHaveLength(100);
    expect(capped.truncated).toBe(true);
    expect(capped.orgs.slice(0, 2).map((org) => org.code)).toEqual(['CTY', 'A']);
    expect(await orgs(organiserB, 'limit=100')).toMatchObject({ orgs: [{ code: 'B' }, { code: 'B1' }, { code: 'B-IT' }], truncated: false });
    expect((await orgs(organiserB, '')).truncated).toBe(false);
  });

  it('refuses a request that mixes search, codes and depth, saying which to give', async () => {
    const response = await t.call('GET', '/api/v1/orgs?q=AX&depth=1', { token: admin });
    expectError(response, 400, 'ERR_VALIDATION');
    expect(response.text).toContain('give one of depth, q and codes');
  });
});
