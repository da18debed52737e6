import type { SvgIconComponent } from '@mui/icons-material';
import BarChartOutlined from '@mui/icons-material/BarChartOutlined';
import CampaignOutlined from '@mui/icons-material/CampaignOutlined';
import ForumOutlined from '@mui/icons-material/ForumOutlined';
import PeopleOutlined from '@mui/icons-material/PeopleOutlined';
import PhoneIphoneOutlined from '@mui/icons-material/PhoneIphoneOutlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import SmartToyOutlined from '@mui/icons-material/SmartToyOutlined';

export const ROUTE_IDS = [
  'inbox',
  'analytics',
  'voters',
  'bots',
  'campaigns',
  'test-phone',
  'settings',
] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

export interface RouteInfo {
  id: RouteId;
  label: string;
  icon: SvgIconComponent;
}

export const ROUTES: readonly RouteInfo[] = [
  { id: 'inbox', label: 'Inbox', icon: ForumOutlined },
  { id: 'analytics', label: 'Analytics', icon: BarChartOutlined },
  { id: 'voters', label: 'Voters', icon: PeopleOutlined },
  { id: 'bots', label: 'Bots', icon: SmartToyOutlined },
  { id: 'campaigns', label: 'Campaigns', icon: CampaignOutlined },
  { id: 'test-phone', label: 'Test phone', icon: PhoneIphoneOutlined },
  { id: 'settings', label: 'Settings', icon: SettingsOutlined },
];

export const DEFAULT_ROUTE: RouteId = 'inbox';

/** Where the address points: `#/inbox/<id>` is `{ id: 'inbox', param: '<id>' }`. */
export interface Location {
  id: RouteId;
  param: string | null;
  /** What follows `?` in the hash (e.g. `topic=water` for `#/inbox?topic=water`), or ''. */
  query: string;
}

function isRouteId(s: string): s is RouteId {
  return (ROUTE_IDS as readonly string[]).includes(s);
}

/** Parses `location.hash`; anything unknown lands on the default page. */
export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q + 1);
  const [first = '', second] = path.split('/');
  if (!isRouteId(first)) return { id: DEFAULT_ROUTE, param: null, query: '' };
  return { id: first, param: second ? decodeURIComponent(second) : null, query };
}

export function hrefFor(id: RouteId, param?: string | null): string {
  return param ? `#/${id}/${encodeURIComponent(param)}` : `#/${id}`;
}
