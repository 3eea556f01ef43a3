// Intake points: the QR codes of grids, buildings and 微光心愿箱 that residents scan to submit a request.
import crypto from 'node:crypto';
import { and, asc, eq, inArray, isNull, like, or } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '@/db/client';
import { intakePoints as legacyIntakePoints, orgNodes as legacyOrgNodes } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { intakePoints, orgNodes } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';

export type IntakePointKind = (typeof intakePoints.$inferSelect)['kind'];
export type IntakePoint = Pick<typeof intakePoints.$inferSelect, 'id' | 'code' | 'kind' | 'name' | 'nodeId' | 'nodePath' | 'active'>;

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CODE_LENGTH = 12;

/** The code in /s/<code>: base64url, as made here. Anything else is "not found" without a query. */
export const intakeCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);

/** 12 base64url characters (72 random bits): short enough for a printed URL, not guessable. */
export function newIntakeCode(): string {
  return crypto.randomBytes((CODE_LENGTH * 6) / 8).toString('base64url');
}

/** Reproducible codes for the demo community, from its seeded random stream. */
export function seededIntakeCode(rng: { next(): number }): () => string {
  return () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[Math.floor(rng.next() * CODE_ALPHABET.length)]).join('');
}

const columns = {
  id: intakePoints.id,
  code: intakePoints.code,
  kind: intakePoints.kind,
  name: intakePoints.name,
  nodeId: intakePoints.nodeId,
  nodePath: intakePoints.nodePath,
  active: intakePoints.active,
};

/**
 * The active intake point behind a scanned code, or null (unknown, malformed or switched off).
 * `retired`: its grid or building was retired (lib/registry/nodes.ts); the code still resolves,
 * so the resident is told why it takes no requests instead of meeting a bare "not found".
 */
export async function findActiveIntakePoint(db: AppDb, code: string): Promise<(IntakePoint & { retired: boolean }) | null> {
  if (!intakeCodeSchema.safeParse(code).success) return null;
  const [row] = await db
    .select({ ...columns, retiredAt: orgNodes.retiredAt })
    .from(intakePoints)
    .innerJoin(orgNodes, eq(orgNodes.id, intakePoints.nodeId))
    .where(and(eq(intakePoints.code, code), eq(intakePoints.active, true)))
    .limit(1);
  if (!row) return null;
  const { retiredAt, ...point } = row;
  return { ...point, retired: retiredAt !== null };
}

/** What a resident reads at the QR code of a retired grid or building, and what intake answers for one. */
export const RETIRED_PLACE_MESSAGE = '该网格或楼栋已撤销，此二维码不再受理新的诉求。如有需要，请联系所在社区或网格员。';

const KIND_ORDER: Record<IntakePointKind, number> = { grid: 0, building: 1, wish_box: 2 };

/** The intake points placed at one org node (a grid's own code and its wish box, or a building's). */
export async function listIntakePointsOfNode(db: AppDb, nodeId: number): Promise<IntakePoint[]> {
  const rows = await db.select(columns).from(intakePoints).where(eq(intakePoints.nodeId, nodeId)).orderBy(asc(intakePoints.id));
  return rows.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

export type PrintablePoint = IntakePoint & { partyOrgName: string | null };

/**
 * The active points to print for a grid or building: its own, and with `withBuildings` those of
 * every building under a grid too, the node's own sheets first, then building by building.
 */
export async function listIntakePointsForPrint(db: AppDb, node: { id: number; path: string }, { withBuildings = false } = {}): Promise<PrintablePoint[]> {
  const where = withBuildings ? or(eq(intakePoints.nodeId, node.id), like(intakePoints.nodePath, `${node.path}%`)) : eq(intakePoints.nodeId, node.id);
  const rows = await db
    .select({ ...columns, partyOrgName: orgNodes.partyOrgName, depth: orgNodes.depth, sortOrder: orgNodes.sortOrder })
    .from(intakePoints)
    .innerJoin(orgNodes, eq(orgNodes.id, intakePoints.nodeId))
    .where(and(where, eq(intakePoints.active, true), isNull(orgNodes.retiredAt)))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id), asc(intakePoints.id));
  return rows
    .sort((a, b) => a.depth - b.depth || a.sortOrder - b.sortOrder || a.nodeId - b.nodeId || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
    .map(({ depth: _depth, sortOrder: _sortOrder, ...point }) => point);
}

/** The name a point shows residents, from its node's name (and for a building, its grid's); renames and moves keep it current. */
export function intakePointName(kind: IntakePointKind, nodeName: string, gridName: string): string {
  if (kind === 'grid') return nodeName;
  if (kind === 'wish_box') return `微光心愿箱 · ${nodeName}党群服务站`;
  return `${gridName} ${nodeName}`;
}

/** What each kind of node should have: a grid its own code and a 微光心愿箱, a building its code. */
function wantedPoints(node: { kind: string; name: string }, gridName: string): { kind: IntakePointKind; name: string }[] {
  const kinds: IntakePointKind[] = node.kind === 'grid' ? ['grid', 'wish_box'] : node.kind === 'building' ? ['building'] : [];
  return kinds.map((kind) => ({ kind, name: intakePointName(kind, node.name, gridName) }));
}

/** The QR action of a grid's or building's page: creates what is missing and logs who did it, when anything was created; in one write. */
export async function createMissingIntakePointsFor(store: Store, accountId: number, nodeId: number, now = new Date()): Promise<number> {
  return store.write(async (tx) => {
    // Two clicks at once on PostgreSQL: the second waits and then finds nothing missing.
    await store.lockKey(tx, `intake-points:${nodeId}`);
    const created = await insertMissingIntakePoints(tx, [nodeId]);
    if (created > 0) await writeAudit(tx, { accountId, action: 'create_intake_points', subject: `node:${nodeId}`, detail: JSON.stringify({ created }) }, now);
    return created;
  });
}

/**
 * Creates the intake points the given grids and buildings are missing, with fresh random codes;
 * other kinds of node are skipped. Returns how many were created. Safe to call again.
 */
export async function ensureIntakePoints(store: Store, nodeIds: readonly number[], newCode: () => string = newIntakeCode): Promise<number> {
  if (nodeIds.length === 0) return 0;
  return store.write(async (tx) => {
    for (const id of [...new Set(nodeIds)].sort((a, b) => a - b)) await store.lockKey(tx, `intake-points:${id}`);
    return insertMissingIntakePoints(tx, nodeIds, newCode);
  });
}

type PointNode = { id: number; kind: string; name: string; path: string };

/** The ids on a materialised path (`/1/2/5/` → [1, 2, 5]). */
const idsOnPath = (path: string) => path.split('/').filter(Boolean).map(Number);

/** The rows to insert: what each node should have and has not, named after its grid (found on its path). */
function missingRows(nodes: PointNode[], grids: { id: number; name: string }[], existing: { nodeId: number; kind: IntakePointKind }[], newCode: () => string) {
  const gridNames = new Map(grids.map((g) => [g.id, g.name]));
  const have = new Set(existing.map((p) => `${p.nodeId}:${p.kind}`));
  return nodes.flatMap((node) => {
    const gridId = idsOnPath(node.path).find((id) => gridNames.has(id));
    const gridName = gridId === undefined ? '' : gridNames.get(gridId)!;
    return wantedPoints(node, gridName)
      .filter((p) => !have.has(`${node.id}:${p.kind}`))
      .map((p) => ({ ...p, code: newCode(), nodeId: node.id, nodePath: node.path }));
  });
}

/**
 * The reads of insertMissingIntakePoints, as drizzle builders over `t` (run awaited on the store's tables, or
 * synchronously on db/schema's for the demo seeder, whose SQLite file is the same in a PostgreSQL process).
 */
function pointQueries(db: AppDb, t: { orgNodes: typeof orgNodes; intakePoints: typeof intakePoints } = { orgNodes, intakePoints }) {
  return {
    // A retired node gets no new codes: it takes no requests.
    nodes: (nodeIds: readonly number[]) =>
      db
        .select({ id: t.orgNodes.id, kind: t.orgNodes.kind, name: t.orgNodes.name, path: t.orgNodes.path })
        .from(t.orgNodes)
        .where(and(inArray(t.orgNodes.id, [...nodeIds]), inArray(t.orgNodes.kind, ['grid', 'building']), isNull(t.orgNodes.retiredAt)))
        .orderBy(asc(t.orgNodes.depth), asc(t.orgNodes.sortOrder), asc(t.orgNodes.id)),
    // A building's grid is the grid on its path; one query for all of them.
    grids: (nodes: PointNode[]) =>
      db
        .select({ id: t.orgNodes.id, name: t.orgNodes.name })
        .from(t.orgNodes)
        .where(and(inArray(t.orgNodes.id, [...new Set(nodes.flatMap((n) => idsOnPath(n.path)))]), eq(t.orgNodes.kind, 'grid'))),
    existing: (nodes: PointNode[]) =>
      db
        .select({ nodeId: t.intakePoints.nodeId, kind: t.intakePoints.kind })
        .from(t.intakePoints)
        .where(inArray(t.intakePoints.nodeId, nodes.map((n) => n.id))),
  };
}

/**
 * The same, in the caller's write `tx`: a grid or building created in the org browser (lib/registry/nodes.ts)
 * gets its codes with it. Returns how many were created.
 */
export async function insertMissingIntakePoints(tx: AppDb, nodeIds: readonly number[], newCode: () => string = newIntakeCode): Promise<number> {
  if (nodeIds.length === 0) return 0;
  const q = pointQueries(tx);
  const nodes = await q.nodes(nodeIds);
  if (nodes.length === 0) return 0;
  const rows = missingRows(nodes, await q.grids(nodes), await q.existing(nodes), newCode);
  if (rows.length > 0) await tx.insert(intakePoints).values(rows);
  return rows.length;
}

/**
 * For the demo seeder: an intake point for every grid and building, and one 微光心愿箱 per
 * grid. With the seeder's random stream the codes are the same on every run.
 */
export async function createDemoIntakePoints(store: Store, rng?: { next(): number }): Promise<number> {
  const ids = (await store.db.select({ id: orgNodes.id }).from(orgNodes).where(inArray(orgNodes.kind, ['grid', 'building'])).orderBy(asc(orgNodes.id))).map((n) => n.id);
  return ensureIntakePoints(store, ids, rng ? seededIntakeCode(rng) : newIntakeCode);
}

// Synchronous on purpose: the county's bulk generator (db/demo/county.ts: seedCounty, run in a SQLite process also
// when the county goes to PostgreSQL) writes a SQLite file in one synchronous pass for speed (millions of rows), and test
// fixtures are built that way at module load (openTestDatabase, then registerTestStore's source copies them to
// PostgreSQL). The same rows and codes as createDemoIntakePoints (scripts/seed-demo.ts uses that one).
export function createDemoIntakePointsSync(db: DB, rng?: { next(): number }): number {
  const ids = db
    .select({ id: legacyOrgNodes.id })
    .from(legacyOrgNodes)
    .where(inArray(legacyOrgNodes.kind, ['grid', 'building']))
    .all()
    .map((n) => n.id);
  if (ids.length === 0) return 0;
  const newCode = rng ? seededIntakeCode(rng) : newIntakeCode;
  return db.transaction(
    (tx) => {
      const q = pointQueries(tx, { orgNodes: legacyOrgNodes, intakePoints: legacyIntakePoints });
      const nodes = q.nodes(ids).all();
      if (nodes.length === 0) return 0;
      const rows = missingRows(nodes, q.grids(nodes).all(), q.existing(nodes).all(), newCode);
      if (rows.length > 0) tx.insert(legacyIntakePoints).values(rows).run();
      return rows.length;
    },
    { behavior: 'immediate' },
  );
}
