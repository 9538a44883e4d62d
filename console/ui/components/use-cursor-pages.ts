import { useCallback, useState } from 'react';

export interface CursorPages {
  /** the cursor of the current page (undefined: the first) */
  cursor: string | undefined;
  /** 1-based */
  page: number;
  /** moves to `wanted` (one step forward needs the server's `next`, any number back); */
  go(wanted: number, next: string | null): void;
  reset(): void;
}

/**
 * Pages of a list the server pages by cursor ("after"/"before" the last row seen): the cursors of the pages
 * visited are kept, so "previous" needs no cursor from the server and lands on exactly the rows seen before.
 */
export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const go = useCallback((wanted: number, next: string | null) => {
    setCursors((current) => (wanted > current.length ? (next === null ? current : [...current, next]) : current.slice(0, Math.max(1, wanted))));
  }, []);
  const reset = useCallback(() => setCursors([undefined]), []);
  return { cursor: cursors[cursors.length - 1], page: cursors.length, go, reset };
}
