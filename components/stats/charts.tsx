'use client';
// The stats page's charts (chart.js): a monthly trend and horizontal bars. Loaded lazily by
// lazy-charts.tsx, so no other page ships chart.js; each chart has a visible table beside it.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
} from 'chart.js';
import { Bar, Chart } from 'react-chartjs-2';

ChartJS.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
ChartJS.defaults.font.family = "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
ChartJS.defaults.color = '#44403c';

export type TrendPoint = {
  name: string;
  received: number;
  resolved: number;
  /** Percentages 0–100, or null for a month with nothing to measure (a gap, not a zero). */
  response: number | null;
  resolution: number | null;
  satisfaction: number | null;
};

const percentTick = (v: number | string) => `${v}%`;

/** No animation for people who asked their system for less motion. */
const animation = () => (window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : undefined);

/** Received and resolved as bars (left axis), the three rates as lines told apart by dash and marker too (right axis). */
export function TrendChart({ points, summary }: { points: TrendPoint[]; summary: string }) {
  const data: ChartData<'bar' | 'line', (number | null)[], string> = {
    labels: points.map((p) => p.name),
    datasets: [
      { type: 'bar', label: '收到件数', data: points.map((p) => p.received), backgroundColor: '#a8a29e', yAxisID: 'count', order: 2 },
      { type: 'bar', label: '已解决件数', data: points.map((p) => p.resolved), backgroundColor: '#15803d', yAxisID: 'count', order: 2 },
      {
        type: 'line',
        label: '响应率',
        data: points.map((p) => p.response),
        borderColor: '#1d4ed8',
        backgroundColor: '#1d4ed8',
        pointStyle: 'circle',
        pointRadius: 4,
        yAxisID: 'rate',
        order: 1,
      },
      {
        type: 'line',
        label: '解决率',
        data: points.map((p) => p.resolution),
        borderColor: '#9a3412',
        backgroundColor: '#9a3412',
        borderDash: [6, 4],
        pointStyle: 'triangle',
        pointRadius: 5,
        yAxisID: 'rate',
        order: 1,
      },
      {
        type: 'line',
        label: '满意率',
        data: points.map((p) => p.satisfaction),
        borderColor: '#7e22ce',
        backgroundColor: '#7e22ce',
        borderDash: [2, 3],
        pointStyle: 'rect',
        pointRadius: 4,
        yAxisID: 'rate',
        order: 1,
      },
    ],
  };
  const options: ChartOptions<'bar' | 'line'> = {
    animation: animation(),
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
    scales: {
      count: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: '件数' } },
      rate: { type: 'linear', position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, ticks: { callback: percentTick }, title: { display: true, text: '比率' } },
    },
  };
  return (
    <div className="relative h-72 sm:h-80">
      <Chart type="bar" data={data} options={options} role="img" aria-label={summary} />
    </div>
  );
}

/** Horizontal bars of one count per row (by category, by source). */
export function CountBars({ rows, label, summary }: { rows: { name: string; value: number }[]; label: string; summary: string }) {
  const data: ChartData<'bar', number[], string> = {
    labels: rows.map((r) => r.name),
    datasets: [{ label, data: rows.map((r) => r.value), backgroundColor: '#c2410c' }],
  };
  const options: ChartOptions<'bar'> = {
    animation: animation(),
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { display: false } },
    scales: { x: { beginAtZero: true, title: { display: true, text: label } } },
  };
  return (
    <div className="relative" style={{ height: `${Math.max(160, rows.length * 28 + 60)}px` }}>
      <Bar data={data} options={options} role="img" aria-label={summary} />
    </div>
  );
}
