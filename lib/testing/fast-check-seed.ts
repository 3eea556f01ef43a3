// One seed for every property test: the suite must pass every time, so the random cases are the
// same on every run unless someone asks for new ones (FAST_CHECK_SEED=<n>, printed on failure).
import fc from 'fast-check';

export const PROPERTY_SEED = Number.isInteger(Number(process.env.FAST_CHECK_SEED)) && process.env.FAST_CHECK_SEED ? Number(process.env.FAST_CHECK_SEED) : 20_261_202;

fc.configureGlobal({ seed: PROPERTY_SEED });
