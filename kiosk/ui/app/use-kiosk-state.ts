import { useEffect, useState } from 'react';
import type { KioskStatus, TapResult } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';

export interface ShownTap {
  result: TapResult;
  /** tells two identical answers in a row apart, so each gets its own tone and timer */
  serial: number;
}

export interface KioskState {
  status: KioskStatus | undefined;
  /** false while browser mode's socket to the kiosk service is down */
  connected: boolean;
  tap: ShownTap | undefined;
  dismissTap(): void;
  refresh(): void;
}

/** The kiosk as the screen knows it: the latest status, the latest tap answer, and the bridge's health. */
export function useKioskState(api: KioskApi): KioskState {
  const [status, setStatus] = useState<KioskStatus>();
  const [connected, setConnected] = useState(true);
  const [tap, setTap] = useState<ShownTap>();
  const [refreshes, setRefreshes] = useState(0);

  useEffect(() => {
    let serial = 0;
    const stop = api.onNotice((notice) => {
      if (notice.type === 'status') setStatus(notice.status);
      else if (notice.type === 'tap') setTap({ result: notice.result, serial: ++serial });
      else setConnected(notice.connected);
    });
    return stop;
  }, [api]);

  useEffect(() => {
    let current = true;
    void api.status().then((reply) => {
      if (current && reply.ok) setStatus(reply.value);
    });
    return () => {
      current = false;
    };
  }, [api, refreshes]);

  return { status, connected, tap, dismissTap: () => setTap(undefined), refresh: () => setRefreshes((count) => count + 1) };
}
