/**
 * Where the kiosk's private key lives between runs. Kept to two calls so other platforms can stand behind
 * it: a 0600 file here, Electron's safeStorage (OS keychain) in the Electron shell.
 */
export interface KeyStore {
  /** The saved bytes, or undefined when nothing was saved yet. */
  load(): Promise<Uint8Array | undefined>;
  /** Replaces the saved bytes durably; resolves only once they would survive a power cut. */
  save(bytes: Uint8Array): Promise<void>;
}
