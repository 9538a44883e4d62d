import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../api/http-client.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  loading: boolean;
  reload(): void;
}

export const asFailure = (error: unknown): ApiFailure =>
  error instanceof ApiFailure ? error : new ApiFailure('ERR_CONSOLE', 0, error instanceof Error ? error.message : String(error));

/**
 * Loads data for a screen and reloads when `key` changes. An answer that arrives after the key changed
 * is dropped, so a slow reply for an old filter never overwrites the current one.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  // Declared first, so it runs before the effect below reads it.
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let current = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    latest.current().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: asFailure(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
