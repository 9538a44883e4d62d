import { MemberSchema, type MemberView } from '../../../server/schemas/members.ts';
import { expectOk, type ApiResponse } from './http.ts';
import type { TestServer } from './test-server.ts';

/** The status route as the console calls it. */
export function changeStatus(t: TestServer, token: string, member: string, json: unknown): Promise<ApiResponse> {
  return t.call('POST', `/api/v1/members/${member}/status`, { token, json });
}

/** The member as an admin reads them now. */
export async function memberView(t: TestServer, member: string): Promise<MemberView> {
  return expectOk(await t.call('GET', `/api/v1/members/${member}`, { token: await t.adminToken() }), 200, MemberSchema);
}
