import type { ApiFailure } from '../api/http-client.ts';
import type { Org } from '../api/types.ts';
import { useOrgDirectory } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { useLoad } from './use-load.ts';
import { useSettledText } from './use-settled-text.ts';

export interface OrgSearch {
  /** the text these results are for (trimmed); '' before any search */
  text: string;
  orgs: Org[];
  /** more matched than the server listed: typing more narrows them down */
  more: boolean;
  searching: boolean;
  error: ApiFailure | undefined;
}

const NOTHING: OrgSearch = { text: '', orgs: [], more: false, searching: false, error: undefined };

/**
 * Organisations within reach whose name contains `text` or whose code starts with it, asked of the server a
 * moment after the typing stops. The answers join the directory, so their names show elsewhere too.
 */
export function useOrgSearch(text: string): OrgSearch {
  const { api } = useSignedIn();
  const { learn } = useOrgDirectory();
  const wanted = text.trim();
  const settled = useSettledText(text);
  // useLoad drops an answer for text typed before the last pause, and keeps the last one while the next is asked.
  const found = useLoad(async () => {
    if (settled === '') return undefined;
    const answer = await api.searchOrgs(settled);
    learn(answer.orgs);
    return { text: settled, orgs: answer.orgs, more: answer.truncated, searching: false, error: undefined };
  }, `org-search|${settled}`);
  if (wanted === '') return NOTHING;
  const answer: OrgSearch = found.error ? { ...NOTHING, text: settled, error: found.error } : (found.data ?? NOTHING);
  // Until the answer for what is typed now arrives, the last one stays on show, marked as being looked for.
  return answer.text === wanted ? answer : { ...answer, searching: true, error: undefined };
}
