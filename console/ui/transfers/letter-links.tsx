import type { Transfer } from '../api/types.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { saveDownload } from '../components/save-download.ts';
import { openPrintView } from './print-view.ts';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

/** The printable letter (stub and receipt parts, QR code of its id) as a print view and as a PDF. */
export function LetterLinks({ transfer }: { transfer: Transfer }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const action = useAction();
  const printView = (): void => {
    void action.run(async () => {
      openPrintView(await (await api.transferLetter(transfer.id, 'html')).blob.text());
      return undefined;
    });
  };
  const pdf = (): void => {
    void action.run(async () => {
      saveDownload(await api.transferLetter(transfer.id, 'pdf'), `transfer-${transfer.id}.pdf`);
      return undefined;
    });
  };
  return (
    <span className="letter-links">
      <button type="button" className="button button--link" disabled={action.busy} onClick={printView} data-testid="letter-html">
        {m.printLetter}
      </button>
      <button type="button" className="button button--link" disabled={action.busy} onClick={pdf} data-testid="letter-pdf">
        PDF
      </button>
      <ErrorNotice failure={action.error} />
    </span>
  );
}
