import type { Person, RefusalReason, TapResult } from '../../core/kiosk-api.ts';
import type { Messages } from '../i18n/messages.ts';

/** Colour, icon and sound go together: green and a chime, amber and a double beep, red and a low tone. */
export type ResultTone = 'success' | 'attention' | 'refused';

export interface ResultView {
  tone: ResultTone;
  /** for a refusal: that nothing was done, before why */
  outcome: string | undefined;
  name: string | undefined;
  branch: string | undefined;
  headline: string;
  detail: string;
}

/** How long each answer stays before the waiting screen returns: a refusal has more words to read. */
export const RESULT_SHOWN_MS: Record<ResultTone, number> = { success: 4_000, attention: 6_000, refused: 9_000 };

function branchOf(person: Person, messages: Messages): string | undefined {
  if (person.orgName) return person.orgName;
  // No roster entry: a member of another organisation (cards are good at any branch).
  return person.org === undefined ? messages.unknownBranch : undefined;
}

const who = (person: Person, messages: Messages): Pick<ResultView, 'name' | 'branch' | 'outcome'> => ({
  name: person.name,
  branch: branchOf(person, messages),
  outcome: undefined,
});
const nobody = { name: undefined, branch: undefined, outcome: undefined };

const TRANSFER_REASONS: readonly RefusalReason[] = [
  'not-transfer-member',
  'not-secretary',
  'secretary-is-member',
  'transfer-expired',
  'transfer-timed-out',
  'transfer-already-accepted',
];

/**
 * One big answer per tap: who, and what happened in words a first-time user understands. `duringTransfer`
 * says what a refused card failed to do (a card problem reads the same in either mode).
 */
export function tapResultView(result: TapResult, messages: Messages, duringTransfer = false): ResultView {
  switch (result.kind) {
    case 'checked-in':
      return { tone: 'success', ...who(result.person, messages), headline: messages.checkedIn, detail: messages.checkedInHint };
    case 'already':
      return { tone: 'attention', ...who(result.person, messages), headline: messages.already, detail: messages.alreadyHint };
    case 'tap-again':
      return { tone: 'attention', ...nobody, headline: messages.tapAgain, detail: messages.tapAgainHint };
    case 'not-read':
      return { tone: 'attention', ...nobody, headline: messages.notRead, detail: messages.notReadHint };
    case 'refused': {
      const { reason, action } = messages.refusal[result.reason];
      const outcome = duringTransfer || TRANSFER_REASONS.includes(result.reason) ? messages.transferNotDone : messages.notCheckedIn;
      return { tone: 'refused', ...(result.person ? who(result.person, messages) : nobody), outcome, headline: reason, detail: action };
    }
    case 'not-ready': {
      const { reason, action } = messages.notReady[result.why];
      return { tone: 'attention', ...nobody, headline: reason, detail: action };
    }
    case 'transfer-member-ok':
      return { tone: 'success', ...who(result.person, messages), headline: messages.transferMemberOk, detail: messages.transferMemberOkHint };
    case 'transfer-accepted':
      return {
        tone: 'success',
        ...who(result.person, messages),
        headline: messages.transferAccepted,
        detail: messages.transferAcceptedHint(result.secretary.name),
      };
    case 'failed':
      return { tone: 'refused', ...nobody, headline: messages.failed, detail: messages.failedHint };
  }
}
