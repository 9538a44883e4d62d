import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_ROUTES } from '../../server/http/app.ts';
import { openApiPath } from '../../server/http/openapi.ts';
import { errorCode } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const OperationSchema = z.object({
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  requestBody: z.object({ content: z.record(z.string(), z.object({ schema: z.record(z.string(), z.unknown()) })) }).optional(),
  responses: z.record(z.string(), z.unknown()),
  parameters: z.array(z.object({ name: z.string(), in: z.string() })).optional(),
});
const DocumentSchema = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), OperationSchema)),
  components: z.object({ schemas: z.record(z.string(), z.unknown()), securitySchemes: z.record(z.string(), z.unknown()) }),
});

describe('the OpenAPI document', () => {
  let t: TestServer;
  let doc: z.infer<typeof DocumentSchema>;
  beforeAll(async () => {
    t = await startTestServer();
    const response = await t.call('GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    doc = DocumentSchema.parse(response.body);
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1 and describes every route the server mounts, with its security', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of API_ROUTES) {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      const expected = route.auth.kind === 'user' ? [{ session: [] }] : route.auth.kind === 'kiosk' ? [{ kioskToken: [] }] : [];
      expect(operation?.security, `${route.method} ${route.path}`).toEqual(expected);
    }
    expect(doc.paths['/api/v1/openapi.json']?.get).toBeDefined();
  });

  it('documents nothing the server does not serve', async () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const concrete = path.replace('{number}', 'M1').replace('{csn}', '0011223344556677').replace('{kid}', 'k'.repeat(43)).replace('{id}', '0190f3a4-0000-7000-8000-000000000000').replace('{code}', 'X');
        const response = await t.call(method.toUpperCase(), concrete);
        expect(errorCode(response), `${method} ${path}`).not.toBe('ERR_ROUTE_NOT_FOUND');
      }
    }
  });

  it('takes request schemas from the same zod schemas that validate requests', () => {
    const createMember = doc.paths['/api/v1/members']?.post?.requestBody?.content['application/json']?.schema;
    expect(createMember).toMatchObject({ type: 'object', required: expect.arrayContaining(['memberNumber', 'name', 'idNumber', 'homeOrg']), additionalProperties: false });
    expect(doc.paths['/api/v1/members/import']?.post?.requestBody?.content['text/csv']).toBeDefined();
    expect(doc.paths['/api/v1/members/{number}']?.get?.parameters).toEqual([expect.objectContaining({ name: 'number', in: 'path' })]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Error', 'Member', 'Card', 'KioskConfig', 'KioskListEntry', 'Alarm', 'TransferListEntry']));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['kioskToken', 'session']);
  });

  it('declares the error body as the default response of every operation', () => {
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) expect(operation.responses.default).toBeDefined();
    }
  });
});
