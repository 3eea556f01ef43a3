// Where the statistics come from: computeStats reads the aggregates (./aggregates.ts), computeStatsDirect reads every case (./direct.ts); both give the same figures.
export { computeStats } from './aggregates';
export { computeStatsDirect } from './direct';
export { rate } from './tally';
