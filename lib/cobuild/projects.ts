// 项目清单: projects that meet a community's needs, their owner and partner units, progress reports with photos, and
// the secretary's confirmation. Every read and write goes through visibleProjects (lib/cobuild/access.ts).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ProjectStatus } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { communityNeeds, coProjects, jointMeetings, orgNodes, projectPhotos, projectUnits, projectUpdates, units } from '@/db/tables';
import type { StoredPhoto } from '@/lib/cases/commands';
import { writeChange } from '@/lib/registry/audit';
import { actorLabel, isDesk, NOT_FOUND, refuse, unitsServing, visibleProjects, type CoActor, type Result } from './access';
import { needInScope } from './needs';
import { decideProjectStep, PROJECT_STEP_LABELS, type ProjectAction } from './rules';
import type { ProjectInput, ProjectStepInput } from './schemas';

/** The actions that may carry photos: what the unit did, shown as it was. */
export const PHOTO_STEPS: readonly ProjectAction[] = ['progress', 'report_done'];

/** A meeting of the same community, for a project or step decided at it; null when none was named. */
async function meetingOf(tx: AppDb, communityId: number, meetingId: number | null): Promise<number | null | 'invalid'> {
  if (meetingId === null) return null;
  const [row] = await tx
    .select({ id: jointMeetings.id })
    .from(jointMeetings)
    .where(and(eq(jointMeetings.id, meetingId), eq(jointMeetings.communityId, communityId)))
    .limit(1);
  return row ? row.id : 'invalid';
}

/** A project for a need of the secretary's scope, owned by a unit serving that community (others may join). */
export async function createProject(store: Store, actor: CoActor, input: ProjectInput, now = new Date()): Promise<Result<{ projectId: number }>> {
  if (!isDesk(actor.role)) return { ok: false, code: 'forbidden', message: '项目由社区书记立项。' };
  return store.write(async (tx): Promise<Result<{ projectId: number }>> => {
    const found = await needInScope(tx, actor, input.needId);
    if (!found) return NOT_FOUND;
    if (!found.need.active) return refuse('该需求已撤销，不能再立项。', 'needId');
    const serving = await unitsServing(tx, found.community.path);
    const owner = serving.find((u) => u.id === input.ownerUnitId);
    if (!owner) return refuse('请选择服务本社区的单位作为牵头单位', 'ownerUnitId');
    const partners = input.partnerUnitIds.filter((id) => id !== owner.id);
    if (partners.some((id) => !serving.some((u) => u.id === id))) return refuse('参与单位须是服务本社区的单位', 'partnerUnitIds');
    const meetingId = await meetingOf(tx, found.community.id, input.meetingId);
    if (meetingId === 'invalid') return refuse('联席议事记录无效', 'meetingId');
    const fields = {
      needId: found.need.id,
      communityId: found.community.id,
      title: input.title,
      description: input.description,
      ownerUnitId: owner.id,
      // The unit's own contact unless the form names another.
      contactName: input.contactName ?? owner.contactName,
      contactPhone: input.contactPhone ?? owner.contactPhone,
      targetDate: input.targetDate,
      meetingId,
    };
    const [row] = await tx
      .insert(coProjects)
      .values({ ...fields, status: 'not_started', createdByAccountId: actor.id, createdAt: now, updatedAt: now })
      .returning({ id: coProjects.id });
    const projectId = row!.id;
    if (partners.length > 0) await tx.insert(projectUnits).values(partners.map((unitId) => ({ projectId, unitId })));
    await tx.insert(projectUpdates).values({ projectId, at: now, step: 'create', accountId: actor.id, actorLabel: actorLabel(actor), note: null, fromStatus: null, toStatus: 'not_started', meetingId });
    await writeChange(tx, { accountId: actor.id, action: 'create_project', subject: `project:${projectId}`, before: null, after: { ...fields, partnerUnitIds: partners } }, now);
    return { ok: true, projectId, message: `已立项「${input.title}」。` };
  });
}

/**
 * One step on a project (progress, report done, confirm, start, shelve, resume, reopen), decided by the rules of
 * lib/cobuild/rules.ts, against the version the actor saw. A project the actor may not see is "not found".
 */
export async function takeProjectStep(
  store: Store,
  actor: CoActor,
  input: ProjectStepInput,
  photos: readonly StoredPhoto[] = [],
  now = new Date(),
): Promise<Result<{ projectId: number; status: ProjectStatus }>> {
  return store.write(async (tx): Promise<Result<{ projectId: number; status: ProjectStatus }>> => {
    const [project] = await tx
      .select()
      .from(coProjects)
      .where(and(eq(coProjects.id, input.projectId), visibleProjects(tx, actor)))
      .limit(1);
    if (!project) return NOT_FOUND;
    const decision = decideProjectStep(project, actor, input.action);
    if (!decision.ok) return { ok: false, code: decision.code === 'forbidden' ? 'forbidden' : 'invalid_input', message: decision.message };
    if (decision.noteRequired && !input.note) return refuse(input.action === 'shelve' ? '请填写搁置原因' : '请填写说明', 'note');
    if (photos.length > 0 && !PHOTO_STEPS.includes(input.action)) return refuse('此操作不能上传照片。', 'photos');
    const meetingId = isDesk(actor.role) ? await meetingOf(tx, project.communityId, input.meetingId) : null;
    if (meetingId === 'invalid') return refuse('联席议事记录无效', 'meetingId');
    const set = {
      status: decision.toStatus,
      version: project.version + 1,
      updatedAt: now,
      ...(decision.doneReported === 'set' ? { doneReportedAt: now } : decision.doneReported === 'clear' ? { doneReportedAt: null } : {}),
      ...(decision.confirmed === 'set' ? { confirmedAt: now, confirmedByAccountId: actor.id } : decision.confirmed === 'clear' ? { confirmedAt: null, confirmedByAccountId: null } : {}),
    };
    // The version in the WHERE: of two steps taken on the same page state, one wins, the other is told to refresh.
    const updated = await tx
      .update(coProjects)
      .set(set)
      .where(and(eq(coProjects.id, project.id), eq(coProjects.version, input.version)))
      .returning({ id: coProjects.id });
    if (updated.length === 0) return { ok: false, code: 'conflict', message: '项目刚被他人更新，请刷新后再试。' };
    const [update] = await tx
      .insert(projectUpdates)
      .values({ projectId: project.id, at: now, step: input.action, accountId: actor.id, actorLabel: actorLabel(actor), note: input.note, fromStatus: project.status, toStatus: decision.toStatus, meetingId })
      .returning({ id: projectUpdates.id });
    if (photos.length > 0) await tx.insert(projectPhotos).values(photos.map((p) => ({ projectId: project.id, updateId: update!.id, ...p, createdAt: now })));
    await writeChange(
      tx,
      { accountId: actor.id, action: 'project_step', subject: `project:${project.id}`, before: { status: project.status }, after: { status: decision.toStatus }, note: PROJECT_STEP_LABELS[input.action] },
      now,
    );
    return { ok: true, projectId: project.id, status: decision.toStatus, message: `已${PROJECT_STEP_LABELS[input.action]}。` };
  });
}

export type ProjectDetail = NonNullable<Awaited<ReturnType<typeof getProject>>>;

/** A project the reader may see, with its need, units and timeline (photos by step); null for missing and not theirs. */
export async function getProject(db: AppDb, actor: Pick<CoActor, 'role' | 'unitId' | 'scope'>, projectId: number) {
  const [row] = await db
    .select({ project: coProjects, needTitle: communityNeeds.title, communityName: orgNodes.name, ownerName: units.name })
    .from(coProjects)
    .innerJoin(communityNeeds, eq(communityNeeds.id, coProjects.needId))
    .innerJoin(orgNodes, eq(orgNodes.id, coProjects.communityId))
    .innerJoin(units, eq(units.id, coProjects.ownerUnitId))
    .where(and(eq(coProjects.id, projectId), visibleProjects(db, actor)))
    .limit(1);
  if (!row) return null;
  const [partners, updates, photos] = await Promise.all([
    db.select({ id: units.id, name: units.name }).from(projectUnits).innerJoin(units, eq(units.id, projectUnits.unitId)).where(eq(projectUnits.projectId, projectId)).orderBy(asc(units.id)),
    db.select().from(projectUpdates).where(eq(projectUpdates.projectId, projectId)).orderBy(asc(projectUpdates.id)),
    db.select({ id: projectPhotos.id, updateId: projectPhotos.updateId }).from(projectPhotos).where(eq(projectPhotos.projectId, projectId)).orderBy(asc(projectPhotos.id)),
  ]);
  return {
    ...row.project,
    needTitle: row.needTitle,
    communityName: row.communityName,
    ownerName: row.ownerName,
    partners,
    updates: updates.map((u) => ({ ...u, photoIds: photos.filter((p) => p.updateId === u.id).map((p) => p.id) })),
  };
}

/** 推进中, 未启动, then 已完成 and 已搁置. */
const OPEN_FIRST = sql`case ${coProjects.status} when 'in_progress' then 0 when 'not_started' then 1 when 'done' then 2 else 3 end`;

/** The projects a liaison's unit owns or takes part in, open ones first. */
export async function projectsOfUnit(db: AppDb, actor: Pick<CoActor, 'role' | 'unitId' | 'scope'>) {
  return db
    .select({
      id: coProjects.id,
      title: coProjects.title,
      status: coProjects.status,
      targetDate: coProjects.targetDate,
      doneReportedAt: coProjects.doneReportedAt,
      ownerUnitId: coProjects.ownerUnitId,
      ownerName: units.name,
      communityName: orgNodes.name,
      updatedAt: coProjects.updatedAt,
    })
    .from(coProjects)
    .innerJoin(units, eq(units.id, coProjects.ownerUnitId))
    .innerJoin(orgNodes, eq(orgNodes.id, coProjects.communityId))
    .where(visibleProjects(db, actor))
    .orderBy(OPEN_FIRST, desc(coProjects.updatedAt), desc(coProjects.id));
}

/** A progress photo the reader may see (the project's), or null: the same for missing and not theirs. */
export async function projectPhotoForViewer(db: AppDb, actor: Pick<CoActor, 'role' | 'unitId' | 'scope'>, photoId: number) {
  const [row] = await db
    .select({ fileName: projectPhotos.fileName, mime: projectPhotos.mime })
    .from(projectPhotos)
    .innerJoin(coProjects, eq(coProjects.id, projectPhotos.projectId))
    .where(and(eq(projectPhotos.id, photoId), visibleProjects(db, actor)))
    .limit(1);
  return row ?? null;
}

/** The projects of some needs (the need page's list). */
export async function projectsOfNeeds(db: AppDb, needIds: number[]) {
  if (needIds.length === 0) return [];
  return db
    .select({ id: coProjects.id, needId: coProjects.needId, title: coProjects.title, status: coProjects.status, ownerName: units.name, targetDate: coProjects.targetDate, doneReportedAt: coProjects.doneReportedAt, confirmedAt: coProjects.confirmedAt })
    .from(coProjects)
    .innerJoin(units, eq(units.id, coProjects.ownerUnitId))
    .where(inArray(coProjects.needId, needIds))
    .orderBy(asc(coProjects.id));
}
