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
}

function isRouteId(s: string): s is RouteId {
  return (ROUTE_IDS as readonly string[]).includes(s);
}

/** Parses `location.hash`; anything unknown lands on the default page. */
export function parseHash(hash: string): Location {
  const [first = '', second] = hash.replace(/^#\/?/, '').split('/');
  if (!isRouteId(first)) return { id: DEFAULT_ROUTE, param: null };
  return { id: first, param: second ? decodeURIComponent(second) : null };
}

export function hrefFor(id: RouteId, param?: string | null): string {
  return param ? `#/${id}/${encodeURIComponent(param)}` : `#/${id}`;
}
