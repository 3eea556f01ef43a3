// API tokens on the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { apiTokens, auditLog, orgNodes } from '@/db/tables';
import { loadUser } from '@/lib/auth/load-user';
import { moveNode } from '@/lib/registry/nodes';
import { authenticateToken, createApiToken, listApiTokens, revokeApiToken, TOKEN_CACHE_MS, tokenScopeOptions } from './tokens';

const storeFor = registerTestStore({ demo: true });

describe('API tokens', () => {
  const LONGHU_COMMUNITY = 3;
  const LONGSHENG_GRID = 5;
  const admin = async (store: Store) => (await loadUser(store.db, 1))!;
  const tokenRow = async (store: Store, id: number) => (await store.db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1))[0]!;
  const run = (name: string, fn: (store: Store) => Promise<void>) =>
    it(name, async (t: TestContext) => {
      const store = storeFor(t);
      if (store) await fn(store);
    });

  run('issues a secret shown once and keeps only its hash and a short prefix', async (store) => {
    const result = await createApiToken(store, await admin(store), { name: '12345 热线平台', nodeId: LONGHU_COMMUNITY });
    assert.ok(result.ok);
    assert.match(result.secret, /^yh_[A-Za-z0-9_-]{43}$/);
    const row = await tokenRow(store, result.id);
    assert.notEqual(row.tokenHash, result.secret);
    assert.ok(!row.tokenHash.includes(result.secret.slice(3, 20)));
    assert.equal(row.tokenPrefix, result.secret.slice(0, 10));
    assert.equal(row.nodePath, '/1/2/3/');
  });

  run('turns a presented token into an integration actor scoped to its node', async (store) => {
    const created = await createApiToken(store, await admin(store), { name: '网格对接', nodeId: LONGSHENG_GRID });
    assert.ok(created.ok);
    const actor = await authenticateToken(store, created.secret);
    assert.deepEqual(actor, { kind: 'integration', id: created.id, name: '网格对接', scope: { paths: ['/1/2/3/5/'] } });
  });

  run('refuses unknown, malformed and revoked tokens', async (store) => {
    const created = await createApiToken(store, await admin(store), { name: '将被吊销', nodeId: LONGHU_COMMUNITY });
    assert.ok(created.ok);
    assert.equal(await authenticateToken(store, `yh_${'A'.repeat(43)}`), null);
    assert.equal(await authenticateToken(store, 'not a token'), null);
    assert.equal(await authenticateToken(store, `${created.secret}x`), null);
    assert.deepEqual(await revokeApiToken(store, await admin(store), created.id), { ok: true });
    assert.equal(await authenticateToken(store, created.secret), null);
    assert.deepEqual(await revokeApiToken(store, await admin(store), created.id), { ok: true }, 'revoking twice is harmless');
    assert.equal((await revokeApiToken(store, await admin(store), 99_999)).ok, false);
  });

  run('refuses a revoked token on the next request, although it was accepted a moment before', async (store) => {
    const created = await createApiToken(store, await admin(store), { name: '刚用过就吊销', nodeId: LONGHU_COMMUNITY });
    assert.ok(created.ok);
    const now = new Date('2026-11-24T03:00:00Z');
    assert.equal((await authenticateToken(store, created.secret, now))?.id, created.id);
    assert.deepEqual(await revokeApiToken(store, await admin(store), created.id, now), { ok: true });
    assert.equal(await authenticateToken(store, created.secret, new Date(now.getTime() + 1)), null);
  });

  run('honours a revocation written by another process within TOKEN_CACHE_MS', async (store) => {
    const created = await createApiToken(store, await admin(store), { name: '他处吊销', nodeId: LONGHU_COMMUNITY });
    assert.ok(created.ok);
    const t0 = new Date('2026-11-24T04:00:00Z').getTime();
    assert.equal((await authenticateToken(store, created.secret, new Date(t0)))?.id, created.id);
    // Another server process on the same database revokes it: this one is not told.
    await store.write((tx) => tx.update(apiTokens).set({ revokedAt: new Date(t0) }).where(eq(apiTokens.id, created.id)));
    assert.equal((await authenticateToken(store, created.secret, new Date(t0 + TOKEN_CACHE_MS / 2)))?.id, created.id, 'kept for under a second');
    assert.equal(await authenticateToken(store, created.secret, new Date(t0 + TOKEN_CACHE_MS)), null);
    // A clock set back does not stretch the time a kept token is trusted.
    const other = await createApiToken(store, await admin(store), { name: '时钟回拨', nodeId: LONGHU_COMMUNITY });
    assert.ok(other.ok);
    assert.equal((await authenticateToken(store, other.secret, new Date(t0)))?.id, other.id);
    await store.write((tx) => tx.update(apiTokens).set({ revokedAt: new Date(t0) }).where(eq(apiTokens.id, other.id)));
    assert.equal(await authenticateToken(store, other.secret, new Date(t0 - 60_000)), null);
  });

  run("follows a move of the token's grid at once: the next request acts in the new place", async (store) => {
    const [community] = await store.db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, '府前社区'))).limit(1);
    const [grid] = await store.db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.parentId, community!.id))).orderBy(orgNodes.id).limit(1);
    const created = await createApiToken(store, await admin(store), { name: '随网格调整', nodeId: grid!.id });
    assert.ok(created.ok);
    const now = new Date('2026-11-24T05:00:00Z');
    assert.deepEqual((await authenticateToken(store, created.secret, now))?.scope, { paths: [grid!.path] });
    const moved = await moveNode(store, await admin(store), { nodeId: grid!.id, targetParentId: LONGHU_COMMUNITY }, now);
    assert.ok(moved.ok, moved.ok ? '' : moved.message);
    assert.deepEqual((await authenticateToken(store, created.secret, new Date(now.getTime() + 1)))?.scope, { paths: [`/1/2/3/${grid!.id}/`] });
    assert.ok((await moveNode(store, await admin(store), { nodeId: grid!.id, targetParentId: community!.id }, now)).ok);
    assert.deepEqual((await authenticateToken(store, created.secret, new Date(now.getTime() + 2)))?.scope, { paths: [grid!.path] });
  });

  run('concurrent revocations of one token all succeed and are audited once', async (store) => {
    const created = await createApiToken(store, await admin(store), { name: '并发吊销', nodeId: LONGHU_COMMUNITY });
    assert.ok(created.ok);
    const results = await Promise.all(Array.from({ length: 6 }, async () => revokeApiToken(store, await admin(store), created.id)));
    assert.ok(results.every((r) => r.ok));
    const audited = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'revoke_token'), eq(auditLog.subject, `token:${created.id}`)));
    assert.equal(audited.length, 1);
    assert.equal(await authenticateToken(store, created.secret), null);
  });

  run('records the last use at most once a minute, also when requests arrive together', async (store) => {
    const created = await createApiToken(store, await admin(store), { name: '使用时间', nodeId: LONGHU_COMMUNITY });
    assert.ok(created.ok);
    const lastUsed = async () => (await tokenRow(store, created.id)).lastUsedAt?.getTime();
    const t0 = new Date('2026-11-24T02:00:00Z');
    assert.equal(await lastUsed(), undefined);
    await authenticateToken(store, created.secret, t0);
    assert.equal(await lastUsed(), t0.getTime());
    await authenticateToken(store, created.secret, new Date(t0.getTime() + 30_000));
    assert.equal(await lastUsed(), t0.getTime(), 'not rewritten within the minute');
    await authenticateToken(store, created.secret, new Date(t0.getTime() + 61_000));
    assert.equal(await lastUsed(), t0.getTime() + 61_000);
    // Requests of the same moment each see the stale hint; the UPDATE's own check keeps the newest time.
    const t1 = t0.getTime() + 200_000;
    const actors = await Promise.all([0, 1, 2, 3].map((i) => authenticateToken(store, created.secret, new Date(t1 + i * 10))));
    assert.ok(actors.every((a) => a?.id === created.id));
    // One of them wrote (on PostgreSQL whichever committed first); the others found it within the minute.
    const written = (await lastUsed())!;
    assert.ok(written >= t1 && written <= t1 + 30, `${written - t1} ms after the first`);
  });

  run('lets only the administrator issue and revoke, and only for county, township, community or grid', async (store) => {
    const secretary = (await loadUser(store.db, 3))!;
    assert.deepEqual((await createApiToken(store, secretary, { name: '书记自建', nodeId: LONGHU_COMMUNITY })).ok, false);
    const [building] = await store.db.select().from(orgNodes).where(eq(orgNodes.kind, 'building')).orderBy(orgNodes.id).limit(1);
    const onBuilding = await createApiToken(store, await admin(store), { name: '楼栋', nodeId: building!.id });
    assert.ok(!onBuilding.ok && onBuilding.code === 'invalid_input' && onBuilding.fieldErrors?.nodeId);
    const anyToken = (await listApiTokens(store.db))[0]!;
    assert.equal((await revokeApiToken(store, secretary, anyToken.id)).ok, false);
    assert.equal((await tokenRow(store, anyToken.id)).revokedAt, anyToken.revokedAt);
  });

  run('lists tokens with their scope, revoked ones last, and never the secret', async (store) => {
    const rows = await listApiTokens(store.db);
    assert.ok(rows.length >= 4);
    const firstRevoked = rows.findIndex((r) => r.revokedAt !== null);
    assert.ok(firstRevoked > 0 && rows.slice(firstRevoked).every((r) => r.revokedAt !== null));
    assert.ok(rows.every((r) => r.prefix.length === 10 && !('tokenHash' in r)));
    assert.ok(rows.some((r) => r.nodeName === '龙盛华庭'));
  });

  run('offers scope nodes in tree order without buildings', async (store) => {
    const options = await tokenScopeOptions(store.db, (await admin(store)).scope);
    assert.deepEqual(
      options.slice(0, 5).map((o) => [o.name, o.depth]),
      [
        ['新绛县', 0],
        ['龙兴镇', 1],
        ['龙湖社区', 2],
        ['龙盛华庭', 3],
        ['龙湖花园', 3],
      ],
    );
    assert.ok(options.every((o) => o.kind !== 'building'));
  });
});
