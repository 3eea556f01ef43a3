// 需求清单: a community's needs, added by the secretary, raised at a joint meeting, or gathered from residents' requests.
import { and, asc, count, desc, eq, inArray, isNull, like, notExists } from 'drizzle-orm';
import type { CaseStatus, NeedSource } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { cases, categories, communityNeeds, coProjects, needCases, orgNodes } from '@/db/tables';
import { writeChange } from '@/lib/registry/audit';
import { communityIdsIn, communityInScope, isDesk, NOT_FOUND, refuse, type CoActor, type Community, type Result } from './access';
import type { NeedInput, UpdateNeedInput } from './schemas';

export const NEED_SOURCE_LABELS: Record<NeedSource, string> = { secretary: '社区梳理', requests: '居民诉求', meeting: '联席议事' };

const DESK_ONLY = { ok: false, code: 'forbidden', message: '需求清单由社区书记维护。' } as const;

/** A need of the actor's scope (any state), with its community; null for missing and out of scope alike. */
export async function needInScope(db: AppDb, actor: Pick<CoActor, 'scope'>, needId: number) {
  const [row] = await db
    .select({ need: communityNeeds, community: { id: orgNodes.id, name: orgNodes.name, path: orgNodes.path } })
    .from(communityNeeds)
    .innerJoin(orgNodes, eq(orgNodes.id, communityNeeds.communityId))
    .where(and(eq(communityNeeds.id, needId), inArray(communityNeeds.communityId, communityIdsIn(db, actor.scope))))
    .limit(1);
  return row ?? null;
}

type Gatherable = { ok: true; fresh: { id: number; number: string }[] } | { ok: false; code: 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

/**
 * Checks requests to gather into a need (needId null: a need about to be made), in the caller's write: each number
 * must be a request of the community and in no other need yet; the first that is not is named in the refusal.
 */
async function checkGatherable(store: Store, tx: AppDb, community: Community, needId: number | null, numbers: readonly string[]): Promise<Gatherable> {
  if (numbers.length === 0) return { ok: true, fresh: [] };
  // One gatherer per community at a time: the "in no need yet" check holds until the rows are in.
  await store.lockKey(tx, `need-cases:${community.id}`);
  const found = await tx
    .select({ id: cases.id, number: cases.number, taken: needCases.needId })
    .from(cases)
    .leftJoin(needCases, eq(needCases.caseId, cases.id))
    .where(and(inArray(cases.number, [...numbers]), like(cases.nodePath, `${community.path}%`)));
  for (const n of numbers) {
    const row = found.find((f) => f.number === n);
    if (!row) return refuse(`找不到本社区的诉求 ${n}。`, 'caseNumbers');
    if (row.taken !== null && row.taken !== needId) return refuse(`诉求 ${n} 已归入其他需求。`, 'caseNumbers');
  }
  return { ok: true, fresh: found.filter((f) => f.taken === null).map(({ id, number }) => ({ id, number })) };
}

async function insertGathered(tx: AppDb, actor: CoActor, needId: number, fresh: { id: number; number: string }[], now: Date): Promise<void> {
  if (fresh.length === 0) return;
  await tx.insert(needCases).values(fresh.map((f) => ({ needId, caseId: f.id, addedByAccountId: actor.id, addedAt: now })));
  await writeChange(tx, { accountId: actor.id, action: 'gather_need_cases', subject: `need:${needId}`, before: null, after: { cases: fresh.map((f) => f.number) } }, now);
}

/** Adds a need to a community of the secretary's scope, with the requests it gathers (if any). */
export async function createNeed(store: Store, actor: CoActor, input: NeedInput & { meetingId?: number | null }, now = new Date()): Promise<Result<{ needId: number }>> {
  if (!isDesk(actor.role)) return DESK_ONLY;
  return store.write(async (tx): Promise<Result<{ needId: number }>> => {
    const community = await communityInScope(tx, actor.scope, input.communityId);
    if (!community) return refuse('请选择您负责的社区', 'communityId');
    const gathered = await checkGatherable(store, tx, community, null, input.caseNumbers);
    if (!gathered.ok) return gathered;
    const source: NeedSource = input.meetingId ? 'meeting' : input.caseNumbers.length > 0 ? 'requests' : 'secretary';
    const [row] = await tx
      .insert(communityNeeds)
      .values({ communityId: community.id, title: input.title, description: input.description, source, meetingId: input.meetingId ?? null, createdByAccountId: actor.id, createdAt: now, updatedAt: now })
      .returning({ id: communityNeeds.id });
    const needId = row!.id;
    await writeChange(tx, { accountId: actor.id, action: 'create_need', subject: `need:${needId}`, before: null, after: { communityId: community.id, title: input.title, description: input.description, source } }, now);
    await insertGathered(tx, actor, needId, gathered.fresh, now);
    return { ok: true, needId, message: `已新增需求「${input.title}」。` };
  });
}

/** Edits a need's title and description, or withdraws (active false) / restores it. */
export async function updateNeed(store: Store, actor: CoActor, input: UpdateNeedInput, now = new Date()): Promise<Result<{ needId: number }>> {
  if (!isDesk(actor.role)) return DESK_ONLY;
  return store.write(async (tx): Promise<Result<{ needId: number }>> => {
    const found = await needInScope(tx, actor, input.needId);
    if (!found) return NOT_FOUND;
    const { need } = found;
    const next = { title: input.title, description: input.description, active: input.active };
    const changed = await writeChange(tx, { accountId: actor.id, action: 'update_need', subject: `need:${need.id}`, before: { title: need.title, description: need.description, active: need.active }, after: next }, now);
    if (changed) await tx.update(communityNeeds).set({ ...next, updatedAt: now }).where(eq(communityNeeds.id, need.id));
    return { ok: true, needId: need.id, message: changed ? '已保存。' : '没有需要保存的修改。' };
  });
}

/** Gathers more residents' requests into an existing need. */
export async function gatherCases(store: Store, actor: CoActor, input: { needId: number; caseNumbers: string[] }, now = new Date()): Promise<Result<{ needId: number }>> {
  if (!isDesk(actor.role)) return DESK_ONLY;
  return store.write(async (tx): Promise<Result<{ needId: number }>> => {
    const found = await needInScope(tx, actor, input.needId);
    if (!found) return NOT_FOUND;
    if (!found.need.active) return refuse('该需求已撤销，不能再归集诉求。', 'caseNumbers');
    const gathered = await checkGatherable(store, tx, found.community, found.need.id, input.caseNumbers);
    if (!gathered.ok) return gathered;
    await insertGathered(tx, actor, found.need.id, gathered.fresh, now);
    // A need that began as the secretary's own becomes one the residents raised too.
    if (found.need.source === 'secretary') await tx.update(communityNeeds).set({ source: 'requests', updatedAt: now }).where(eq(communityNeeds.id, found.need.id));
    return { ok: true, needId: found.need.id, message: gathered.fresh.length > 0 ? `已归集 ${gathered.fresh.length} 件诉求。` : '这些诉求已在本需求中。' };
  });
}

export type NeedListItem = {
  id: number;
  communityId: number;
  communityName: string;
  title: string;
  description: string | null;
  source: NeedSource;
  active: boolean;
  requestCount: number;
  projectCount: number;
  createdAt: Date;
};

/** The needs of the communities in a scope, newest first within each community. */
export async function listNeeds(db: AppDb, actor: Pick<CoActor, 'role' | 'scope'>): Promise<NeedListItem[]> {
  if (!isDesk(actor.role)) return [];
  const rows = await db
    .select({
      id: communityNeeds.id,
      communityId: communityNeeds.communityId,
      communityName: orgNodes.name,
      title: communityNeeds.title,
      description: communityNeeds.description,
      source: communityNeeds.source,
      active: communityNeeds.active,
      createdAt: communityNeeds.createdAt,
      path: orgNodes.path,
    })
    .from(communityNeeds)
    .innerJoin(orgNodes, eq(orgNodes.id, communityNeeds.communityId))
    .where(inArray(communityNeeds.communityId, communityIdsIn(db, actor.scope)))
    .orderBy(asc(orgNodes.path), desc(communityNeeds.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [requests, projects] = await Promise.all([
    db.select({ needId: needCases.needId, n: count() }).from(needCases).where(inArray(needCases.needId, ids)).groupBy(needCases.needId),
    db.select({ needId: coProjects.needId, n: count() }).from(coProjects).where(inArray(coProjects.needId, ids)).groupBy(coProjects.needId),
  ]);
  const requestsOf = new Map(requests.map((r) => [r.needId, Number(r.n)]));
  const projectsOf = new Map(projects.map((r) => [r.needId, Number(r.n)]));
  return rows.map(({ path: _p, ...r }) => ({ ...r, requestCount: requestsOf.get(r.id) ?? 0, projectCount: projectsOf.get(r.id) ?? 0 }));
}

/** The requests gathered into a need, as staff see them (number, what, where, status; no resident's details). */
export async function needRequests(db: AppDb, needId: number) {
  return db
    .select({ number: cases.number, description: cases.description, status: cases.status, categoryName: categories.name, createdAt: cases.createdAt })
    .from(needCases)
    .innerJoin(cases, eq(cases.id, needCases.caseId))
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .where(eq(needCases.needId, needId))
    .orderBy(asc(cases.createdAt), asc(cases.id));
}

/** Recent requests of a community not yet in any need: the picker of the gather form. */
export async function gatherableRequests(db: AppDb, communityPath: string, limit = 30): Promise<{ number: string; description: string; status: CaseStatus; createdAt: Date }[]> {
  return db
    .select({ number: cases.number, description: cases.description, status: cases.status, createdAt: cases.createdAt })
    .from(cases)
    .where(
      and(
        like(cases.nodePath, `${communityPath}%`),
        inArray(cases.status, ['accepted', 'assigned', 'in_progress', 'submitted']),
        isNull(cases.duplicateOfId),
        notExists(db.select({ one: needCases.caseId }).from(needCases).where(eq(needCases.caseId, cases.id))),
      ),
    )
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
}
