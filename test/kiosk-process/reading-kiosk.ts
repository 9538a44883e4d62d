/**
 * The kiosk's card readers as a process of their own, for test/e2e/kiosk-reader-killed.test.ts, which kill -9s it:
 * ResilientReaders as both kiosk shells start it (pcsclite in its own child process, pcsc-child.node.ts), and every
 * tap read as a card session starts, by readCard.
 *
 *   node --import tsx test/kiosk-process/reading-kiosk.ts
 *
 * One line on stdout per thing the test must know:
 *   STATUS <state> <readers>       the readers' state changed; the readers pcscd lists, comma-separated
 *   READ <reader> <credential>     a tap's credential was read
 *   UNREAD <reader> <code>         a tap could not be read
 */
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import { readCard } from '../../shared/card/tap.ts';
import { isMicError } from '../../shared/errors.ts';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const readers = ResilientReaders.start({ onError: (error) => process.stderr.write(`reader error: ${error.message}\n`) });
readers.onStatus((status) => say(`STATUS ${status.state} ${status.readers.join(',')}`));
readers.onCard((card) => {
  readCard(card).then(
    (read) => say(`READ ${card.reader} ${read.credential}`),
    (error: unknown) => say(`UNREAD ${card.reader} ${isMicError(error) ? error.code : String(error)}`),
  );
});
// Stays up, reading taps, until the test kills it.
setInterval(() => undefined, 60_000);
