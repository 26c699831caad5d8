import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import type { ReactNode } from 'react';
import { Bar } from 'react-chartjs-2';

// Only what the console's bar charts use.
ChartJS.register(BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/**
 * Series colours: each at least 3:1 against white (WCAG 1.4.11), told apart also by the legend's words, the
 * border style and, above all, by the table of the same numbers beside every chart.
 */
const COLOURS = ['#0b57a4', '#b35900', '#1e6b32', '#6a3d9a', '#b3261e', '#2f4f4f'];

export interface BarSeries {
  label: string;
  values: (number | null)[];
}

/**
 * A bar chart whose canvas is an image with a text summary (role="img" + aria-label); the numbers themselves must
 * be in an accessible table next to it (see ChartWithTable).
 */
export function BarChart(props: {
  labels: string[];
  series: BarSeries[];
  summary: string;
  yTitle: string;
  stacked?: boolean;
  fallback?: ReactNode;
}) {
  return (
    <div className="chart-canvas">
      <Bar
        role="img"
        aria-label={props.summary}
        fallbackContent={props.fallback}
        data={{
          labels: props.labels,
          datasets: props.series.map((series, index) => ({
            label: series.label,
            data: series.values,
            backgroundColor: COLOURS[index % COLOURS.length],
            borderColor: '#1a1a1a',
            borderWidth: index % 2 === 0 ? 0 : 2,
            stack: props.stacked ? 'stack' : undefined,
          })),
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { position: 'bottom', labels: { color: '#1a1a1a' } } },
          scales: {
            x: { stacked: props.stacked, ticks: { color: '#1a1a1a' } },
            y: {
              stacked: props.stacked,
              beginAtZero: true,
              ticks: { color: '#1a1a1a' },
              title: { display: true, text: props.yTitle, color: '#1a1a1a' },
            },
          },
        }}
      />
    </div>
  );
}

/**
 * A chart and the table with its numbers side by side (stacked on narrow screens). The table's box scrolls
 * sideways when it is wider than the screen, so it can be focused and scrolled with the keyboard.
 */
export function ChartWithTable({ chart, table, label }: { chart: ReactNode; table: ReactNode; label: string }) {
  return (
    <div className="chart-with-table">
      <div className="chart-side">{chart}</div>
      <div className="table-side console-table-wrap" role="region" aria-label={label} tabIndex={0}>
        {table}
      </div>
    </div>
  );
}
