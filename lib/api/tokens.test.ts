import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { apiTokens } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { authenticateToken, createApiToken, listApiTokens, revokeApiToken, tokenScopeOptions } from './tokens';

describe('API tokens', () => {
  let db: DB;
  let close: () => void;
  const admin = () => loadUserSync(db, 1)!;
  const LONGHU_COMMUNITY = 3;
  const LONGSHENG_GRID = 5;

  before(() => {
    ({ db, close } = openTestDatabase({ demo: true }));
  });
  after(() => close());

  it('issues a secret shown once and keeps only its hash and a short prefix', () => {
    const result = createApiToken(db, admin(), { name: '12345 热线平台', nodeId: LONGHU_COMMUNITY });
    assert.ok(result.ok);
    assert.match(result.secret, /^yh_[A-Za-z0-9_-]{43}$/);
    const row = db.select().from(apiTokens).where(eq(apiTokens.id, result.id)).get()!;
    assert.notEqual(row.tokenHash, result.secret);
    assert.ok(!row.tokenHash.includes(result.secret.slice(3, 20)));
    assert.equal(row.tokenPrefix, result.secret.slice(0, 10));
    assert.equal(row.nodePath, '/1/2/3/');
  });

  it('turns a presented token into an integration actor scoped to its node', () => {
    const created = createApiToken(db, admin(), { name: '网格对接', nodeId: LONGSHENG_GRID });
    assert.ok(created.ok);
    const actor = authenticateToken(db, created.secret);
    assert.deepEqual(actor, { kind: 'integration', id: created.id, name: '网格对接', scope: { paths: ['/1/2/3/5/'] } });
  });

  it('refuses unknown, malformed and revoked tokens', () => {
    const created = createApiToken(db, admin(), { name: '将被吊销', nodeId: LONGHU_COMMUNITY });
    assert.ok(created.ok);
    assert.equal(authenticateToken(db, `yh_${'A'.repeat(43)}`), null);
    assert.equal(authenticateToken(db, 'not a token'), null);
    assert.equal(authenticateToken(db, `${created.secret}x`), null);
    assert.deepEqual(revokeApiToken(db, admin(), created.id), { ok: true });
    assert.equal(authenticateToken(db, created.secret), null);
    assert.deepEqual(revokeApiToken(db, admin(), created.id), { ok: true }, 'revoking twice is harmless');
    assert.equal(revokeApiToken(db, admin(), 99_999).ok, false);
  });

  it('records the last use at most once a minute', () => {
    const created = createApiToken(db, admin(), { name: '使用时间', nodeId: LONGHU_COMMUNITY });
    assert.ok(created.ok);
    const lastUsed = () => db.select().from(apiTokens).where(eq(apiTokens.id, created.id)).get()!.lastUsedAt?.getTime();
    const t0 = new Date('2026-11-24T02:00:00Z');
    assert.equal(lastUsed(), undefined);
    authenticateToken(db, created.secret, t0);
    assert.equal(lastUsed(), t0.getTime());
    authenticateToken(db, created.secret, new Date(t0.getTime() + 30_000));
    assert.equal(lastUsed(), t0.getTime(), 'not rewritten within the minute');
    authenticateToken(db, created.secret, new Date(t0.getTime() + 61_000));
    assert.equal(lastUsed(), t0.getTime() + 61_000);
  });

  it('lets only the administrator issue and revoke, and only for county, township, community or grid', () => {
    const secretary = loadUserSync(db, 3)!;
    assert.deepEqual(createApiToken(db, secretary, { name: '书记自建', nodeId: LONGHU_COMMUNITY }).ok, false);
    const building = db.query.orgNodes.findFirst({ where: (n, { eq }) => eq(n.kind, 'building') }).sync()!;
    const onBuilding = createApiToken(db, admin(), { name: '楼栋', nodeId: building.id });
    assert.ok(!onBuilding.ok && onBuilding.code === 'invalid_input' && onBuilding.fieldErrors?.nodeId);
    const anyToken = listApiTokens(db)[0]!;
    assert.equal(revokeApiToken(db, secretary, anyToken.id).ok, false);
  });

  it('lists tokens with their scope, revoked ones last, and never the secret', () => {
    const rows = listApiTokens(db);
    assert.ok(rows.length >= 4);
    const firstRevoked = rows.findIndex((r) => r.revokedAt !== null);
    assert.ok(firstRevoked > 0 && rows.slice(firstRevoked).every((r) => r.revokedAt !== null));
    assert.ok(rows.every((r) => r.prefix.length === 10 && !('tokenHash' in r)));
    assert.ok(rows.some((r) => r.nodeName === '龙盛华庭'));
  });

  it('offers scope nodes in tree order without buildings', () => {
    const options = tokenScopeOptions(db, admin().scope);
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
