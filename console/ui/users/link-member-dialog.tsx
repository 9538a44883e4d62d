import { useState, type FormEvent } from 'react';
import type { Member, User } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

/**
 * The member an account belongs to: linked, changed to another, or unlinked. A typed number is looked up first
 * and the member's name shown, so the account is not tied to the wrong person by a mistyped digit.
 */
export function LinkMemberDialog({ target, onClose, onChanged }: { target: User; onClose(): void; onChanged(user: User): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<Member>();
  const lookup = useAction();
  const save = useAction();
  const number = typed.trim();
  // A member found stays shown only while their number is the one typed.
  const shown = found?.memberNumber === number ? found : undefined;
  const linkedAlready = shown !== undefined && shown.memberNumber === target.member;
  const find = (): void => {
    setFound(undefined);
    save.clear();
    void lookup.run(async () => {
      setFound(await api.member(number));
      return undefined;
    });
  };
  const change = (member: string | null): void => {
    void save.run(async () => {
      onChanged(await api.linkMember(target.id, member));
      return undefined;
    });
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (shown) change(shown.memberNumber);
  };
  const homeOrg = shown?.homeOrg ?? null;
  const home = useKnownOrg(homeOrg);
  return (
    <Dialog title={m.linkMemberTitle(m.userLabel(target.displayName, target.username))} onClose={onClose} testId="link-member-dialog">
      <div className="dialog__form">
        <p className="dialog__lead" data-testid="link-member-current">
          {m.currentMemberLink(target.member)}
        </p>
        {target.member !== null && (
          <div className="notice notice--info">
            <p data-testid="unlink-member-meaning">{m.unlinkMemberMeaning}</p>
            <div className="buttons">
              <button type="button" className="button button--danger" onClick={() => change(null)} disabled={save.busy} data-testid="unlink-member">
                {m.unlinkMember}
              </button>
            </div>
          </div>
        )}
        <form className="dialog__form" onSubmit={submit}>
          <label className="field">
            <span className="field__label">{m.memberNumber}</span>
            <input
              value={typed}
              onChange={(event) => {
                setTyped(event.target.value);
                lookup.clear();
              }}
              onKeyDown={(event) => {
                // Enter looks the number up until a member is shown; then it links, as the form's button does.
                if (event.key === 'Enter' && !shown) {
                  event.preventDefault();
                  if (number) find();
                }
              }}
              autoComplete="off"
              data-testid="link-member-number"
            />
            <span className="field__hint">{m.linkedMemberHint}</span>
          </label>
          <div className="buttons">
            <button type="button" className="button" onClick={find} disabled={lookup.busy || number === ''} data-testid="find-member">
              {m.findMember}
            </button>
          </div>
          {shown ? (
            <p className="notice notice--info" data-testid="link-member-found">
              {m.memberFound(shown.name, homeOrg === null ? null : (home?.name ?? homeOrg))}
            </p>
          ) : (
            <p className="muted">{m.findMemberFirst}</p>
          )}
          {linkedAlready && <p data-testid="link-member-same">{m.alreadyLinkedToThis}</p>}
          <ErrorNotice failure={lookup.error ?? save.error} />
          <DialogButtons label={m.linkThisMember} disabled={save.busy || !shown || linkedAlready} testId="confirm-link-member" onCancel={onClose} />
        </form>
      </div>
    </Dialog>
  );
}
