import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { CSN_LENGTH } from '../../shared/card/constants.ts';
import { CodedError } from '../../shared/errors.ts';

/** The state file exists but is not a reference card's saved memory. */
export class CardStateFileError extends CodedError<'ERR_CARD_STATE_FILE_INVALID'> {
  constructor(path: string, cause: unknown) {
    super('ERR_CARD_STATE_FILE_INVALID', `${path} is not a saved reference card (mic-reference-card/1 JSON)`, { cause });
  }
}

export interface LoadedCard {
  applet: ReferenceApplet;
  /** true when the file did not exist and a blank card was made (and saved) for it */
  created: boolean;
}

const isMissingFile = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'ENOENT';

/** Loads the card saved at `path`, or makes a blank one with a random serial and saves it there. */
export function loadOrCreateCard(path: string): LoadedCard {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!isMissingFile(error)) throw error;
    const applet = ReferenceApplet.blank(new Uint8Array(randomBytes(CSN_LENGTH)));
    saveCard(path, applet);
    return { applet, created: true };
  }
  try {
    return { applet: ReferenceApplet.load(JSON.parse(text)), created: false };
  } catch (error) {
    throw new CardStateFileError(path, error);
  }
}

export const serialiseCard = (applet: ReferenceApplet): string => `${JSON.stringify(applet.save(), null, 2)}\n`;

/**
 * Writes the card's memory atomically (temp file, fsync, rename, fsync the folder): a crash leaves the old
 * state or the new one, never half a file, and a counter the kiosk has seen is never handed out again.
 * The file holds the card's private key, so only its owner may read it.
 */
export function saveCard(path: string, applet: ReferenceApplet): void {
  writeFileAtomic(path, serialiseCard(applet));
}

export function writeFileAtomic(path: string, text: string): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  const folderFd = openSync(folder, 'r');
  try {
    fsyncSync(folderFd);
  } finally {
    closeSync(folderFd);
  }
}
