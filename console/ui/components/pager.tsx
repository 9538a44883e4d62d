import { useMessages } from '../i18n/language.tsx';

/**
 * Previous / next over a list the server pages: `page` counts from 1; `hasNext` comes from the server's
 * answer (a cursor or a total), so the last page never offers an empty next one.
 */
export function Pager({ page, hasNext, onPage, total }: { page: number; hasNext: boolean; onPage(page: number): void; total?: number }) {
  const m = useMessages();
  if (page === 1 && !hasNext) return total === undefined ? null : <p className="pager muted">{m.totalRows(total)}</p>;
  return (
    <nav className="pager" aria-label={m.pagination}>
      <button type="button" className="button button--quiet" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {m.previousPage}
      </button>
      <span data-testid="page-number">{m.pageNumber(page)}</span>
      <button type="button" className="button button--quiet" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        {m.nextPage}
      </button>
      {total !== undefined && <span className="muted">{m.totalRows(total)}</span>}
    </nav>
  );
}
