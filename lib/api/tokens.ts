// Bearer tokens for other systems: issuing, listing, revoking, and turning a presented token into an actor.
import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, apiTokens, orgNodes, type OrgKind, type Role } from '@/db/schema';
import { recordAudit } from '@/lib/audit/log';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { hashToken } from '@/lib/cases/commands';
import type { Actor } from '@/lib/cases/lifecycle';
import type { CreateTokenInput } from './schemas';

export type IntegrationActor = Extract<Actor, { kind: 'integration' }>;
type Admin = { id: number; role: Role; scope: Scope };
type TokenError = { ok: false; code: 'forbidden' | 'not_found' | 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

/** A token may act for a whole county, township, community or grid; a building is too small to integrate. */
export const TOKEN_SCOPE_KINDS = ['county', 'township', 'community', 'grid'] as const satisfies readonly OrgKind[];

/** "yh_" + 32 random bytes; the shape is checked before hashing so junk never reaches the database. */
const TOKEN_PATTERN = /^yh_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 10;
/** lastUsedAt is a hint for the administrator, not an audit trail: one write a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type CreateTokenResult = { ok: true; id: number; secret: string; prefix: string } | TokenError;

/** Issues a token. The secret is returned once, here; only its sha256 is kept. */
export function createApiToken(db: DB, admin: Admin, input: CreateTokenInput, now = new Date()): CreateTokenResult {
  if (admin.role !== 'admin') return { ok: false, code: 'forbidden', message: '只有系统管理员可以签发令牌。' };
  const node = db
    .select({ id: orgNodes.id, kind: orgNodes.kind, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, input.nodeId), inArray(orgNodes.kind, [...TOKEN_SCOPE_KINDS])))
    .get();
  if (!node || !isWithinScope(admin.scope, node.path)) {
    return { ok: false, code: 'invalid_input', message: '请选择授权范围。', fieldErrors: { nodeId: ['请选择县、乡镇、社区或网格'] } };
  }
  const secret = `yh_${crypto.randomBytes(32).toString('base64url')}`;
  const prefix = secret.slice(0, PREFIX_LENGTH);
  const row = db.transaction((tx) => {
    const inserted = tx
      .insert(apiTokens)
      .values({
        name: input.name,
        tokenHash: hashToken(secret),
        tokenPrefix: prefix,
        nodeId: node.id,
        nodePath: node.path,
        createdByAccountId: admin.id,
        createdAt: now,
      })
      .returning({ id: apiTokens.id })
      .get();
    recordAudit(tx, { accountId: admin.id, action: 'create_token', subject: `token:${inserted.id}`, detail: JSON.stringify({ name: input.name, prefix, nodeId: node.id }) }, now);
    return inserted;
  }, { behavior: 'immediate' });
  return { ok: true, id: row.id, secret, prefix };
}

export function listApiTokens(db: DB) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.tokenPrefix,
      nodeName: orgNodes.name,
      nodeKind: orgNodes.kind,
      createdByName: accounts.displayName,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(orgNodes, eq(orgNodes.id, apiTokens.nodeId))
    .leftJoin(accounts, eq(accounts.id, apiTokens.createdByAccountId))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

export type ApiTokenRow = ReturnType<typeof listApiTokens>[number];

/** Revoking is final and takes effect on the next request; revoking twice is harmless. */
export function revokeApiToken(db: DB, admin: Admin, tokenId: number, now = new Date()): { ok: true } | TokenError {
  if (admin.role !== 'admin') return { ok: false, code: 'forbidden', message: '只有系统管理员可以吊销令牌。' };
  const token = db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, tokenId)).get();
  if (!token) return { ok: false, code: 'not_found', message: '令牌不存在。' };
  if (token.revokedAt === null) {
    db.transaction((tx) => {
      tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, tokenId)).run();
      recordAudit(tx, { accountId: admin.id, action: 'revoke_token', subject: `token:${tokenId}` }, now);
    }, { behavior: 'immediate' });
  }
  return { ok: true };
}

/** The two statements every API request runs, prepared once per connection. */
const tokenStatements = new WeakMap<DB, ReturnType<typeof prepareTokenStatements>>();

function prepareTokenStatements(db: DB) {
  return {
    byHash: db
      .select({ id: apiTokens.id, name: apiTokens.name, nodePath: apiTokens.nodePath, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
      .prepare(),
    // Placeholders bypass the column encoder here, so the times go in as the epoch milliseconds the column stores.
    touch: db
      .update(apiTokens)
      .set({ lastUsedAt: sql`${sql.placeholder('now')}` })
      .where(and(eq(apiTokens.id, sql.placeholder('id')), or(isNull(apiTokens.lastUsedAt), sql`${apiTokens.lastUsedAt} < ${sql.placeholder('stale')}`)))
      .prepare(),
  };
}

/** The actor behind a presented token, or null for anything unknown, malformed or revoked. */
export function authenticateToken(db: DB, bearer: string, now = new Date()): IntegrationActor | null {
  if (!TOKEN_PATTERN.test(bearer)) return null;
  let statements = tokenStatements.get(db);
  if (!statements) tokenStatements.set(db, (statements = prepareTokenStatements(db)));
  const token = statements.byHash.get({ hash: hashToken(bearer) });
  if (!token || token.revokedAt !== null) return null;
  // Written only when the hint is a minute old (the statement checks again, for another process's write in between):
  // every other request reads and writes nothing more, instead of opening a write transaction that changes no row.
  const stale = now.getTime() - LAST_USED_RESOLUTION_MS;
  if (token.lastUsedAt === null || token.lastUsedAt.getTime() < stale) statements.touch.run({ id: token.id, now: now.getTime(), stale });
  return { kind: 'integration', id: token.id, name: token.name, scope: { paths: [token.nodePath] } };
}

export type ScopeOption = { id: number; name: string; kind: OrgKind; depth: number };

/** The nodes a token may be scoped to, in tree order, for the administrator's select. */
export function tokenScopeOptions(db: DB, scope: Scope): ScopeOption[] {
  const nodes = db
    .select({ id: orgNodes.id, parentId: orgNodes.parentId, name: orgNodes.name, kind: orgNodes.kind, sortOrder: orgNodes.sortOrder })
    .from(orgNodes)
    .where(and(inArray(orgNodes.kind, [...TOKEN_SCOPE_KINDS]), withinScope(orgNodes.path, scope)))
    .orderBy(orgNodes.sortOrder, orgNodes.id)
    .all();
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<number | null, typeof nodes>();
  for (const n of nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const out: ScopeOption[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      out.push({ id: n.id, name: n.name, kind: n.kind, depth });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
