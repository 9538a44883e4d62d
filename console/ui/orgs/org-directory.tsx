import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Org } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useLoad } from '../components/use-load.ts';
import type { ApiFailure } from '../api/http-client.ts';
import { useSignedIn } from '../session/session.tsx';

interface OrgDirectory {
  /** every organisation the user may see, parents first */
  orgs: Org[];
  byCode: ReadonlyMap<string, Org>;
  loading: boolean;
  error: ApiFailure | undefined;
  reload(): void;
}

const DirectoryContext = createContext<OrgDirectory>({ orgs: [], byCode: new Map(), loading: true, error: undefined, reload: () => undefined });

/** The user's organisations, loaded once per session: every screen names organisations by code and shows their names. */
export function OrgDirectoryProvider({ children }: { children: ReactNode }) {
  const { api, user } = useSignedIn();
  const loaded = useLoad(() => api.orgs(), `${user.id}`);
  const value = useMemo<OrgDirectory>(() => {
    const orgs = loaded.data ?? [];
    return { orgs, byCode: new Map(orgs.map((org) => [org.code, org])), loading: loaded.loading, error: loaded.error, reload: loaded.reload };
  }, [loaded.data, loaded.loading, loaded.error, loaded.reload]);
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export const useOrgDirectory = (): OrgDirectory => useContext(DirectoryContext);

/**
 * An organisation as people know it: its name, with the code beside it. One within the user's reach links to
 * its page; one outside (the other side of a transfer) shows the name the server sent, or just its code.
 */
export function OrgName({ code, name, link = true }: { code: string | null; name?: string | null; link?: boolean }) {
  const { byCode } = useOrgDirectory();
  if (code === null) return <span className="muted">—</span>;
  const org = byCode.get(code);
  const label = (
    <>
      {org?.name ?? name ?? code}
      {(org ?? name) && <span className="code"> {code}</span>}
    </>
  );
  return org && link ? <Link to={{ page: 'org', code }}>{label}</Link> : <span>{label}</span>;
}
