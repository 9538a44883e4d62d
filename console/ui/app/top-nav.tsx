import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useMessages } from '../i18n/language.tsx';
import { itemsThatFit } from './items-that-fit.ts';
import { MoreMenu } from './more-menu.tsx';
import { Link, useRouter } from './router.tsx';
import type { PageName, Route } from './routes.ts';

export interface NavItem {
  route: Route;
  /** pages under this item that keep it highlighted */
  pages: PageName[];
  label: string;
}

const linkClass = (current: boolean): string => (current ? 'topbar__link topbar__link--current' : 'topbar__link');

/**
 * The pages, in one row whatever the language and the screen: as many as fit, in order (the ones used most
 * come first), and the rest under "more". In Chinese on a 1366 px laptop they all fit; English names are longer.
 */
export function TopNav({ items }: { items: NavItem[] }) {
  const m = useMessages();
  const { route } = useRouter();
  const nav = useRef<HTMLElement>(null);
  const ruler = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(items.length);
  const fit = useCallback(() => {
    if (!nav.current || !ruler.current) return;
    const widths = [...ruler.current.children].map((child) => child.getBoundingClientRect().width);
    const moreWidth = widths.pop() ?? 0;
    setShown(itemsThatFit(widths, nav.current.clientWidth, parseFloat(getComputedStyle(nav.current).columnGap) || 0, moreWidth));
  }, []);
  // After every render and before it is painted (a new language or a new current page changes the widths),
  // so an item that does not fit is never drawn over the search box, not even for a frame.
  useLayoutEffect(fit);
  useEffect(() => {
    const observer = new ResizeObserver(fit);
    if (nav.current) observer.observe(nav.current);
    if (ruler.current) observer.observe(ruler.current);
    return () => observer.disconnect();
  }, [fit]);

  const isCurrent = (item: NavItem): boolean => item.pages.includes(route.page);
  const link = (item: NavItem) => (
    <Link key={item.route.page} to={item.route} className={linkClass(isCurrent(item))} current={isCurrent(item)} testId={`nav-${item.route.page}`}>
      {item.label}
    </Link>
  );
  const rest = items.slice(shown);
  return (
    <nav ref={nav} className="topbar__nav" aria-label={m.mainNavigation}>
      {items.slice(0, shown).map(link)}
      {rest.length > 0 && <MoreMenu current={rest.some(isCurrent)} links={rest.map(link)} />}
      {/* Every item as the bar draws it, and the "more" button last, unseen: their widths, whichever are shown. */}
      <div ref={ruler} className="topbar__ruler" aria-hidden="true">
        {items.map((item) => (
          <span key={item.route.page} className={linkClass(isCurrent(item))}>
            {item.label}
          </span>
        ))}
        <span className="topbar__link topbar__more">
          {m.navMore} <span className="topbar__more-mark">▾</span>
        </span>
      </div>
    </nav>
  );
}
