import { useCallback, useState } from 'react';
import type { ApiFailure } from '../api/http-client.ts';
import { asFailure } from './use-load.ts';

export interface Action {
  busy: boolean;
  error: ApiFailure | undefined;
  /** what the last successful action said, for a confirmation line */
  done: string | undefined;
  run(work: () => Promise<string | undefined>): Promise<boolean>;
  clear(): void;
}

/** One button's request: busy while it runs (so it cannot be sent twice), then its outcome. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure>();
  const [done, setDone] = useState<string>();
  const run = useCallback(async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await work());
      return true;
    } catch (failure) {
      setError(asFailure(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(undefined);
    setDone(undefined);
  }, []);
  return { busy, error, done, run, clear };
}
