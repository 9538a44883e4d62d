import { createContext, useContext, type ReactNode } from 'react';
import { LoadState } from '../components/loading.tsx';
import { useLoad } from '../components/use-load.ts';
import { setOrgTimeZone } from '../i18n/format.ts';
import { useSession } from '../session/session.tsx';
import { knownTimeZone } from '../../../shared/org-calendar.ts';

export interface OrgTimeZone {
  /** the organisation's IANA zone, as the server names it */
  timeZone: string;
  /** the computer is set to another zone, so the times shown are not what its own clock reads */
  differsFromComputer: boolean;
}

const OrgTimeZoneContext = createContext<OrgTimeZone | undefined>(undefined);

async function loadTimeZone(health: () => Promise<{ timeZone: string }>): Promise<OrgTimeZone> {
  const { timeZone } = await health();
  setOrgTimeZone(timeZone);
  return { timeZone, differsFromComputer: knownTimeZone(timeZone) !== Intl.DateTimeFormat().resolvedOptions().timeZone };
}

/**
 * Every time on every page is the organisation's (the zone the server names in its public health reply), so
 * the pages wait for that one small answer: no time is ever shown, and no date filled in, on the computer's
 * own clock first.
 */
export function OrgTimeZoneProvider({ children }: { children: ReactNode }) {
  const { api } = useSession();
  const loaded = useLoad(() => loadTimeZone(api.health), 'health');
  return (
    <LoadState loaded={loaded}>
      {(zone) => <OrgTimeZoneContext.Provider value={zone}>{children}</OrgTimeZoneContext.Provider>}
    </LoadState>
  );
}

export function useOrgTimeZone(): OrgTimeZone {
  const zone = useContext(OrgTimeZoneContext);
  if (!zone) throw new Error('useOrgTimeZone outside OrgTimeZoneProvider');
  return zone;
}
