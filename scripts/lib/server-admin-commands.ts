import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { IssuerJwkSchema, IssuerJwksSchema, type IssuerJwk } from '../../shared/verify/jwk.ts';
import type { Principal } from '../../server/auth/principal.ts';
import type { OpenedServer } from '../../server/bootstrap.ts';
import { registerCard } from '../../server/domain/cards.ts';
import { csvUploadText } from '../../server/domain/csv-upload.ts';
import { createEnrolmentToken } from '../../server/domain/kiosk-enrolment.ts';
import { addMeetingKind, renameMeetingKind, retireMeetingKind } from '../../server/domain/meeting-kinds.ts';
import { importMembers } from '../../server/domain/member-import.ts';
import { createOrg } from '../../server/domain/orgs.ts';
import { registerIssuer } from '../../server/domain/issuers.ts';
import { initialiseFirstAdmin, requireUsername, resetPassword } from '../../server/domain/users.ts';
import { CreateMeetingKindBodySchema, MeetingKindCodeSchema, RenameMeetingKindBodySchema } from '../../server/schemas/meetings.ts';
import { RegisterCardBodySchema } from '../../server/schemas/cards.ts';
import { OrgKindSchema } from '../../server/schemas/orgs.ts';
import { OrgCodeSchema } from '../../server/schemas/common.ts';
import { UsernameSchema } from '../../server/schemas/users.ts';

/** A command's problem with its own input: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface CommandResult {
  lines: string[];
  /** non-zero when the command ran but did not fully succeed (rows rejected) */
  exitCode: number;
}

type Options = Record<string, string | boolean | undefined>;

export const operator = (): Principal => ({ kind: 'operator', name: userInfo().username });

function required(options: Options, name: string, example: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${name} (for example --${name} ${example})`);
  return value;
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

const readText = (path: string): string => readBytes(path).toString('utf8');

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
  return parsed.data;
}

export async function initCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const username = checked(UsernameSchema, required(options, 'username', 'admin'), '--username');
  const password = required(options, 'password', "'a long passphrase'");
  const user = await initialiseFirstAdmin(server.context, operator(), username, password);
  return { lines: [`Created admin user ${user.username}. Sign in to the console (/console/ on the server) with this name and password.`], exitCode: 0 };
}

/** For the one who cannot sign in any more, the only admin above all: holding the data folder is the proof. */
export async function userResetPasswordCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const username = checked(UsernameSchema, required(options, 'username', 'admin'), '--username');
  const password = required(options, 'password', "'a long passphrase'");
  const user = await requireUsername(server.context, username);
  await resetPassword(server.context, operator(), user.id, { newPassword: password });
  return { lines: [`Set a new password for ${user.username}; their sessions have ended. They sign in with the new password now.`], exitCode: 0 };
}

export async function orgCreateCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const code = checked(OrgCodeSchema, required(options, 'code', 'CTY'), '--code');
  const kind = checked(OrgKindSchema, required(options, 'kind', 'county'), '--kind');
  const parent = options.parent === undefined ? undefined : checked(OrgCodeSchema, options.parent, '--parent');
  const org = await createOrg(server.context, operator(), { code, name: required(options, 'name', '某某县委'), kind, parent });
  return { lines: [`Created organisation ${org.code} (${org.name}, ${org.kind})${org.parentCode ? ` under ${org.parentCode}` : ' as a root'}.`], exitCode: 0 };
}

export async function membersImportCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  // Read as the server reads an upload: a file that is not UTF-8 is refused whole, never imported garbled.
  const report = await importMembers(server.context, operator(), csvUploadText(readBytes(required(options, 'file', 'members.csv'))));
  const lines = [`Imported ${report.imported} member(s); ${report.rejected} row(s) rejected.`];
  for (const error of report.errors) lines.push(`  line ${error.row}, ${error.field}: ${error.message} (${error.code})`);
  if (report.note !== undefined) lines.push(`  (${report.note})`);
  return { lines, exitCode: report.rejected > 0 ? 1 : 0 };
}

/** Accepts the public JWK `npm run card:issuer-keygen` writes, or a JWKS of them. */
function issuerKeys(text: string, path: string): IssuerJwk[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON`);
  }
  if (typeof json === 'object' && json !== null && 'privateJwk' in json) {
    throw new UsageError(`${path} is an issuer PRIVATE key file; register the matching .public.json and keep this one at the issuance desk`);
  }
  if (typeof json === 'object' && json !== null && 'keys' in json) return checked(IssuerJwksSchema, json, `${path} is not a JWKS of issuer keys`).keys;
  return [checked(IssuerJwkSchema, json, `${path} is not an issuer public JWK (kty EC, crv P-256, x, y, kid, iss)`)];
}

export async function issuerRegisterCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const path = required(options, 'file', 'data/issuer/county-od.public.json');
  const lines: string[] = [];
  for (const key of issuerKeys(readText(path), path)) {
    await registerIssuer(server.context, operator(), key);
    lines.push(`Registered issuer ${key.iss}, key id ${key.kid}. Kiosks receive it with their next configuration sync.`);
  }
  return { lines, exitCode: 0 };
}

/** The credential `npm run card:issue` prints: until it is registered, the server refuses the card's taps. */
export async function cardRegisterCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const { credential } = checked(RegisterCardBodySchema, { credential: required(options, 'credential', 'eyJ…') }, '--credential');
  const card = await registerCard(server.context, operator(), credential.trim());
  return {
    lines: [`Registered card ${card.csn} for member ${card.memberNumber}, valid until ${card.expiresAt.slice(0, 10)}. The server records its taps from now on.`],
    exitCode: 0,
  };
}

export async function kioskTokenCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const org = checked(OrgCodeSchema, required(options, 'org', 'BR-001'), '--org');
  const ttl = options['ttl-minutes'] === undefined ? 24 * 60 : Number(options['ttl-minutes']);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 24 * 60) throw new UsageError('--ttl-minutes must be a whole number from 1 to 10080');
  const created = await createEnrolmentToken(server.context, operator(), { org, ttlMinutes: ttl });
  return {
    lines: [
      `Enrolment token for ${created.orgCode} (one use, expires ${created.expiresAt}):`,
      created.token,
      'Enter it on the kiosk; it is shown only now and only its hash is stored.',
    ],
    exitCode: 0,
  };
}

const kindLine = (kind: { code: string; nameZh: string; nameEn: string }): string => `${kind.code} (${kind.nameZh} / ${kind.nameEn})`;

export async function meetingKindAddCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const body = checked(
    CreateMeetingKindBodySchema,
    { code: required(options, 'code', 'study_session'), nameZh: required(options, 'zh', '专题学习'), nameEn: required(options, 'en', "'Study session'") },
    'meeting kind',
  );
  const kind = await addMeetingKind(server.context, operator(), body);
  return {
    lines: [
      `Added meeting kind ${kindLine(kind)}. Meetings of it can be scheduled now.`,
      'To remind branches to hold it, set its cadence under meeting-cadence in the reminder thresholds.',
    ],
    exitCode: 0,
  };
}

export async function meetingKindRenameCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const code = checked(MeetingKindCodeSchema, required(options, 'code', 'lecture'), '--code');
  const names = checked(
    RenameMeetingKindBodySchema,
    { ...(typeof options.zh === 'string' && { nameZh: options.zh }), ...(typeof options.en === 'string' && { nameEn: options.en }) },
    'give --zh, --en or both',
  );
  const kind = await renameMeetingKind(server.context, operator(), code, names);
  return { lines: [`Renamed meeting kind ${kindLine(kind)}.`], exitCode: 0 };
}

export async function meetingKindRetireCommand(server: OpenedServer, options: Options): Promise<CommandResult> {
  const code = checked(MeetingKindCodeSchema, required(options, 'code', 'other'), '--code');
  const kind = await retireMeetingKind(server.context, operator(), code);
  return { lines: [`Retired meeting kind ${kindLine(kind)}. No new meetings of it can be scheduled or opened at a kiosk; past meetings keep it.`], exitCode: 0 };
}
