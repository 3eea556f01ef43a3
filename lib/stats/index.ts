// The statistics module's public face: computeStats, its return type, the definitions it implements and how figures are written.
export { computeStats, computeStatsDirect, rate } from './compute';
export { FIGURE_DEFINITIONS, RATE_DEFINITIONS, type FigureKey, type RateDefinition, type RateKey } from './definitions';
export { formatCount, formatFraction, formatHours, formatRate } from './format';
export type { AreaRow, CategoryRow, Figures, GridRow, HandlerListing, MonthRow, Percentiles, Rate, SourceRow, Stats, StatsPeriod, WorkerRow } from './types';
