import { CodedError, isMicError, type MicErrorCode } from '../../shared/errors.ts';

/** What the person at the issuance desk should do about each failure. */
const ADVICE: Partial<Record<MicErrorCode, string>> = {
  ERR_NO_READER: 'No card reader found. Plug in the reader; for the virtual reader run `npm run pcscd` first.',
  ERR_NO_CARD: 'No card on the reader. Place a blank card on the reader and run the command again.',
  ERR_CARD_REMOVED: 'The card left the reader during issuance. Put it back, keep it still, and run the command again.',
  ERR_CARD_CONNECT_FAILED:
    'The reader found a card but could not talk to it. Take the card away, place it flat on the reader again, and run the command again. If it fails again, it is not a member card (or it is damaged): use another blank card from the supplier.',
  ERR_APPLET_NOT_FOUND: 'This card does not hold the member-card application. Use a member card from the supplier.',
  ERR_CARD_LOCKED: 'This card is already issued and locked. Use a blank card; to replace a member card, revoke the old one on the server.',
  ERR_CARD_STATUS: 'The card refused a command. Try another blank card; if it happens again, report the status word shown.',
  ERR_CARD_RESPONSE_MALFORMED: 'The card answered with bytes that make no sense. Try another card.',
  ERR_CREDENTIAL_MALFORMED: 'The credential could not be written correctly. Try another blank card.',
};

export function explain(error: unknown): string {
  if (isMicError(error)) {
    const advice = ADVICE[error.code];
    return advice ? `${error.message}\n${advice} (${error.code})` : `${error.message} (${error.code})`;
  }
  // A tool's own coded error already says what to do.
  if (error instanceof CodedError) return `${error.message} (${error.code})`;
  return `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs a CLI's main: failures print the explanation and exit 1, never a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(explain(error));
      process.exit(1);
    },
  );
}
