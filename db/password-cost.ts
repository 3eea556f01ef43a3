// bcrypt's cost factor for new password hashes: 10, about 100 ms of one core per check on a small server, the price
// of a guess. Test runs lower it with YINGHUO_PASSWORD_COST (scripts/test-all.ts, the unit runners and Playwright's
// server set 4), as Django's test settings swap in a fast hasher: the suite signs in hundreds of times and the same
// code paths run, only with fewer rounds. A check costs what the stored hash says, so this changes nothing for
// hashes already stored. Here in db/ so that the demo generator and lib/auth share it.
const DEFAULT_COST = 10;

export function passwordCost(): number {
  const raw = process.env.YINGHUO_PASSWORD_COST;
  if (raw === undefined || raw === '') return DEFAULT_COST;
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < 4 || cost > 15) throw new Error(`YINGHUO_PASSWORD_COST must be a whole number from 4 to 15, not "${raw}"`);
  return cost;
}
