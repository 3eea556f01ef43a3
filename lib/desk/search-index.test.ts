// The night's merge of the search index (lib/desk/search-index.ts): on SQLite the segments that creates one at a time
// leave become one, and every search finds exactly the cases it found before; on PostgreSQL there is nothing to merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { rawRows } from '@/db/dialect';
import { ENGINE } from '@/db/engine';
import { registerTestStore } from '@/db/store-testing';
import { accounts, cases } from '@/db/tables';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase } from '@/lib/cases/commands';
import { atNight } from '@/lib/jobs/scheduler';
import { optimizeSearchIndex } from './search-index';
import { caseTextMatch } from './text-search';

const storeFor = registerTestStore({ demo: true });

const WORDS = ['楼道灯不亮', '垃圾桶满了', '充电桩损坏', '下水道堵塞', '路灯闪烁'];

test(`the night's merge leaves one segment and every search finds what it found before (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const [worker] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01'));
  const user = (await loadUser(store.db, worker!.id))!;
  const grid = user.scopeNodes.find((n) => n.kind === 'grid')!;
  const actor = actorFromUser(user);
  // One at a time, as grid workers log them: each create's words are a segment of their own until merged.
  for (let i = 0; i < 40; i++) {
    const made = await createCase(store, actor, { description: `${WORDS[i % WORDS.length]}，第 ${i} 次反映`, source: 'patrol', nodeId: grid.id, urgency: 'normal' }, []);
    assert.ok(made.ok, made.ok ? '' : made.message);
  }
  const found = async (q: string) => (await store.db.select({ id: cases.id }).from(cases).where(caseTextMatch(q)).orderBy(cases.id)).map((r) => r.id);
  const queries = [...WORDS, '路灯', '第 3', '反映'];
  const before = await Promise.all(queries.map(found));
  for (const [i, ids] of before.entries()) assert.ok(ids.length > 0, `${queries[i]} finds the new cases`);

  const merge = await optimizeSearchIndex(store);
  if (store.engine === 'pg') {
    assert.equal(merge, null);
    return;
  }
  const segments = async () => Number((await rawRows<{ n: number }>(store.db, sql`select count(distinct segid) as n from cases_fts_idx`, 'sqlite'))[0]!.n);
  assert.ok(merge && merge.merged && merge.segments > 1, `merged: ${JSON.stringify(merge)}`);
  assert.equal(await segments(), 1);
  assert.deepEqual(await Promise.all(queries.map(found)), before);
  // The index is sound (FTS5 checks it against its content and throws otherwise).
  await store.write(async (tx) => void (await tx.run(sql`insert into cases_fts (cases_fts, rank) values ('integrity-check', 1)`)));
  // Merged already: a second night finds one segment and leaves it.
  assert.deepEqual(await optimizeSearchIndex(store), { segments: 1, merged: false });
  // A create after the merge is found at once.
  const late = await createCase(store, actor, { description: '井盖松动，夜间有响声', source: 'patrol', nodeId: grid.id, urgency: 'normal' }, []);
  assert.ok(late.ok);
  assert.equal((await found('井盖松动')).length, 1);
});

test('the night window is 02:00 to 05:00 China time', () => {
  // China time is UTC+8: 02:00 there is 18:00 UTC the day before.
  assert.equal(atNight(new Date('2026-12-05T17:59:59Z')), false);
  assert.equal(atNight(new Date('2026-12-05T18:00:00Z')), true);
  assert.equal(atNight(new Date('2026-12-05T20:59:59Z')), true);
  assert.equal(atNight(new Date('2026-12-05T21:00:00Z')), false);
  assert.equal(atNight(new Date('2026-12-06T04:00:00Z')), false);
});
