import type { ReactNode } from 'react';
import type { Loaded } from './use-load.ts';
import { ErrorNotice } from './error-notice.tsx';
import { useMessages } from '../i18n/language.tsx';
import { Link } from '../app/router.tsx';

/** Loading line, refusal, or the content: the three states every list on every page goes through. */
export function LoadState<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const m = useMessages();
  if (loaded.error) return <ErrorNotice failure={loaded.error} />;
  if (loaded.data === undefined) return <p className="muted" aria-busy="true">{m.loading}</p>;
  return <>{children(loaded.data)}</>;
}

export function Empty({ text }: { text: string }) {
  return (
    <p className="empty" data-testid="empty">
      {text}
    </p>
  );
}

/**
 * A whole page's data: while it loads or when it is refused, the page still says what was asked for (the
 * member number, the organisation code) and offers the way back, so a refusal is never a blank screen.
 */
export function PageLoadState<T>({ loaded, title, children }: { loaded: Loaded<T>; title: string; children: (data: T) => ReactNode }) {
  const m = useMessages();
  if (loaded.data !== undefined && !loaded.error) return <>{children(loaded.data)}</>;
  return (
    <section>
      <div className="page__head">
        <h1>{title}</h1>
      </div>
      {loaded.error ? <ErrorNotice failure={loaded.error} /> : <p className="muted" aria-busy="true">{m.loading}</p>}
      {loaded.error && <Link to={{ page: 'orgs' }}>{m.backToOrgs}</Link>}
    </section>
  );
}
