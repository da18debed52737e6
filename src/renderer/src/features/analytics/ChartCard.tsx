import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Box from '@mui/material/Box';
import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { ActiveElement, ChartEvent } from 'chart.js';
import { Bar, Doughnut } from 'react-chartjs-2';
import { formatCount } from '../../lib/format';
import type { AnyChartSpec } from './charts';
import { drillAt, drillLinks, inboxHref } from './charts';

ChartJS.register(ArcElement, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Opens the inbox filtered to the clicked element's figure, when it has one. */
function onClickFor(spec: AnyChartSpec) {
  return (_: ChartEvent, elements: ActiveElement[]) => {
    const el = elements[0];
    if (!el) return;
    const filter = drillAt(spec, el.datasetIndex, el.index);
    if (filter) window.location.hash = inboxHref(filter);
  };
}

function onHoverFor(spec: AnyChartSpec) {
  return (event: ChartEvent, elements: ActiveElement[]) => {
    const target = event.native?.target;
    if (!(target instanceof HTMLElement)) return;
    const el = elements[0];
    target.style.cursor = el && drillAt(spec, el.datasetIndex, el.index) ? 'pointer' : 'default';
  };
}

/** One dashboard figure: its chart (bars and slices drill down) and its drill-down links. */
export function ChartCard({ spec, height = 260 }: { spec: AnyChartSpec; height?: number }) {
  const links = drillLinks(spec);
  const empty =
    spec.empty ??
    spec.data.datasets.every((ds) => (ds.data as unknown[]).every((v) => v === null || v === 0));
  const handlers = { onClick: onClickFor(spec), onHover: onHoverFor(spec) };
  return (
    <Card data-testid={`chart-${spec.id}`} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2">
          {spec.title}
        </Typography>
        {spec.caption ? (
          <Typography variant="body2" color="text.secondary">
            {spec.caption}
          </Typography>
        ) : null}
        <Box sx={{ position: 'relative', height, mt: 1 }}>
          {empty ? (
            <Typography
              variant="body2"
              color="text.secondary"
              sx={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }}
            >
              Nothing to show yet.
            </Typography>
          ) : spec.type === 'doughnut' ? (
            <Doughnut
              data={spec.data}
              options={{ ...spec.options, ...handlers }}
              aria-label={spec.title}
              role="img"
            />
          ) : (
            <Bar
              data={spec.data}
              options={{ ...spec.options, ...handlers }}
              aria-label={spec.title}
              role="img"
            />
          )}
        </Box>
        {links.length ? (
          <Stack
            direction="row"
            component="nav"
            aria-label={`${spec.title}: open in the inbox`}
            sx={{ flexWrap: 'wrap', columnGap: 1.5, rowGap: 0.25, mt: 1 }}
          >
            {links.map((l) => (
              <Link
                key={l.label}
                href={inboxHref(l.filter)}
                variant="body2"
                data-testid="drill-link"
                underline="hover"
              >
                {l.label} ({formatCount(l.count)})
              </Link>
            ))}
          </Stack>
        ) : null}
      </CardContent>
    </Card>
  );
}
