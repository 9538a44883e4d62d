/** What the screen shows about the connection to the server. */
export interface SyncState {
  /** true after the last round reached the server and finished; false after it failed; undefined before the first */
  online: boolean | undefined;
  lastError: { code: string; message: string; at: string; serverCode?: string | undefined } | undefined;
  lastSuccessAt: string | undefined;
  consecutiveFailures: number;
  /** when the next round is planned, if one is */
  nextAttemptInMs: number | undefined;
}
