import { createContext, useCallback, useContext, useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import { parseRoute, pathOf, type Route } from './routes.ts';

interface Navigation {
  route: Route;
  navigate(route: Route): void;
}

const RouterContext = createContext<Navigation>({ route: { page: 'orgs' }, navigate: () => undefined });

/** The History API over the routes in routes.ts: back and forward work, and every page has its own URL. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPop = (): void => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route) => {
    const path = pathOf(next);
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    setRoute(parseRoute(path));
    window.scrollTo(0, 0);
  }, []);
  const value = useMemo(() => ({ route, navigate }), [route, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export const useRouter = (): Navigation => useContext(RouterContext);

/**
 * A real link (opens in a new tab with a middle click), navigating in place on a plain click. `current` says,
 * to screen readers too, that it leads to the page being shown.
 */
export function Link({ to, children, className, testId, current }: { to: Route; children: ReactNode; className?: string; testId?: string; current?: boolean }) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={pathOf(to)} onClick={onClick} className={className} data-testid={testId} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
