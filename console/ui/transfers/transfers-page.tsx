import { useState } from 'react';
import { can } from '../auth/capabilities.ts';
import { Tabs } from '../components/tabs.tsx';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { Inbox } from './inbox.tsx';
import { IssueLetterForm } from './issue-letter-form.tsx';
import { Outbox } from './outbox.tsx';

type Box = 'inbox' | 'outbox' | 'issue';

/**
 * Transfer letters: those addressed to the user's organisation (accept or return), those it issued (cancel),
 * and issuing a new one. Auditors see both lists and no buttons.
 */
export function TransfersPage() {
  const m = useMessages();
  const { user } = useSignedIn();
  const [box, setBox] = useState<Box>('inbox');
  const [outboxRound, setOutboxRound] = useState(0);
  const tabs: { id: Box; label: string }[] = [
    { id: 'inbox', label: m.inbox },
    { id: 'outbox', label: m.outbox },
    ...(can(user, 'transfer.issue') ? [{ id: 'issue' as const, label: m.issueLetter }] : []),
  ];
  return (
    <section>
      <div className="page__head">
        <h1>{m.transfersTitle}</h1>
        <p className="muted">{m.transfersHint}</p>
      </div>
      <Tabs tabs={tabs} current={box} onChange={setBox} label={m.transfersTitle} />
      {box === 'inbox' && <Inbox />}
      {box === 'outbox' && <Outbox key={outboxRound} />}
      {box === 'issue' && (
        <IssueLetterForm
          onIssued={() => {
            setOutboxRound((n) => n + 1);
            setBox('outbox');
          }}
        />
      )}
    </section>
  );
}
