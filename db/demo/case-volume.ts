// When, where and through which channel the demo year's requests arrive: seasons, weekdays, holidays, compounds.
import type { CaseSource } from '../schema';
import type { BuildingStyle } from './catalog';
import { chinaMidnight, chinaParts, DAY, HOUR, MINUTE } from './case-clock';
import type { Random } from './random';

/** Who typed the request in: the grid worker (or a party member), the resident, the 12345 platform, the secretary. */
export type Channel = 'staff' | 'resident' | 'integration' | 'secretary';

export interface Arrival {
  at: number;
  gridIndex: number;
  category: string;
  source: CaseSource;
  channel: Channel;
}

export interface VolumeGrid {
  households: number;
  style: BuildingStyle | 'rural';
  /** When the compound got its charging piles;飞线充电 complaints fall after that. */
  pilesFrom: number | null;
  /** The compound where flying-line charging was a 顽疾 (龙盛华庭) before its 52 piles. */
  chargingHotspot: boolean;
}

/** Share of the year's requests per category code, before seasons and compounds. */
const SHARES: Record<string, number> = {
  charging: 8,
  parking: 9,
  street_light: 7,
  drainage: 8,
  access_gate: 5,
  lift: 5,
  greening: 5,
  sanitation: 11,
  elderly_care: 7,
  micro_wish: 6,
  dispute: 7,
  safety: 6,
  policy: 10,
  employment: 3,
  other: 3,
};

/** Month multipliers, January first; interpolated between mid-months. */
const SEASONS: Record<string, readonly number[]> = {
  charging: [0.7, 0.6, 0.8, 1.0, 1.2, 1.5, 1.7, 1.7, 1.4, 1.0, 0.8, 0.7],
  drainage: [0.5, 0.5, 0.7, 0.8, 1.0, 1.4, 2.6, 2.8, 1.6, 0.9, 0.6, 0.6],
  street_light: [1.4, 1.3, 1.0, 0.9, 0.8, 0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.5],
  greening: [0.2, 0.3, 1.0, 1.5, 1.7, 1.6, 1.4, 1.3, 1.2, 1.0, 0.5, 0.2],
  sanitation: [1.1, 1.5, 1.0, 1.0, 1.0, 1.1, 1.3, 1.3, 1.0, 1.0, 0.9, 1.0],
  elderly_care: [1.4, 1.5, 1.0, 0.9, 0.8, 0.9, 1.2, 1.2, 0.9, 1.0, 1.2, 1.4],
  micro_wish: [1.3, 1.9, 0.9, 0.8, 1.0, 1.4, 1.0, 1.0, 1.4, 1.2, 0.8, 1.0],
  dispute: [0.9, 1.2, 0.9, 0.9, 1.0, 1.1, 1.3, 1.3, 1.0, 0.9, 0.8, 0.9],
  safety: [1.5, 1.4, 1.0, 0.9, 0.9, 1.0, 1.1, 1.0, 0.9, 1.0, 1.3, 1.5],
  policy: [1.3, 0.8, 1.1, 1.1, 0.9, 0.9, 0.9, 0.9, 1.2, 1.3, 1.4, 1.4],
  employment: [0.8, 1.6, 1.9, 1.2, 0.9, 0.9, 1.1, 0.9, 0.8, 0.8, 0.7, 0.7],
  parking: [1.2, 1.4, 1.0, 0.9, 0.9, 0.9, 1.0, 1.0, 1.0, 1.2, 1.0, 1.1],
  lift: [1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.2, 1.2, 1.0, 1.0, 1.0, 1.0],
};

/** Old walk-ups have no lifts and more drains and clutter; high-rises more lifts and cars; the village lanes their own. */
const STYLE_MODIFIERS: Record<VolumeGrid['style'], Record<string, number>> = {
  walkup: { lift: 0, sanitation: 1.3, drainage: 1.3, safety: 1.3, access_gate: 1.2, elderly_care: 1.4, micro_wish: 1.2, parking: 0.8 },
  midrise: { lift: 0.7 },
  highrise: { lift: 1.6, parking: 1.3, charging: 1.1, elderly_care: 0.8 },
  rural: { lift: 0, access_gate: 0.1, drainage: 2, street_light: 1.3, sanitation: 1.2, employment: 2.5, elderly_care: 1.3, parking: 0.5, charging: 0.6, dispute: 1.2 },
};

/** 来源渠道 per category: [wish_box, door_knock, patrol, council, hotline_12345, case_reflow, online, other]. */
const SOURCE_MIX: Record<string, readonly number[]> = {
  charging: [7, 10, 35, 10, 8, 0, 25, 5],
  parking: [5, 5, 20, 15, 20, 0, 30, 5],
  street_light: [5, 5, 35, 5, 15, 0, 35, 0],
  drainage: [5, 10, 20, 5, 25, 0, 35, 0],
  access_gate: [10, 15, 10, 15, 10, 0, 40, 0],
  lift: [5, 10, 5, 5, 30, 0, 45, 0],
  greening: [10, 10, 30, 15, 5, 0, 30, 0],
  sanitation: [5, 5, 40, 5, 15, 0, 30, 0],
  elderly_care: [20, 45, 10, 0, 5, 0, 15, 5],
  micro_wish: [65, 25, 0, 0, 0, 0, 10, 0],
  dispute: [0, 20, 5, 10, 15, 30, 20, 0],
  safety: [0, 15, 40, 0, 15, 10, 20, 0],
  policy: [10, 25, 0, 5, 25, 0, 35, 0],
  employment: [15, 30, 0, 15, 10, 0, 30, 0],
  other: [15, 10, 0, 15, 0, 0, 50, 10],
};
const SOURCES: readonly CaseSource[] = ['wish_box', 'door_knock', 'patrol', 'council', 'hotline_12345', 'case_reflow', 'online', 'other'];

/** 春节 (初一) by year; the week around it is quiet except for wishes and rubbish. */
const SPRING_FESTIVAL: Record<number, string> = { 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26' };

function seasonal(code: string, month: number, day: number): number {
  const values = SEASONS[code];
  if (!values) return 1;
  const position = month - 1 + (day - 15) / 30;
  const lo = Math.floor(position);
  const frac = position - lo;
  const at = (i: number) => values[((i % 12) + 12) % 12] as number;
  return at(lo) * (1 - frac) + at(lo + 1) * frac;
}

function dayFactor(t: number, code: string): number {
  const { year, month, day, weekday } = chinaParts(t);
  let f = weekday === 1 ? 1.15 : weekday === 6 ? 0.8 : weekday === 0 ? 0.75 : 1;
  const festival = SPRING_FESTIVAL[year];
  if (festival) {
    const offset = (t - Date.parse(`${festival}T00:00:00+08:00`)) / DAY;
    if (offset >= -2 && offset < 7 && code !== 'micro_wish' && code !== 'sanitation') f *= 0.55;
  }
  if (month === 10 && day <= 7) f *= 0.75;
  return f;
}

function chargingFactor(grid: VolumeGrid, t: number): number {
  if (grid.pilesFrom === null || t < grid.pilesFrom) return grid.chargingHotspot ? 3 : 1;
  return 0.35;
}

/** Arrivals in time order, a month at a time: every arrival still to come is at or after `until`. */
export interface ArrivalBatch {
  arrivals: Arrival[];
  until: number;
}

/**
 * Draws about `count` arrivals over the `days` days before `now` (365 for the demo year): a daily
 * total from the summed weights (with random rounding), then each arrival's grid and category by weight.
 */
export function planArrivals(rng: Random, grids: readonly VolumeGrid[], now: number, count: number, days = 365): Arrival[] {
  const out: Arrival[] = [];
  for (const batch of streamArrivals(rng, grids, now, count, days)) out.push(...batch.arrivals);
  return out;
}

/**
 * planArrivals in monthly batches, so a county's three years never sit in memory at once. The
 * draws are the same: a day's weights are computed twice (once for the totals, once to draw)
 * rather than kept, and a draw finds its cell by binary search over the running sums.
 */
export function* streamArrivals(rng: Random, grids: readonly VolumeGrid[], now: number, count: number, days = 365): Generator<ArrivalBatch> {
  const start = now - days * DAY;
  const firstDay = chinaMidnight(start);
  const span = days * DAY;
  const codes = Object.keys(SHARES);
  const styles = grids.map((g) => codes.map((code) => STYLE_MODIFIERS[g.style][code] ?? 1));
  const cellCount = grids.length * codes.length;
  const sums = new Float64Array(cellCount);
  const cellGrid = new Int32Array(cellCount);
  const cellCode = new Int32Array(cellCount);

  /** Fills the day's positive weights in grid-major, category-minor order; returns how many and their total. */
  const weigh = (midnight: number): { n: number; total: number } => {
    const { month, day } = chinaParts(midnight);
    const progress = (midnight - firstDay) / span;
    // The platform caught on over the years: more requests, and more of them online.
    const adoption = 0.8 + 0.35 * progress;
    const base = codes.map((code) => (SHARES[code] as number) * seasonal(code, month, day));
    const daily = codes.map((code) => dayFactor(midnight, code));
    let n = 0;
    let total = 0;
    for (let g = 0; g < grids.length; g++) {
      const grid = grids[g] as VolumeGrid;
      const style = styles[g] as number[];
      for (let c = 0; c < codes.length; c++) {
        const charging = codes[c] === 'charging' ? chargingFactor(grid, midnight) : 1;
        const w = (base[c] as number) * (style[c] as number) * charging * grid.households * (daily[c] as number) * adoption;
        if (w > 0) {
          total += w;
          sums[n] = total;
          cellGrid[n] = g;
          cellCode[n] = c;
          n++;
        }
      }
    }
    return { n, total };
  };

  const totals: number[] = [];
  let grand = 0;
  for (let midnight = firstDay; midnight <= now; midnight += DAY) {
    const { total } = weigh(midnight);
    totals.push(total);
    grand += total;
  }

  let pending: Arrival[] = [];
  /** Arrivals before `until`, in time order (stable: equal times keep the order they were drawn in). */
  const flush = (until: number): Arrival[] => {
    const due = pending.filter((a) => a.at < until);
    pending = pending.filter((a) => a.at >= until);
    return due.sort((a, b) => a.at - b.at);
  };

  let dayIndex = 0;
  for (let midnight = firstDay; midnight <= now; midnight += DAY, dayIndex++) {
    // Whatever is drawn from a month's first day on lands on or after it (a 案件回流 goes back to
    // the first of its month at most), so everything before it is final.
    if (chinaParts(midnight).day === 1 && pending.length > 0) yield { arrivals: flush(midnight), until: midnight };
    const { n: cells, total } = weigh(midnight);
    const expected = ((totals[dayIndex] as number) / grand) * count;
    const n = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
    const progress = (midnight - firstDay) / span;
    for (let i = 0; i < n; i++) {
      const cell = pickCell(rng, sums, cells, total);
      const gridIndex = cellGrid[cell] as number;
      const category = codes[cellCode[cell] as number] as string;
      const mix = SOURCE_MIX[category] as readonly number[];
      const source = rng.weighted(SOURCES.map((s, k) => [s, (mix[k] ?? 0) * (s === 'online' ? 0.6 + 0.8 * progress : 1)] as const));
      const channel = channelOf(rng, source);
      const at = arrivalTime(rng, midnight, source, channel);
      if (at > start && at <= now) pending.push({ at, gridIndex, category, source, channel });
    }
  }
  yield { arrivals: flush(Infinity), until: Infinity };
}

/** Random.weighted over the day's cells, by binary search on the running sums (one draw, as weighted makes). */
function pickCell(rng: Random, sums: Float64Array, n: number, total: number): number {
  const r = rng.next() * total;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sums[mid] as number) > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function channelOf(rng: Random, source: CaseSource): Channel {
  switch (source) {
    case 'online':
      return 'resident';
    // Slips are typed in by the grid worker, or the resident scans the box's QR code.
    case 'wish_box':
      return rng.chance(0.55) ? 'staff' : 'resident';
    case 'hotline_12345':
      return 'integration';
    case 'case_reflow':
      return 'secretary';
    default:
      return 'staff';
  }
}

const RESIDENT_HOURS: readonly (readonly [number, number])[] = [
  [0, 0.3], [1, 0.1], [2, 0.1], [3, 0.1], [4, 0.1], [5, 0.3], [6, 1], [7, 2], [8, 5], [9, 9], [10, 10], [11, 8],
  [12, 4], [13, 3], [14, 6], [15, 8], [16, 8], [17, 6], [18, 5], [19, 6], [20, 7], [21, 5], [22, 3], [23, 1],
];
const WORK_HOURS: readonly (readonly [number, number])[] = [
  [8, 5], [9, 10], [10, 10], [11, 6], [12, 1], [13, 1], [14, 6], [15, 9], [16, 8], [17, 4], [18, 1],
];

function arrivalTime(rng: Random, midnight: number, source: CaseSource, channel: Channel): number {
  const minute = rng.int(0, 59) * MINUTE;
  if (channel === 'resident') return midnight + rng.weighted(RESIDENT_HOURS) * HOUR + minute;
  if (source === 'council') {
    // 议事 happens in the evening (夜话) or on a weekday morning.
    return midnight + (rng.chance(0.5) ? rng.int(19, 20) : rng.int(9, 10)) * HOUR + minute;
  }
  if (source === 'case_reflow') {
    // 案件回流: pushed down once a month, logged by the secretary in the first working days.
    const { day } = chinaParts(midnight);
    const firstOfMonth = midnight - (day - 1) * DAY;
    return firstOfMonth + rng.int(0, 3) * DAY + rng.int(9, 11) * HOUR + minute;
  }
  if (source === 'wish_box' && channel === 'staff') {
    // The box is opened on Monday and Thursday mornings; slips wait for the next opening.
    const weekday = chinaParts(midnight).weekday;
    const wait = [1, 0, 2, 1, 0, 3, 2][weekday] as number;
    return midnight + wait * DAY + rng.int(9, 10) * HOUR + minute;
  }
  if (source === 'hotline_12345') return midnight + rng.int(8, 17) * HOUR + rng.int(0, 59) * MINUTE;
  return midnight + rng.weighted(WORK_HOURS) * HOUR + minute;
}
