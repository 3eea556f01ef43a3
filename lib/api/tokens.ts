// Bearer tokens for other systems: issuing, listing, revoking, and turning a presented token into an actor.
import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt, or, sql, type Placeholder } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { firstRow } from '@/db/row-mapper';
import { apiTokens as apiTokensSqlite, orgNodes as orgNodesSqlite, type OrgKind, type Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts, apiTokens, orgNodes } from '@/db/tables';
import { recordAudit, writeAudit } from '@/lib/audit/log';
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
export async function createApiToken(store: Store, admin: Admin, input: CreateTokenInput, now = new Date()): Promise<CreateTokenResult> {
  if (admin.role !== 'admin') return { ok: false, code: 'forbidden', message: '只有系统管理员可以签发令牌。' };
  const [node] = await store.db
    .select({ id: orgNodes.id, kind: orgNodes.kind, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, input.nodeId), inArray(orgNodes.kind, [...TOKEN_SCOPE_KINDS])))
    .limit(1);
  if (!node || !isWithinScope(admin.scope, node.path)) return refusedNode();
  const { secret, prefix, row } = newToken(admin, input, node, now);
  const id = await store.write(async (tx) => {
    const [inserted] = await tx.insert(apiTokens).values(row).returning({ id: apiTokens.id });
    await writeAudit(tx, createdAudit(admin, inserted!.id, input, prefix, node), now);
    return inserted!.id;
  });
  return { ok: true, id, secret, prefix };
}

type TokenNode = { id: number; path: string };

function newToken(admin: Admin, input: CreateTokenInput, node: TokenNode, now: Date) {
  const secret = `yh_${crypto.randomBytes(32).toString('base64url')}`;
  const prefix = secret.slice(0, PREFIX_LENGTH);
  const row = { name: input.name, tokenHash: hashToken(secret), tokenPrefix: prefix, nodeId: node.id, nodePath: node.path, createdByAccountId: admin.id, createdAt: now };
  return { secret, prefix, row };
}

function createdAudit(admin: Admin, id: number, input: CreateTokenInput, prefix: string, node: TokenNode) {
  return { accountId: admin.id, action: 'create_token' as const, subject: `token:${id}`, detail: JSON.stringify({ name: input.name, prefix, nodeId: node.id }) };
}

function refusedNode(): TokenError {
  return { ok: false, code: 'invalid_input', message: '请选择授权范围。', fieldErrors: { nodeId: ['请选择县、乡镇、社区或网格'] } };
}

// For e2e/support/scope-records.ts, which makes its records (cases, token) inside one synchronous immediate
// transaction of the e2e SQLite file, so that two Playwright workers running it at once never both create them.
// The same checks, row and audit as createApiToken, which the app and the benches use.
export function createApiTokenSync(db: DB, admin: Admin, input: CreateTokenInput, now = new Date()): CreateTokenResult {
  if (admin.role !== 'admin') return { ok: false, code: 'forbidden', message: '只有系统管理员可以签发令牌。' };
  const node = db
    .select({ id: orgNodesSqlite.id, path: orgNodesSqlite.path })
    .from(orgNodesSqlite)
    .where(and(eq(orgNodesSqlite.id, input.nodeId), inArray(orgNodesSqlite.kind, [...TOKEN_SCOPE_KINDS])))
    .get();
  if (!node || !isWithinScope(admin.scope, node.path)) return refusedNode();
  const { secret, prefix, row } = newToken(admin, input, node, now);
  const id = db.transaction((tx) => {
    const inserted = tx.insert(apiTokensSqlite).values(row).returning({ id: apiTokensSqlite.id }).get();
    recordAudit(tx, createdAudit(admin, inserted.id, input, prefix, node), now);
    return inserted.id;
  }, { behavior: 'immediate' });
  return { ok: true, id, secret, prefix };
}

export async function listApiTokens(db: AppDb) {
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
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt), desc(apiTokens.id));
}

export type ApiTokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

/**
 * Revoking is final and takes effect on this server's next request (other processes on the database: within
 * TOKEN_CACHE_MS); revoking twice is harmless (and audited once).
 */
export async function revokeApiToken(store: Store, admin: Admin, tokenId: number, now = new Date()): Promise<{ ok: true } | TokenError> {
  if (admin.role !== 'admin') return { ok: false, code: 'forbidden', message: '只有系统管理员可以吊销令牌。' };
  const result = store.write(async (tx) => {
    // The state check is the UPDATE's WHERE: of two concurrent revocations (PostgreSQL) one changes the row and is audited.
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length > 0) {
      await writeAudit(tx, { accountId: admin.id, action: 'revoke_token', subject: `token:${tokenId}` }, now);
      return { ok: true } as const;
    }
    const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, tokenId)).limit(1);
    return exists ? ({ ok: true } as const) : ({ ok: false, code: 'not_found', message: '令牌不存在。' } as const);
  });
  return result.finally(() => forgetTokens(store));
}

type TokenRow = { id: number; name: string; nodePath: string; revokedAt: Date | null; lastUsedAt: Date | null };

const TOKEN_FIELDS = { id: apiTokens.id, name: apiTokens.name, nodePath: apiTokens.nodePath, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt };

function tokenByHashQuery(db: AppDb, hash: string | Placeholder) {
  return db.select(TOKEN_FIELDS).from(apiTokens).where(eq(apiTokens.tokenHash, hash)).limit(1);
}

/**
 * SQLite: the lookup every API request runs, prepared once per connection (building it anew costs as much as running
 * it), its row mapped by a mapper built once (db/row-mapper.ts's firstRow).
 */
const preparedLookups = new WeakMap<AppDb, (hash: string) => TokenRow | undefined>();

function prepareLookup(db: AppDb) {
  const first = firstRow<TokenRow>(TOKEN_FIELDS, tokenByHashQuery(db, sql.placeholder('hash')).prepare());
  return (hash: string) => first({ hash });
}

async function tokenByHash(store: Store, hash: string): Promise<TokenRow | undefined> {
  if (store.engine === 'sqlite') {
    let lookup = preparedLookups.get(store.db);
    if (!lookup) preparedLookups.set(store.db, (lookup = prepareLookup(store.db)));
    return lookup(hash);
  }
  const [row] = await tokenByHashQuery(store.db, hash);
  return row;
}

/**
 * How long a server keeps a token it found valid. Every API request reads its token first, and on SQLite that read
 * mostly follows another connection's COMMIT (the command thread's, lib/cases/command-thread.ts), after which it
 * reloads the pages it needs: with the tokens kept, bench:throughput's event loop CPU per API write fell by about 5 %. A
 * revocation, or a move of the token's node, forgets the store's tokens at once (forgetTokens); another process on the
 * same database (a WEB_CONCURRENCY sibling, a script) sees a revocation within this time.
 */
export const TOKEN_CACHE_MS = 1_000;
/** Valid tokens are few (an administrator issues each one); past this many the cache starts again. */
const TOKEN_CACHE_LIMIT = 1_000;

type CachedToken = { row: TokenRow; at: number };
type TokenCache = { tokens: Map<string, CachedToken>; generation: number };
/**
 * Per store, on globalThis: the route handlers and the server actions that revoke may each be bundled with a copy of
 * this module, and a revocation must reach the cache the API reads.
 */
const CACHES_KEY = Symbol.for('yinghuo.apiTokenCaches');
const cachesHolder = globalThis as typeof globalThis & { [CACHES_KEY]?: WeakMap<Store, TokenCache> };
const tokenCaches: WeakMap<Store, TokenCache> = (cachesHolder[CACHES_KEY] ??= new WeakMap());

function tokenCache(store: Store): TokenCache {
  let cache = tokenCaches.get(store);
  if (!cache) tokenCaches.set(store, (cache = { tokens: new Map(), generation: 0 }));
  return cache;
}

/** After a write that changes tokens (revoked, or scoped to a node that moved): the next request reads them again. */
export function forgetTokens(store: Store): void {
  const cache = tokenCache(store);
  cache.tokens.clear();
  // A lookup that started before the write (PostgreSQL awaits it) must not put its older row back.
  cache.generation++;
}

async function cachedTokenByHash(store: Store, hash: string, now: number): Promise<TokenRow | undefined> {
  const cache = tokenCache(store);
  const hit = cache.tokens.get(hash);
  // Only within TOKEN_CACHE_MS after it was read, by the clock the caller passes (a clock set back expires it too).
  if (hit && now >= hit.at && now < hit.at + TOKEN_CACHE_MS) return hit.row;
  const generation = cache.generation;
  const row = await tokenByHash(store, hash);
  if (row && row.revokedAt === null && generation === cache.generation) {
    if (cache.tokens.size >= TOKEN_CACHE_LIMIT) cache.tokens.clear();
    cache.tokens.set(hash, { row, at: now });
  } else cache.tokens.delete(hash);
  return row;
}

/** The actor behind a presented token, or null for anything unknown, malformed or revoked. */
export async function authenticateToken(store: Store, bearer: string, now = new Date()): Promise<IntegrationActor | null> {
  if (!TOKEN_PATTERN.test(bearer)) return null;
  const token = await cachedTokenByHash(store, hashToken(bearer), now.getTime());
  if (!token || token.revokedAt !== null) return null;
  // Written only when the hint is a minute old (the UPDATE checks again, for another request's write in between):
  // every other request reads and writes nothing more, instead of opening a write transaction that changes no row.
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (token.lastUsedAt === null || token.lastUsedAt < stale) {
    // The cached row (if it is one) carries the new hint, so the requests of the next second do not write it again.
    token.lastUsedAt = now;
    await store.write((tx) =>
      tx
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale)))),
    );
  }
  return { kind: 'integration', id: token.id, name: token.name, scope: { paths: [token.nodePath] } };
}

export type ScopeOption = { id: number; name: string; kind: OrgKind; depth: number };

/** The nodes a token may be scoped to, in tree order, for the administrator's select. */
export async function tokenScopeOptions(db: AppDb, scope: Scope): Promise<ScopeOption[]> {
  const nodes = await db
    .select({ id: orgNodes.id, parentId: orgNodes.parentId, name: orgNodes.name, kind: orgNodes.kind, sortOrder: orgNodes.sortOrder })
    .from(orgNodes)
    .where(and(inArray(orgNodes.kind, [...TOKEN_SCOPE_KINDS]), withinScope(orgNodes.path, scope)))
    .orderBy(orgNodes.sortOrder, orgNodes.id);
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
