/**
 * The console's pages and their URLs under /console/. Real paths (not #fragments), so a page can be
 * bookmarked and opened in a new tab; the server answers every such path with the console's index.html.
 */

export const BASE = '/console/';

export type Route =
  | { page: 'orgs' }
  | { page: 'org'; code: string }
  /** members imported from a CSV file, from this organisation's page (the file's own org column says where each member belongs) */
  | { page: 'member-import'; org: string }
  | { page: 'member'; number: string }
  | { page: 'transfers' }
  | { page: 'mobile' }
  | { page: 'meetings' }
  | { page: 'flows' }
  | { page: 'exports' }
  /** one organisation's reminders (with its subtree), or everything within reach */
  | { page: 'reminders'; org?: string }
  /** the kiosks within reach; `kiosk` (its kid) is the one to point out, as a reminder's evidence */
  | { page: 'kiosks'; kiosk?: string }
  /** the alarms within reach, newest first; with `alarm`, starting at that one; with `kiosk` (its kid), only its alarms */
  | { page: 'alarms'; alarm?: number; kiosk?: string }
  /** the console's accounts within reach, for those who look after them */
  | { page: 'users' }
  /** the signed-in user's own account */
  | { page: 'account' }
  | { page: 'not-found'; path: string };

export type PageName = Route['page'];

type SimplePage = 'transfers' | 'mobile' | 'meetings' | 'flows' | 'exports' | 'kiosks' | 'alarms' | 'users' | 'account';
const SIMPLE: readonly SimplePage[] = ['transfers', 'mobile', 'meetings', 'flows', 'exports', 'kiosks', 'alarms', 'users', 'account'];
const isSimple = (name: string | undefined): name is SimplePage => (SIMPLE as readonly (string | undefined)[]).includes(name);

const segment = (text: string): string | undefined => {
  try {
    const decoded = decodeURIComponent(text);
    return decoded === '' || decoded.includes('/') ? undefined : decoded;
  } catch {
    return undefined;
  }
};

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname.replace(/^\/+/, '');
  const parts = rest.split('/').filter((part) => part !== '');
  const [first, second] = parts;
  if (parts.length === 0 || (first === 'orgs' && parts.length === 1)) return { page: 'orgs' };
  if (parts.length === 1 && isSimple(first)) return { page: first };
  if (parts.length === 1 && first === 'reminders') return { page: 'reminders' };
  if (parts.length === 2 && second !== undefined) {
    const value = segment(second);
    if (value !== undefined && first === 'orgs') return { page: 'org', code: value };
    if (value !== undefined && first === 'members') return { page: 'member', number: value };
    if (value !== undefined && first === 'reminders') return { page: 'reminders', org: value };
    if (value !== undefined && first === 'kiosks') return { page: 'kiosks', kiosk: value };
    if (value !== undefined && first === 'alarms' && /^[1-9]\d{0,14}$/.test(value)) return { page: 'alarms', alarm: Number(value) };
  }
  if (parts.length === 3 && first === 'orgs' && second !== undefined && parts[2] === 'import') {
    const org = segment(second);
    if (org !== undefined) return { page: 'member-import', org };
  }
  if (parts.length === 3 && first === 'alarms' && second === 'kiosk' && parts[2] !== undefined) {
    const kiosk = segment(parts[2]);
    if (kiosk !== undefined) return { page: 'alarms', kiosk };
  }
  return { page: 'not-found', path: pathname };
}

export function pathOf(route: Route): string {
  switch (route.page) {
    case 'orgs':
      return BASE;
    case 'org':
      return `${BASE}orgs/${encodeURIComponent(route.code)}`;
    case 'member-import':
      return `${BASE}orgs/${encodeURIComponent(route.org)}/import`;
    case 'member':
      return `${BASE}members/${encodeURIComponent(route.number)}`;
    case 'reminders':
      return route.org === undefined ? `${BASE}reminders` : `${BASE}reminders/${encodeURIComponent(route.org)}`;
    case 'kiosks':
      return route.kiosk === undefined ? `${BASE}kiosks` : `${BASE}kiosks/${encodeURIComponent(route.kiosk)}`;
    case 'alarms':
      if (route.alarm !== undefined) return `${BASE}alarms/${route.alarm}`;
      return route.kiosk === undefined ? `${BASE}alarms` : `${BASE}alarms/kiosk/${encodeURIComponent(route.kiosk)}`;
    case 'not-found':
      return route.path;
    default:
      return `${BASE}${route.page}`;
  }
}
