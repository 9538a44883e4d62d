/**
 * Why the server (or the admin command) refuses to start. These never reach HTTP: they stop the
 * process with a message that says what to do.
 */
export type StartupErrorCode =
  | 'ERR_MIGRATION_FILES_INVALID'
  | 'ERR_MIGRATION_UNKNOWN'
  | 'ERR_MIGRATION_EDITED'
  | 'ERR_DATABASE_FOREIGN'
  | 'ERR_KEY_FILE_INVALID'
  | 'ERR_CONFIG_INVALID'
  | 'ERR_PORT_IN_USE';

export class StartupError extends Error {
  readonly code: StartupErrorCode;

  constructor(code: StartupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StartupError';
    this.code = code;
  }
}
