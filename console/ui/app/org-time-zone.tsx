import { createContext, useContext, type ReactNode } from 'react';
import { useLoad, type Loaded } from '../components/use-load.ts';
import { setOrgTimeZone } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSession } from '../session/session.tsx';
import { knownTimeZone } from '../../../shared/org-calendar.ts';
import { ZoneUnknown } from './zone-unknown.tsx';

export interface OrgTimeZone {
  /** the organisation's IANA zone, as the server names it */
  timeZone: string;
  /** the computer is set to another zone, so the times shown are not what its own clock reads */
  differsFromComputer: boolean;
}

const OrgTimeZoneContext = createContext<Loaded<OrgTimeZone> | undefined>(undefined);

async function loadTimeZone(health: () => Promise<{ timeZone: string }>): Promise<OrgTimeZone> {
  const { timeZone } = await health();
  setOrgTimeZone(timeZone);
  return { timeZone, differsFromComputer: knownTimeZone(timeZone) !== Intl.DateTimeFormat().resolvedOptions().timeZone };
}

/**
 * Every time on every page is the organisation's (the zone the server names in its public health reply). The
 * frame shows no time, so it does not wait; the pages wait for that one small answer (OrgTimeZoneGate): no
 * time is ever shown, and no date filled in, on the computer's own clock first.
 */
export function OrgTimeZoneProvider({ children }: { children: ReactNode }) {
  const { api } = useSession();
  const loaded = useLoad(() => loadTimeZone(api.health), 'health');
  return <OrgTimeZoneContext.Provider value={loaded}>{children}</OrgTimeZoneContext.Provider>;
}

function useLoadedZone(): Loaded<OrgTimeZone> {
  const loaded = useContext(OrgTimeZoneContext);
  if (!loaded) throw new Error('the time zone is asked for outside OrgTimeZoneProvider');
  return loaded;
}

/** The organisation's zone, or undefined while the server has not said it. */
export const useOrgTimeZone = (): OrgTimeZone | undefined => useLoadedZone().data;

/** The page area: the page once the zone is known; until then a loading line, or why it is not known and a way to ask again. */
export function OrgTimeZoneGate({ children }: { children: ReactNode }) {
  const m = useMessages();
  const loaded = useLoadedZone();
  if (loaded.data) return <>{children}</>;
  if (loaded.error) return <ZoneUnknown failure={loaded.error} onTryAgain={loaded.reload} />;
  return (
    <p className="muted" aria-busy="true" data-testid="zone-loading">
      {m.loading}
    </p>
  );
}
