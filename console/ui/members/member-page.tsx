import { useState } from 'react';
import type { Card, Member } from '../api/types.ts';
import { can } from '../auth/capabilities.ts';
import { DoneNotice } from '../components/error-notice.tsx';
import { PageLoadState } from '../components/loading.tsx';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { RegisterMobileForm } from '../mobile/register-mobile-form.tsx';
import { IssueLetterForm } from '../transfers/issue-letter-form.tsx';
import { ChangeStatusDialog } from './change-status-dialog.tsx';
import { CorrectStatusDialog } from './correct-status-dialog.tsx';
import { MemberCards } from './member-cards.tsx';
import { MemberExports } from './member-exports.tsx';
import { MemberHistoryView } from './member-history.tsx';
import { MemberPeriods } from './member-periods.tsx';
import { RevokeCardDialog } from './revoke-card-dialog.tsx';

type Panel = 'transfer' | 'mobile' | 'status' | 'correction' | undefined;

/** The serials of the cards a change took out of use: in use before, not after. */
const cardsEnded = (before: Member, after: Member): string[] =>
  after.cards.filter((card) => card.status !== 'active' && before.cards.some((old) => old.csn === card.csn && old.status === 'active')).map((card) => card.csn);

/** One member: who they are, where they belong and belonged, their cards, and their whole participation history. */
export function MemberPage({ number }: { number: string }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const member = useLoad(() => api.member(number), number);
  const [panel, setPanel] = useState<Panel>();
  const [revoking, setRevoking] = useState<Card>();
  const [notice, setNotice] = useState<string>();
  const [round, setRound] = useState(0);

  return (
    <PageLoadState loaded={member} title={m.memberTitle(number)}>
      {(details) => (
        <section>
          <div className="page__head">
            <h1 data-testid="member-name">
              {details.name} <span className="code">{details.memberNumber}</span>
            </h1>
            <dl className="facts">
              <div>
                <dt>{m.homeOrg}</dt>
                <dd data-testid="member-home">
                  <OrgName code={details.homeOrg} />
                </dd>
              </div>
              <div>
                <dt>{m.status}</dt>
                <dd data-testid="member-status">{m.memberStatuses[details.status]}</dd>
              </div>
            </dl>
            <div className="buttons">
              {can(user, 'transfer.issue') && details.status === 'active' && (
                <button type="button" className="button button--quiet" onClick={() => setPanel(panel === 'transfer' ? undefined : 'transfer')} data-testid="member-issue-letter">
                  {m.issueLetter}
                </button>
              )}
              {can(user, 'member.period.add') && details.status === 'active' && (
                <button type="button" className="button button--quiet" onClick={() => setPanel(panel === 'mobile' ? undefined : 'mobile')} data-testid="member-register-mobile">
                  {m.registerMobile}
                </button>
              )}
              {can(user, 'member.status.change') && (details.status === 'active' || details.status === 'suspended') && (
                <button type="button" className="button button--quiet" onClick={() => setPanel('status')} data-testid="member-change-status">
                  {m.changeStatus}
                </button>
              )}
              {can(user, 'member.status.correct') && (details.status === 'left' || details.status === 'deceased') && (
                <button type="button" className="button button--quiet" onClick={() => setPanel('correction')} data-testid="member-correct-status">
                  {m.correctStatus}
                </button>
              )}
            </div>
          </div>
          <DoneNotice text={notice} />
          {panel === 'transfer' && (
            <IssueLetterForm
              member={details.memberNumber}
              onIssued={() => {
                setPanel(undefined);
                setNotice(m.issuedNotice(details.name));
                setRound((n) => n + 1);
              }}
            />
          )}
          {panel === 'mobile' && (
            <RegisterMobileForm
              member={details.memberNumber}
              onCancel={() => setPanel(undefined)}
              onDone={(registration) => {
                setPanel(undefined);
                setNotice(m.registeredNotice(registration.memberName, registration.orgName));
                member.reload();
                setRound((n) => n + 1);
              }}
            />
          )}
          {panel === 'status' && (
            <ChangeStatusDialog
              member={details}
              onClose={() => setPanel(undefined)}
              onChanged={(changed) => {
                setPanel(undefined);
                const revoked = cardsEnded(details, changed);
                const day = changed.statusSince ?? '';
                setNotice([m.statusChangedNotice(changed.name, m.memberStatuses[changed.status], day), ...(revoked.length > 0 ? [m.statusChangedCardsRevoked(revoked.join('、'))] : [])].join(' '));
                member.reload();
                setRound((n) => n + 1);
              }}
            />
          )}
          {revoking && (
            <RevokeCardDialog
              card={revoking}
              memberName={details.name}
              onClose={() => setRevoking(undefined)}
              onRevoked={(reason) => {
                setRevoking(undefined);
                setNotice(m.cardRevokedNotice[reason](revoking.csn));
                member.reload();
              }}
            />
          )}
          {panel === 'correction' && (
            <CorrectStatusDialog
              member={details}
              onClose={(corrected) => {
                setPanel(undefined);
                if (corrected) {
                  member.reload();
                  setRound((n) => n + 1);
                }
              }}
            />
          )}
          <div className="columns">
            <MemberPeriods periods={details.periods} />
            <MemberCards cards={details.cards} onRevoke={can(user, 'card.revoke') ? setRevoking : undefined} />
          </div>
          {can(user, 'history.read') && <MemberHistoryView key={round} number={details.memberNumber} />}
          {can(user, 'history.read') && <MemberExports number={details.memberNumber} />}
        </section>
      )}
    </PageLoadState>
  );
}
