'use client';
// Loads chart.js only when a chart is on screen to draw, after the page itself (tables, figures) has rendered.
import dynamic from 'next/dynamic';

function ChartPlaceholder() {
  return <div className="h-72 animate-pulse rounded-lg bg-stone-100 sm:h-80" aria-hidden="true" />;
}

export const TrendChart = dynamic(() => import('./charts').then((m) => m.TrendChart), { ssr: false, loading: ChartPlaceholder });
export const CountBars = dynamic(() => import('./charts').then((m) => m.CountBars), { ssr: false, loading: ChartPlaceholder });
