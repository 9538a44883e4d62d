import { useEffect, useState } from 'react';
import type { ApiFailure } from '../api/http-client.ts';
import type { Org } from '../api/types.ts';
import { useOrgDirectory } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { asFailure } from './use-load.ts';

/** The server is asked once the person stops typing for this long, not at every key. */
const PAUSE_MS = 250;

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
  const [result, setResult] = useState<OrgSearch>(NOTHING);
  useEffect(() => {
    if (wanted === '') {
      setResult(NOTHING);
      return undefined;
    }
    let current = true;
    setResult((previous) => ({ ...previous, searching: true, error: undefined }));
    const timer = setTimeout(() => {
      api.searchOrgs(wanted).then(
        (found) => {
          if (!current) return;
          learn(found.orgs);
          setResult({ text: wanted, orgs: found.orgs, more: found.truncated, searching: false, error: undefined });
        },
        (error: unknown) => current && setResult({ text: wanted, orgs: [], more: false, searching: false, error: asFailure(error) }),
      );
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, learn, wanted]);
  return result;
}
