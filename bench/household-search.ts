// `npx tsx bench/household-search.ts`: household search by name, phone or room on the demo community, as a grid worker, a secretary and the administrator; prints p50/p95 (target p95 < 50 ms).
// Calls the search the pages call (lib/org/search.ts) on a fresh demo database, so it measures the query, not the network.
import { asc, eq, isNotNull, like } from 'drizzle-orm';
import { accounts, households, persons } from '../db/schema';
import { openTestDatabase } from '../db/testing';
import { loadUser } from '../lib/auth/load-user';
import { searchHouseholds } from '../lib/org/search';
import { ms, printTable, type Row } from './table';
import { percentile } from './http';

const N = Number(process.env.BENCH_N ?? 200);
const TARGET_P95 = 50;

const { db, close } = openTestDatabase({ demo: true });
async function main() {
  const userOf = async (username: string) => (await loadUser(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id))!;
  const wg01 = await userOf('wg01');
  const inGrid = like(households.nodePath, `${wg01.scopeNodes[0]!.path}%`);
  // Terms drawn from the data, so most searches find something, as a worker's would.
  const people = db.select({ name: persons.name, phone: persons.phone }).from(persons).innerJoin(households, eq(households.id, persons.householdId)).where(isNotNull(persons.phone)).orderBy(asc(persons.id)).all();
  const gridPeople = db.select({ name: persons.name, phone: persons.phone }).from(persons).innerJoin(households, eq(households.id, persons.householdId)).where(inGrid).all();
  const rooms = db.select({ unit: households.unit, room: households.room, address: households.address }).from(households).where(inGrid).all();
  const pick = <T>(list: readonly T[], i: number) => list[(i * 7919) % list.length]!;

  const kinds: Record<string, (i: number, own: boolean) => string> = {
    'full name': (i, own) => pick(own ? gridPeople : people, i).name,
    'surname + one character': (i, own) => pick(own ? gridPeople : people, i).name.slice(0, 2),
    'phone (11 digits)': (i, own) => pick((own ? gridPeople : people).filter((p) => p.phone), i).phone!,
    'phone (last 4)': (i, own) => pick((own ? gridPeople : people).filter((p) => p.phone), i).phone!.slice(-4),
    'room (301)': (i) => pick(rooms, i).room ?? '101',
    'building + room (3号楼 301)': (i) => pick(rooms, i).address.split(' ').filter((w) => w.endsWith('号楼') || /^\d+$/.test(w)).join(' ') || '1号楼 101',
    'no match': (i) => `查无此人${i}`,
  };
  const rows: Row[] = [];
  const all: number[] = [];
  for (const [who, user] of [['wg01 (grid worker)', wg01], ['shuji (community secretary)', await userOf('shuji')], ['admin (county)', await userOf('admin')]] as const) {
    for (const [kind, term] of Object.entries(kinds)) {
      const own = user === wg01;
      for (let i = 0; i < 5; i++) await searchHouseholds(db, user.scope, term(i, own)); // warm-up
      const samples: number[] = [];
      let hits = 0;
      for (let i = 0; i < N; i++) {
        const q = term(i, own);
        const started = performance.now();
        hits += (await searchHouseholds(db, user.scope, q)).length;
        samples.push(performance.now() - started);
      }
      all.push(...samples);
      const p95 = percentile(samples, 95);
      rows.push({ cells: [`${who}: ${kind}`, String(N), (hits / N).toFixed(1), ms(percentile(samples, 50)), ms(p95), ms(Math.max(...samples)), `p95 < ${TARGET_P95} ms`], ok: p95 < TARGET_P95 });
    }
  }
  printTable(['household search', 'runs', 'hits', 'p50', 'p95', 'max', 'target'], rows);
  console.log(`\nall searches: p50 ${ms(percentile(all, 50))}, p95 ${ms(percentile(all, 95))} (${all.length} runs)`);
  process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

main().finally(close);
