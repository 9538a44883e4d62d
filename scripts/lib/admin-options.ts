import { parseArgs } from 'node:util';
import { UsageError } from './server-admin-commands.ts';

/**
 * A command's `--name value` options, as parseArgs reads them, but for values that begin with '-'. parseArgs
 * takes such a value for an option and gives up; a password or a name may well begin with one. The commands have
 * no one-letter options, so '-abc' after a free-text option can only be its value, and is taken. A value beginning
 * with '--', or any '-' value of another option, may be the next option after a forgotten value: it is refused,
 * saying how to write it when it is meant (or, when it is one of the command's options, that the value is missing).
 */
export function commandOptions(args: readonly string[], options: readonly string[], freeText: ReadonlySet<string>): Record<string, string | undefined> {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const value = args[index + 1];
    const name = arg.slice(2);
    if (arg === '--') {
      joined.push(...args.slice(index));
      break;
    }
    if (!arg.startsWith('--') || !options.includes(name) || value === undefined || !value.startsWith('-') || value === '-') {
      joined.push(arg);
    } else if (freeText.has(name) && !value.startsWith('--')) {
      joined.push(`${arg}=${value}`);
      index += 1;
    } else if (value.startsWith('--') && options.includes(value.slice(2).split('=')[0]!)) {
      throw new UsageError(`--${name} has no value before ${value.split('=')[0]!}`);
    } else {
      // The value itself is not repeated: it may be a password.
      const start = value.startsWith('--') ? '--' : '-';
      throw new UsageError(`the value after --${name} begins with "${start}", as an option does. If it is the value, write it joined with "=": --${name}=${start}…`);
    }
  }
  const optionTypes = Object.fromEntries(options.map((option) => [option, { type: 'string' as const }]));
  return parseArgs({ args: joined, options: optionTypes, strict: true }).values;
}
