import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConsoleApi } from '../api/console-api.ts';
import type { Org } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useLoad } from '../components/use-load.ts';
import type { ApiFailure } from '../api/http-client.ts';
import { useSignedIn } from '../session/session.tsx';
import { OrgNameBatches } from './org-name-batches.ts';
import { WHOLE_DIRECTORY_LIMIT } from './whole-directory-limit.ts';

interface OrgDirectory {
  /**
   * Complete: every organisation the user may see, parents first and siblings in the order they were created.
   * Partial: the top of the user's reach and the level below it, to start a tree or a list of choices from.
   */
  orgs: Org[];
  /** every organisation seen so far: all within reach when complete */
  byCode: ReadonlyMap<string, Org>;
  /**
   * true when `orgs` holds every organisation within reach; false at a city's or province's scale, and when the
   * first read failed (screens then ask the server for what they show); undefined until the first answer arrives
   */
  complete: boolean | undefined;
  loading: boolean;
  error: ApiFailure | undefined;
  reload(): void;
  /** organisations an answer carried (a search, a tree level), kept so their names show elsewhere */
  learn(orgs: readonly Org[]): void;
  /** a code whose name a screen shows: asked for with others in a small batch, when not known yet */
  want(code: string): void;
}

const DirectoryContext = createContext<OrgDirectory>({
  orgs: [],
  byCode: new Map(),
  complete: true,
  loading: true,
  error: undefined,
  reload: () => undefined,
  learn: () => undefined,
  want: () => undefined,
});

interface Loaded {
  orgs: Org[];
  /** organisations the first answer carried beyond `orgs` */
  seen: Org[];
  complete: boolean;
}

/** The whole list when the reach is small; else the top two levels, keeping the part of the list already read. */
async function loadDirectory(api: ConsoleApi): Promise<Loaded> {
  const upTo = await api.orgsUpTo(WHOLE_DIRECTORY_LIMIT);
  if (!upTo.truncated) return { orgs: upTo.orgs, seen: [], complete: true };
  return { orgs: (await api.orgsToDepth(1)).orgs, seen: upTo.orgs, complete: false };
}

const withOrgs = (known: ReadonlyMap<string, Org>, orgs: readonly Org[]): Map<string, Org> => new Map([...known, ...orgs.map((org) => [org.code, org] as const)]);

/**
 * The user's organisations, loaded once per session: every screen names organisations by code and shows their
 * names. At a province's scale only the top levels are loaded; the rest arrive as screens show them.
 */
export function OrgDirectoryProvider({ children }: { children: ReactNode }) {
  const { api, user } = useSignedIn();
  const loaded = useLoad(() => loadDirectory(api), `${user.id}`);
  const [learned, setLearned] = useState<ReadonlyMap<string, Org>>(new Map());
  const learn = useCallback((orgs: readonly Org[]) => {
    if (orgs.length > 0) setLearned((known) => (orgs.every((org) => known.get(org.code) === org) ? known : withOrgs(known, orgs)));
  }, []);
  const [batches, setBatches] = useState<OrgNameBatches>();
  useEffect(() => {
    const fresh = new OrgNameBatches(async (codes) => (await api.orgsByCode(codes)).orgs, learn);
    setLearned(new Map());
    setBatches(fresh);
    return () => fresh.stop();
  }, [api, learn, user.id]);
  const complete = loaded.data?.complete ?? (loaded.error ? false : undefined);
  const want = useCallback((code: string) => {
    if (complete === false) batches?.want(code);
  }, [batches, complete]);
  const value = useMemo<OrgDirectory>(() => {
    const orgs = loaded.data?.orgs ?? [];
    const byCode = withOrgs(withOrgs(learned, loaded.data?.seen ?? []), orgs);
    return { orgs, byCode, complete, loading: loaded.loading, error: loaded.error, reload: loaded.reload, learn, want };
  }, [loaded.data, loaded.loading, loaded.error, loaded.reload, learned, complete, learn, want]);
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export const useOrgDirectory = (): OrgDirectory => useContext(DirectoryContext);

/** The organisation with this code, when within reach: from the directory, or asked for when it is not there yet. */
export function useKnownOrg(code: string | null | undefined): Org | undefined {
  const { byCode, want } = useOrgDirectory();
  const org = code ? byCode.get(code) : undefined;
  useEffect(() => {
    if (code && !org) want(code);
  }, [code, org, want]);
  return org;
}

/**
 * An organisation as people know it: its name, with the code beside it. One within the user's reach links to
 * its page; one outside (the other side of a transfer) shows the name the server sent, or just its code.
 */
export function OrgName({ code, name, link = true }: { code: string | null; name?: string | null; link?: boolean }) {
  const org = useKnownOrg(code);
  if (code === null) return <span className="muted">—</span>;
  const label = (
    <>
      {org?.name ?? name ?? code}
      {(org ?? name) && <span className="code"> {code}</span>}
    </>
  );
  return org && link ? <Link to={{ page: 'org', code }}>{label}</Link> : <span>{label}</span>;
}
