// The demo's 大党委: ten units' resources, ~35 projects in every state whose timelines agree with their status, and
// the same rows for the same seed and clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asc } from 'drizzle-orm';
import * as s from '../schema';
import { openTestDatabase } from '../testing';
import { seedDemoCoBuilding } from './co-building';

const NOW = new Date('2026-11-01T09:00:00+08:00');

function seeded() {
  const t = openTestDatabase({ demo: true, cases: 400 });
  const summary = seedDemoCoBuilding(t.db, { now: NOW });
  return { ...t, summary };
}

describe('the demo 大党委', () => {
  it('ten units offer resources; ~35 projects in every state; timelines end in the project’s status; requests are gathered', () => {
    const { db, summary, close } = seeded();
    try {
      assert.equal(new Set(db.select().from(s.unitResources).all().map((r) => r.unitId)).size, 10);
      assert.equal(summary.projects, 35);
      for (const status of s.PROJECT_STATUSES) assert.ok(summary.byStatus[status] > 0, `some ${status}`);
      assert.ok(summary.byStatus.done > summary.byStatus.shelved);
      assert.equal(summary.meetings, 4);
      assert.ok(summary.gatheredRequests > 0);
      const updates = db.select().from(s.projectUpdates).orderBy(asc(s.projectUpdates.id)).all();
      for (const p of db.select().from(s.coProjects).all()) {
        const own = updates.filter((u) => u.projectId === p.id);
        assert.equal(own[0]!.step, 'create');
        assert.equal(own.at(-1)!.toStatus, p.status, `project ${p.id}'s last step leads to its status`);
        assert.equal(p.version, own.length - 1);
        assert.equal(p.status === 'done', own.some((u) => u.step === 'confirm'), 'done exactly when confirmed');
        for (let i = 1; i < own.length; i++) assert.ok(own[i]!.at >= own[i - 1]!.at && own[i]!.at.getTime() <= NOW.getTime(), 'in time order, not in the future');
      }
    } finally {
      close();
    }
  });

  it('is deterministic for a seed and a clock', () => {
    const a = seeded();
    const b = seeded();
    try {
      const rows = (db: typeof a.db) => JSON.stringify([db.select().from(s.coProjects).orderBy(asc(s.coProjects.id)).all(), db.select().from(s.needCases).all(), db.select().from(s.meetingUnits).all()]);
      assert.equal(rows(a.db), rows(b.db));
    } finally {
      a.close();
      b.close();
    }
  });
});
