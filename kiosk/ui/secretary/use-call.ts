import { useCallback, useEffect, useRef, useState } from 'react';
import type { Reply, ReplyError } from '../bridge/kiosk-bridge.ts';

export interface Call {
  busy: boolean;
  error: ReplyError | undefined;
  /** runs one bridge call; `then` only on success, while the screen is still there */
  run<T>(call: () => Promise<Reply<T>>, then?: (value: T) => void): void;
  clearError(): void;
}

/** One secretary action at a time, with its failure kept for the screen to explain. */
export function useCall(): Call {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(<T,>(call: () => Promise<Reply<T>>, then?: (value: T) => void): void => {
    setBusy(true);
    setError(undefined);
    void call().then((reply) => {
      if (!mounted.current) return;
      setBusy(false);
      if (reply.ok) then?.(reply.value);
      else setError(reply.error);
    });
  }, []);
  return { busy, error, run, clearError: useCallback(() => setError(undefined), []) };
}
