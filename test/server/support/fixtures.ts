import { exportJWK, generateKeyPair } from 'jose';
import { generateIssuerKey, type IssuerKeyFile } from '../../../shared/issuance/issuer-key.ts';
import { signCredential } from '../../../shared/issuance/sign-credential.ts';
import { gb11643CheckChar } from '../../../server/crypto/gb11643.ts';
import { MemberSchema, type MemberView } from '../../../server/schemas/members.ts';
import { OrgSchema } from '../../../server/schemas/orgs.ts';
import { UserSchema } from '../../../server/schemas/users.ts';
import { expectOk } from './http.ts';
import type { TestServer } from './test-server.ts';

/** A valid resident ID number, different for every `n` (area 110105, born 1950 + n days). */
export function validIdNumber(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20000) * 86_400_000);
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110105${date}${String(Math.floor(n / 20000) % 1000).padStart(3, '0')}`;
  return first17 + gb11643CheckChar(first17);
}

/** The same number with a check character that does not match. */
export function withWrongCheckChar(id: string): string {
  const right = id.slice(-1);
  return id.slice(0, 17) + (right === '0' ? '1' : '0');
}

/**
 * The tree most tests use:
 *   CTY (county) ─┬─ A (committee) ─┬─ A1 (branch)
 *                 │                 └─ A2 (branch)
 *                 └─ B (committee) ─── B1 (branch)
 */
export const TREE = [
  { code: 'CTY', name: '某某县委', kind: 'county' },
  { code: 'A', name: '甲镇党委', kind: 'committee', parent: 'CTY' },
  { code: 'A1', name: '甲镇第一支部', kind: 'branch', parent: 'A' },
  { code: 'A2', name: '甲镇第二支部', kind: 'branch', parent: 'A' },
  { code: 'B', name: '乙镇党委', kind: 'committee', parent: 'CTY' },
  { code: 'B1', name: '乙镇第一支部', kind: 'branch', parent: 'B' },
] as const;

export async function createTree(t: TestServer): Promise<void> {
  const token = await t.adminToken();
  for (const org of TREE) expectOk(await t.call('POST', '/api/v1/orgs', { token, json: org }), 201, OrgSchema);
}

let memberSeq = 0;

export interface TestMember extends MemberView {
  idNumber: string;
}

/** A member at `homeOrg`, home since `since` (YYYY-MM-DD; default today). */
export async function createMember(
  t: TestServer,
  homeOrg: string,
  overrides: { memberNumber?: string; name?: string; idNumber?: string; since?: string } = {},
): Promise<TestMember> {
  memberSeq += 1;
  const idNumber = overrides.idNumber ?? validIdNumber(memberSeq * 7 + Math.floor(Math.random() * 1000) * 20000);
  const body = {
    memberNumber: overrides.memberNumber ?? `M${Date.now().toString(36)}${memberSeq}`,
    name: overrides.name ?? `成员${memberSeq}`,
    idNumber,
    homeOrg,
    ...(overrides.since === undefined ? {} : { since: overrides.since }),
  };
  const member = expectOk(await t.call('POST', '/api/v1/members', { token: await t.adminToken(), json: body }), 201, MemberSchema);
  return { ...member, idNumber };
}

/** A meeting's times, `daysAhead` days after the server's now and `hours` long: a meeting starts at most a year ahead. */
export function meetingTimes(t: TestServer, daysAhead = 30, hours = 1): { startsAt: string; endsAt: string } {
  const start = t.clock.now().getTime() + daysAhead * 86_400_000;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + hours * 3_600_000).toISOString() };
}

/** The password of every user `userToken` creates. */
export const USER_PASSWORD = 'a-long-enough-password';

/** Creates a user with the admin's session (linked to the member they are, if given) and signs in as them. */
export async function userToken(t: TestServer, role: 'admin' | 'organiser' | 'secretary' | 'auditor', org?: string, member?: string): Promise<string> {
  const username = `${role}-${org ?? 'all'}-${Math.random().toString(36).slice(2, 8)}`;
  expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { username, password: USER_PASSWORD, role, org, member } }), 201, UserSchema);
  return t.login(username, USER_PASSWORD);
}

/** An issuer key pair (as the issuance desk holds it), with its public key registered on the server. */
export async function registeredIssuer(t: TestServer, iss = 'county-od'): Promise<IssuerKeyFile> {
  const issuer = await generateIssuerKey(iss);
  const response = await t.call('POST', '/api/v1/issuers', { token: await t.adminToken(), json: issuer.publicJwk });
  if (response.status !== 201) throw new Error(`issuer registration failed: ${response.text}`);
  return issuer;
}

export const randomSerial = (): string => Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex');

/** A credential as the issuance desk would write it to a freshly personalised card. */
export async function credentialFor(
  issuer: IssuerKeyFile,
  member: { memberNumber: string; name: string; idh: string },
  options: { serial?: string; validDays?: number; now?: Date } = {},
): Promise<{ jwt: string; serial: string }> {
  const { publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const serial = options.serial ?? randomSerial();
  const { jwt } = await signCredential(issuer, {
    member: member.memberNumber,
    name: member.name,
    idh: member.idh,
    serial,
    cardKey: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) },
    validDays: options.validDays ?? 365,
    now: options.now,
  });
  return { jwt, serial };
}
