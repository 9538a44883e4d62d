/**
 * npm run admin -- <command> [options]   (data folder: MIC_DATA_DIR, default ./data)
 *
 *   init --username U --password P                          the first admin user
 *   user:reset-password --username U --password P           a new password for a user who forgot theirs
 *   org:create --code C --name N --kind K [--parent CODE]    an organisation
 *   members:import --file F.csv                             members from CSV, with a per-row report
 *   issuer:register --file issuer.public.json               an issuer public key (JWK or JWKS)
 *   card:register --credential JWT                          a card personalised by npm run card:issue
 *   kiosk:token --org CODE [--ttl-minutes N]                a one-time kiosk enrolment token
 *   meeting-kind:add --code C --zh 名称 --en NAME           a meeting kind
 *   meeting-kind:rename --code C [--zh 名称] [--en NAME]    new names for a meeting kind
 *   meeting-kind:retire --code C                            no new meetings of that kind
 *
 * Works on the same database as a running server (SQLite WAL); every write is in the audit trail. A password or a
 * name may begin with '-' (--password -abc…); a value that begins with '--' is written joined: --password=--abc….
 */
import { isMicError } from '../shared/errors.ts';
import { openServer, type OpenedServer } from '../server/bootstrap.ts';
import { configFromEnv } from '../server/config.ts';
import { isApiError } from '../server/errors.ts';
import { StartupError } from '../server/startup-error.ts';
import { commandOptions } from './lib/admin-options.ts';
import {
  cardRegisterCommand,
  initCommand,
  issuerRegisterCommand,
  kioskTokenCommand,
  meetingKindAddCommand,
  meetingKindRenameCommand,
  meetingKindRetireCommand,
  membersImportCommand,
  orgCreateCommand,
  UsageError,
  userResetPasswordCommand,
  type CommandResult,
} from './lib/server-admin-commands.ts';

type Command = (server: OpenedServer, options: Record<string, string | boolean | undefined>) => Promise<CommandResult>;

const COMMANDS: Record<string, { run: Command; options: string[]; usage: string }> = {
  'init': { run: initCommand, options: ['username', 'password'], usage: 'init --username U --password P' },
  'user:reset-password': { run: userResetPasswordCommand, options: ['username', 'password'], usage: 'user:reset-password --username U --password P' },
  'org:create': { run: orgCreateCommand, options: ['code', 'name', 'kind', 'parent'], usage: 'org:create --code C --name N --kind K [--parent CODE]' },
  'members:import': { run: membersImportCommand, options: ['file'], usage: 'members:import --file F.csv' },
  'issuer:register': { run: issuerRegisterCommand, options: ['file'], usage: 'issuer:register --file issuer.public.json' },
  'card:register': { run: cardRegisterCommand, options: ['credential'], usage: 'card:register --credential JWT' },
  'kiosk:token': { run: kioskTokenCommand, options: ['org', 'ttl-minutes'], usage: 'kiosk:token --org CODE [--ttl-minutes N]' },
  'meeting-kind:add': { run: meetingKindAddCommand, options: ['code', 'zh', 'en'], usage: 'meeting-kind:add --code C --zh 名称 --en NAME' },
  'meeting-kind:rename': { run: meetingKindRenameCommand, options: ['code', 'zh', 'en'], usage: 'meeting-kind:rename --code C [--zh 名称] [--en NAME]' },
  'meeting-kind:retire': { run: meetingKindRetireCommand, options: ['code'], usage: 'meeting-kind:retire --code C' },
};

/** Options whose value is text a person chose, which may begin with '-' (a password, a name). */
const FREE_TEXT = new Set(['username', 'password', 'name', 'zh', 'en']);

const usage = (): string => ['usage: npm run admin -- <command> [options]', ...Object.values(COMMANDS).map((command) => `  ${command.usage}`)].join('\n');

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    console.error(name === undefined || name === 'help' || name === '--help' ? usage() : `unknown command ${name}\n${usage()}`);
    return name === 'help' || name === '--help' ? 0 : 2;
  }
  let options: Record<string, string | boolean | undefined>;
  try {
    options = commandOptions(rest, command.options, FREE_TEXT);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nusage: npm run admin -- ${command.usage}`);
    return 2;
  }

  const config = configFromEnv();
  const server = await openServer({ dataDir: config.dataDir, serverId: config.serverId, keyOverrides: config.keyOverrides, timeZone: config.timeZone });
  try {
    const result = await command.run(server, options);
    for (const line of result.lines) console.log(line);
    return result.exitCode;
  } finally {
    await server.store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      process.exit(2);
    }
    // A credential the shared verifier refuses (unknown issuer, bad signature, expired) carries its own code.
    if (isApiError(error) || isMicError(error)) {
      const details = error.details ? ` ${JSON.stringify(error.details)}` : '';
      console.error(`error: ${error.message} (${error.code})${details}`);
    } else if (error instanceof StartupError) {
      console.error(`error: ${error.message} (${error.code})`);
    } else {
      console.error('unexpected failure:', error);
    }
    process.exit(1);
  },
);
