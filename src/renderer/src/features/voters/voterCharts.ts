import type { SentimentPoint } from '../../../../shared/model';
import type { ChartSpec } from '../analytics/charts';

const POSITIVE = '#2e7d32';
const NEGATIVE = '#d32f2f';
const NEUTRAL = '#757575';

/** How far from zero a score must be to count as positive or negative in colour. */
const NEUTRAL_BAND = 0.1;

/**
 * A voter's sentiment over their messages, oldest first: one bar per analysed message, from −1
 * to 1, green above the neutral band, red below it. Plain data, unit-tested in node.
 */
export function sentimentHistoryChart(history: SentimentPoint[]): ChartSpec<'bar'> {
  const points = [...history].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const average = points.length ? points.reduce((x, p) => x + p.score, 0) / points.length : null;
  return {
    id: 'voter-sentiment',
    title: 'Sentiment history',
    caption:
      average === null
        ? 'No message analysed yet.'
        : `${points.length} analysed message${points.length === 1 ? '' : 's'}, average ${average.toFixed(2)} (−1 to 1).`,
    type: 'bar',
    data: {
      labels: points.map((p) => p.date.slice(0, 16).replace('T', ' ')),
      datasets: [
        {
          label: 'Sentiment score',
          data: points.map((p) => p.score),
          backgroundColor: points.map((p) =>
            p.score > NEUTRAL_BAND ? POSITIVE : p.score < -NEUTRAL_BAND ? NEGATIVE : NEUTRAL,
          ),
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { x: { ticks: { maxTicksLimit: 8 } }, y: { min: -1, max: 1 } },
    },
    drill: [points.map(() => null)],
    // A neutral score of 0 is a point, not an empty chart.
    empty: points.length === 0,
  };
}
