// Intake points: the QR codes of grids, buildings and 微光心愿箱 that residents scan to submit a request.
import crypto from 'node:crypto';
import { and, asc, eq, inArray, isNull, like, or } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '@/db/client';
import { intakePoints, orgNodes } from '@/db/schema';
import { recordAudit } from '@/lib/audit/log';

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
export function findActiveIntakePoint(db: DB, code: string): (IntakePoint & { retired: boolean }) | null {
  if (!intakeCodeSchema.safeParse(code).success) return null;
  const row = db
    .select({ ...columns, retiredAt: orgNodes.retiredAt })
    .from(intakePoints)
    .innerJoin(orgNodes, eq(orgNodes.id, intakePoints.nodeId))
    .where(and(eq(intakePoints.code, code), eq(intakePoints.active, true)))
    .get();
  if (!row) return null;
  const { retiredAt, ...point } = row;
  return { ...point, retired: retiredAt !== null };
}

/** What a resident reads at the QR code of a retired grid or building, and what intake answers for one. */
export const RETIRED_PLACE_MESSAGE = '该网格或楼栋已撤销，此二维码不再受理新的诉求。如有需要，请联系所在社区或网格员。';

const KIND_ORDER: Record<IntakePointKind, number> = { grid: 0, building: 1, wish_box: 2 };

/** The intake points placed at one org node (a grid's own code and its wish box, or a building's). */
export function listIntakePointsOfNode(db: DB, nodeId: number): IntakePoint[] {
  return db
    .select(columns)
    .from(intakePoints)
    .where(eq(intakePoints.nodeId, nodeId))
    .orderBy(asc(intakePoints.id))
    .all()
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

export type PrintablePoint = IntakePoint & { partyOrgName: string | null };

/**
 * The active points to print for a grid or building: its own, and with `withBuildings` those of
 * every building under a grid too, the node's own sheets first, then building by building.
 */
export function listIntakePointsForPrint(db: DB, node: { id: number; path: string }, { withBuildings = false } = {}): PrintablePoint[] {
  const where = withBuildings ? or(eq(intakePoints.nodeId, node.id), like(intakePoints.nodePath, `${node.path}%`)) : eq(intakePoints.nodeId, node.id);
  return db
    .select({ ...columns, partyOrgName: orgNodes.partyOrgName, depth: orgNodes.depth, sortOrder: orgNodes.sortOrder })
    .from(intakePoints)
    .innerJoin(orgNodes, eq(orgNodes.id, intakePoints.nodeId))
    .where(and(where, eq(intakePoints.active, true), isNull(orgNodes.retiredAt)))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id), asc(intakePoints.id))
    .all()
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

/**
 * Creates the intake points the given grids and buildings are missing, with fresh random codes;
 * other kinds of node are skipped. Returns how many were created. Safe to call again.
 */
/** The QR action of a grid's or building's page: creates what is missing and logs who did it, when anything was created. */
export function createMissingIntakePointsFor(db: DB, accountId: number, nodeId: number, now = new Date()): number {
  const created = ensureIntakePoints(db, [nodeId]);
  if (created > 0) recordAudit(db, { accountId, action: 'create_intake_points', subject: `node:${nodeId}`, detail: JSON.stringify({ created }) }, now);
  return created;
}

export function ensureIntakePoints(db: DB, nodeIds: readonly number[], newCode: () => string = newIntakeCode): number {
  if (nodeIds.length === 0) return 0;
  return db.transaction((tx) => insertMissingIntakePoints(tx, nodeIds, newCode), { behavior: 'immediate' });
}

/** The same, in the caller's transaction: a grid or building created in the org browser gets its codes with it. */
export function insertMissingIntakePoints(tx: Pick<DB, 'select' | 'insert'>, nodeIds: readonly number[], newCode: () => string = newIntakeCode): number {
  const nodes = tx
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    // A retired node gets no new codes: it takes no requests.
    .where(and(inArray(orgNodes.id, [...nodeIds]), inArray(orgNodes.kind, ['grid', 'building']), isNull(orgNodes.retiredAt)))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id))
    .all();
  if (nodes.length === 0) return 0;
  // A building's grid is the grid on its path; one query for all of them.
  const pathIds = [...new Set(nodes.flatMap((n) => n.path.split('/').filter(Boolean).map(Number)))];
  const gridNames = new Map(
    tx
      .select({ id: orgNodes.id, name: orgNodes.name })
      .from(orgNodes)
      .where(and(inArray(orgNodes.id, pathIds), eq(orgNodes.kind, 'grid')))
      .all()
      .map((g) => [g.id, g.name]),
  );
  const existing = new Set(
    tx
      .select({ nodeId: intakePoints.nodeId, kind: intakePoints.kind })
      .from(intakePoints)
      .where(inArray(intakePoints.nodeId, nodes.map((n) => n.id)))
      .all()
      .map((p) => `${p.nodeId}:${p.kind}`),
  );
  const rows = nodes.flatMap((node) => {
    const gridId = node.path.split('/').filter(Boolean).map(Number).find((id) => gridNames.has(id));
    const gridName = gridId === undefined ? '' : gridNames.get(gridId)!;
    return wantedPoints(node, gridName)
      .filter((p) => !existing.has(`${node.id}:${p.kind}`))
      .map((p) => ({ ...p, code: newCode(), nodeId: node.id, nodePath: node.path }));
  });
  if (rows.length > 0) tx.insert(intakePoints).values(rows).run();
  return rows.length;
}

/**
 * For the demo seeder: an intake point for every grid and building, and one 微光心愿箱 per
 * grid. With the seeder's random stream the codes are the same on every run.
 */
export function createIntakePointsForDemo(db: DB, rng?: { next(): number }): number {
  const ids = db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(inArray(orgNodes.kind, ['grid', 'building']))
    .all()
    .map((n) => n.id);
  return ensureIntakePoints(db, ids, rng ? seededIntakeCode(rng) : newIntakeCode);
}
