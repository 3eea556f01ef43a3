// Volunteer activities (志愿活动): staff create them, residents sign up on the community's public page, staff confirm
// attendance (from the list or the household's card) and the household earns the activity's points in the same write.
import { and, asc, count, desc, eq, gt, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ACTIVITY_KINDS, type ActivityKind } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { activitySignups, households, orgNodes, persons, volunteerActivities } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { maskPhone } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { idParamSchema } from '@/lib/org/schemas';
import { phoneSchema } from '@/lib/registry/identity';
import { pickedId } from '@/lib/registry/nodes';
import { ipKey, PUBLIC_SUBMIT_LIMIT, takeHitIn, TOO_MANY_MESSAGE } from '@/lib/rate-limit/hits';
import { textSchema } from '@/lib/validation/text';
import { householdOfCard } from './cards';
import { appendEntry } from './ledger';
import { getRules } from './rules';
import { communityPathOf, isPointsRole, type PointsActor } from './scope';

/** Where an activity may be held: a community (all its residents) or one grid. */
export const ACTIVITY_NODE_KINDS = ['community', 'grid'] as const;

/** "2026-12-05T09:00" from a datetime-local field, read as China time (UTC+8). */
export function chinaLocalToDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h - 8, mi));
  return Number.isNaN(date.getTime()) || date.getUTCMinutes() !== mi ? null : date;
}

export const createActivitySchema = z.object({
  nodeId: pickedId('请选择活动范围'),
  kind: z.enum(ACTIVITY_KINDS, { error: '请选择活动类别' }),
  title: textSchema({ error: '请填写活动名称' }).trim().min(2, '活动名称至少2个字').max(40, '活动名称不超过40字'),
  place: textSchema({ error: '请填写活动地点' }).trim().min(2, '请填写活动地点').max(60, '活动地点不超过60字'),
  startsAt: z
    .string({ error: '请填写活动时间' })
    .trim()
    .transform((v, ctx) => {
      const d = chinaLocalToDate(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: '请填写正确的活动时间' });
        return z.NEVER;
      }
      return d;
    }),
  points: z
    .string({ error: '请填写积分' })
    .trim()
    .regex(/^\d{1,4}$/, '积分须为正整数')
    .transform(Number)
    .pipe(z.number().int().min(1, '积分至少为1')),
  capacity: z
    .string({ error: '请填写名额' })
    .trim()
    .regex(/^\d{1,4}$/, '名额须为1到500之间的整数')
    .transform(Number)
    .pipe(z.number().int().min(1, '名额须为1到500之间的整数').max(500, '名额须为1到500之间的整数')),
});
export type CreateActivityInput = z.infer<typeof createActivitySchema>;

type Refusal = { ok: false; code: 'not_found' | 'invalid_input' | 'conflict' | 'rate_limited'; message: string; fieldErrors?: Record<string, string[]> };
const refuse = (message: string, field?: string): Refusal => ({ ok: false, code: 'invalid_input', message, fieldErrors: field ? { [field]: [message] } : undefined });
const NOT_FOUND: Refusal = { ok: false, code: 'not_found', message: '找不到该活动。' };

/** A new activity on a community or grid of the actor's scope; its points at most the rule of its kind. */
export async function createActivity(store: Store, actor: PointsActor, input: CreateActivityInput, now = new Date()): Promise<{ ok: true; activityId: number } | Refusal> {
  if (!isPointsRole(actor.role)) return NOT_FOUND;
  if (input.startsAt.getTime() <= now.getTime()) return refuse('活动时间须晚于现在', 'startsAt');
  return store.write(async (tx) => {
    const [node] = await tx
      .select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind, retiredAt: orgNodes.retiredAt })
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.nodeId), withinScope(orgNodes.path, actor.scope)))
      .limit(1);
    if (!node || node.retiredAt !== null || !(ACTIVITY_NODE_KINDS as readonly string[]).includes(node.kind)) return refuse('请选择您负责范围内的社区或网格', 'nodeId');
    const cap = (await getRules(tx))[input.kind];
    if (input.points > cap) return refuse(`按积分规则，此类活动每次最多 ${cap} 分`, 'points');
    const [row] = await tx
      .insert(volunteerActivities)
      .values({ nodeId: node.id, nodePath: node.path, kind: input.kind, title: input.title, place: input.place, startsAt: input.startsAt, points: input.points, capacity: input.capacity, createdByAccountId: actor.id, createdAt: now })
      .returning({ id: volunteerActivities.id });
    await writeAudit(tx, { accountId: actor.id, action: 'create_activity', subject: `activity:${row!.id}`, detail: JSON.stringify({ ...input, startsAt: input.startsAt.toISOString() }) }, now);
    return { ok: true, activityId: row!.id };
  });
}

/** Cancels an activity of the actor's scope: it leaves the public page; points already earned stay. */
export async function cancelActivity(store: Store, actor: PointsActor, activityId: number, now = new Date()): Promise<{ ok: true } | Refusal> {
  if (!isPointsRole(actor.role)) return NOT_FOUND;
  return store.write(async (tx) => {
    const updated = await tx
      .update(volunteerActivities)
      .set({ cancelledAt: now })
      .where(and(eq(volunteerActivities.id, activityId), withinScope(volunteerActivities.nodePath, actor.scope), isNull(volunteerActivities.cancelledAt)))
      .returning({ id: volunteerActivities.id });
    if (updated.length === 0) return NOT_FOUND;
    await writeAudit(tx, { accountId: actor.id, action: 'cancel_activity', subject: `activity:${activityId}` }, now);
    return { ok: true };
  });
}

const signupCounts = (db: AppDb) =>
  db
    .select({
      activityId: activitySignups.activityId,
      signedUp: count().as('signed_up'),
      attended: sql<number>`sum(case when ${activitySignups.attendedAt} is null then 0 else 1 end)`.mapWith(Number).as('attended'),
    })
    .from(activitySignups)
    .groupBy(activitySignups.activityId)
    .as('counts');

export type ActivityRow = {
  id: number;
  kind: ActivityKind;
  title: string;
  place: string;
  startsAt: Date;
  points: number;
  capacity: number;
  cancelledAt: Date | null;
  nodeName: string;
  signedUp: number;
  attended: number;
};

function activityColumns(counts: ReturnType<typeof signupCounts>) {
  return {
    id: volunteerActivities.id,
    kind: volunteerActivities.kind,
    title: volunteerActivities.title,
    place: volunteerActivities.place,
    startsAt: volunteerActivities.startsAt,
    points: volunteerActivities.points,
    capacity: volunteerActivities.capacity,
    cancelledAt: volunteerActivities.cancelledAt,
    nodeName: orgNodes.name,
    signedUp: sql<number>`coalesce(${counts.signedUp}, 0)`.mapWith(Number),
    attended: sql<number>`coalesce(${counts.attended}, 0)`.mapWith(Number),
  };
}

/** The activities of the actor's scope, newest first; `takingSignUps` while they are ahead and not cancelled. */
export async function listActivities(db: AppDb, actor: PointsActor, { limit = 100, now = new Date() } = {}): Promise<(ActivityRow & { takingSignUps: boolean })[]> {
  if (!isPointsRole(actor.role)) return [];
  const counts = signupCounts(db);
  const rows = await db
    .select(activityColumns(counts))
    .from(volunteerActivities)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerActivities.nodeId))
    .leftJoin(counts, eq(counts.activityId, volunteerActivities.id))
    .where(withinScope(volunteerActivities.nodePath, actor.scope))
    .orderBy(desc(volunteerActivities.startsAt), desc(volunteerActivities.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, takingSignUps: r.cancelledAt === null && r.startsAt.getTime() > now.getTime() }));
}

/** `purged`: the retention purge removed the name and phone the resident gave (lib/pipl/retention.ts). */
export type SignupRow = { id: number; name: string | null; phone: string; householdId: number | null; householdAddress: string | null; attendedAt: Date | null; purged: boolean };

/** One activity of the actor's scope with its sign-ups (phones masked), or null. */
export async function getActivity(db: AppDb, actor: PointsActor, activityId: number): Promise<{ activity: ActivityRow & { nodePath: string }; signups: SignupRow[] } | null> {
  if (!isPointsRole(actor.role)) return null;
  const counts = signupCounts(db);
  const [activity] = await db
    .select({ ...activityColumns(counts), nodePath: volunteerActivities.nodePath })
    .from(volunteerActivities)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerActivities.nodeId))
    .leftJoin(counts, eq(counts.activityId, volunteerActivities.id))
    .where(and(eq(volunteerActivities.id, activityId), withinScope(volunteerActivities.nodePath, actor.scope)))
    .limit(1);
  if (!activity) return null;
  const rows = await db
    .select({
      id: activitySignups.id,
      name: activitySignups.name,
      phone: activitySignups.phone,
      householdId: activitySignups.householdId,
      householdAddress: households.address,
      attendedAt: activitySignups.attendedAt,
      purgedAt: activitySignups.personalDataPurgedAt,
    })
    .from(activitySignups)
    .leftJoin(households, eq(households.id, activitySignups.householdId))
    .where(eq(activitySignups.activityId, activityId))
    .orderBy(asc(activitySignups.id));
  return { activity, signups: rows.map(({ purgedAt, ...r }) => ({ ...r, phone: maskPhone(r.phone), purged: purgedAt !== null })) };
}

// ---- the public side -------------------------------------------------------------------------

export type PublicActivity = { id: number; kind: ActivityKind; title: string; place: string; startsAt: Date; points: number; capacity: number; remaining: number; nodeName: string };

/** An active community by id, or null: the public pages of a community answer "not found" otherwise. */
export async function publicCommunity(db: AppDb, communityId: number): Promise<{ id: number; name: string; path: string } | null> {
  const [node] = await db
    .select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, communityId), eq(orgNodes.kind, 'community'), isNull(orgNodes.retiredAt)))
    .limit(1);
  return node ?? null;
}

/** The community's coming activities that take sign-ups, soonest first: nothing about who signed up. */
export async function upcomingActivities(db: AppDb, communityPath: string, now: Date, { limit = 30 } = {}): Promise<PublicActivity[]> {
  const counts = signupCounts(db);
  const rows = await db
    .select(activityColumns(counts))
    .from(volunteerActivities)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerActivities.nodeId))
    .leftJoin(counts, eq(counts.activityId, volunteerActivities.id))
    .where(and(like(volunteerActivities.nodePath, `${communityPath}%`), isNull(volunteerActivities.cancelledAt), gt(volunteerActivities.startsAt, now)))
    .orderBy(asc(volunteerActivities.startsAt), asc(volunteerActivities.id))
    .limit(limit);
  return rows.map(({ signedUp, attended: _attended, cancelledAt: _cancelled, ...r }) => ({ ...r, remaining: Math.max(0, r.capacity - signedUp) }));
}

export const signUpSchema = z.object({
  activityId: idParamSchema,
  name: textSchema({ error: '请填写姓名' }).trim().min(2, '请填写姓名').max(20, '姓名不超过20字'),
  phone: z.string({ error: '请填写手机号' }).pipe(phoneSchema),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

/** What a resident reads after signing up (the public page shows it again after its redirect). */
export const SIGNED_UP_MESSAGE = '报名成功！请按时参加，现场由工作人员签到后计入您家的志愿积分。';

export type SignUpResult = { ok: true; matched: boolean; message: string } | Refusal;

/**
 * A resident's sign-up from the public page (no account): throttled per address, then under a lock on the activity
 * (capacity holds under concurrent sign-ups on any server) the places are counted, the phone checked for a second
 * sign-up and the household matched: the registry's present resident with this name and phone in the community, if
 * exactly one household has one (otherwise staff choose the household when confirming attendance).
 */
export async function signUp(store: Store, request: { communityId: number; input: SignUpInput; ip: string | null }, now = new Date()): Promise<SignUpResult> {
  const { input } = request;
  // One write for the throttle and the sign-up: one commit per resident (a refused sign-up still counts as a hit).
  return store.write(async (tx): Promise<SignUpResult> => {
    if (!(await takeHitIn(store, tx, ipKey('signup', request.ip), PUBLIC_SUBMIT_LIMIT, now))) return { ok: false, code: 'rate_limited', message: TOO_MANY_MESSAGE };
    await store.lockKey(tx, `activity:${input.activityId}`);
    const [activity] = await tx
      .select({ id: volunteerActivities.id, path: volunteerActivities.nodePath, capacity: volunteerActivities.capacity, startsAt: volunteerActivities.startsAt, cancelledAt: volunteerActivities.cancelledAt })
      .from(volunteerActivities)
      .where(eq(volunteerActivities.id, input.activityId))
      .limit(1);
    const community = activity ? communityPathOf(activity.path) : null;
    const [node] = community ? await tx.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.path, community)).limit(1) : [];
    if (!activity || node?.id !== request.communityId || activity.cancelledAt !== null) return NOT_FOUND;
    if (activity.startsAt.getTime() <= now.getTime()) return { ok: false, code: 'conflict', message: '活动已开始，报名已截止。' };
    const [taken] = await tx.select({ n: count() }).from(activitySignups).where(eq(activitySignups.activityId, activity.id));
    if (taken!.n >= activity.capacity) return { ok: false, code: 'conflict', message: '名额已满，感谢您的热心！请关注其他活动。' };
    const [samePhone] = await tx
      .select({ id: activitySignups.id })
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.phone, input.phone)))
      .limit(1);
    if (samePhone) return { ok: false, code: 'conflict', message: '这个手机号已经报过名了。' };
    const matches = await tx
      .selectDistinct({ householdId: households.id })
      .from(persons)
      .innerJoin(households, eq(households.id, persons.householdId))
      .where(and(eq(persons.phone, input.phone), eq(persons.name, input.name), eq(persons.status, 'present'), like(households.nodePath, `${community}%`)))
      .orderBy(asc(households.id))
      .limit(2);
    const householdId = matches.length === 1 ? matches[0]!.householdId : null;
    if (householdId !== null) {
      const [sameHousehold] = await tx
        .select({ id: activitySignups.id })
        .from(activitySignups)
        .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.householdId, householdId)))
        .limit(1);
      // Points are per household: a second member of a household that signed up is welcome, but is not a second place for points.
      if (sameHousehold) return { ok: false, code: 'conflict', message: '您家已有人报名此活动，无需重复报名。' };
    }
    await tx.insert(activitySignups).values({ activityId: activity.id, name: input.name, phone: input.phone, householdId, createdAt: now });
    return { ok: true, matched: householdId !== null, message: SIGNED_UP_MESSAGE };
  });
}

// ---- attendance ------------------------------------------------------------------------------

export const confirmSchema = z.object({
  activityId: idParamSchema,
  signupId: idParamSchema,
  householdId: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number({ error: '请选择住户' }).int('请选择住户').positive('请选择住户').max(2_147_483_647, '请选择住户').nullable()),
});
export type ConfirmInput = z.infer<typeof confirmSchema>;

export const cardConfirmSchema = z.object({
  activityId: idParamSchema,
  card: textSchema({ error: '请扫描或输入户卡编号' }).trim().min(1, '请扫描或输入户卡编号').max(300, '户卡编号无效'),
});

export type ConfirmResult = { ok: true; message: string; householdId: number } | Refusal;

async function activityForStaff(tx: AppDb, actor: PointsActor, activityId: number) {
  const [activity] = await tx
    .select({ id: volunteerActivities.id, title: volunteerActivities.title, path: volunteerActivities.nodePath, points: volunteerActivities.points, cancelledAt: volunteerActivities.cancelledAt })
    .from(volunteerActivities)
    .where(and(eq(volunteerActivities.id, activityId), withinScope(volunteerActivities.nodePath, actor.scope)))
    .limit(1);
  return activity && activity.cancelledAt === null ? activity : null;
}

/** Marks a sign-up attended and credits its household, once (the conditional UPDATE and the ledger's unique source). */
async function attend(tx: AppDb, actor: PointsActor, activity: NonNullable<Awaited<ReturnType<typeof activityForStaff>>>, signupId: number, householdId: number, now: Date): Promise<ConfirmResult> {
  const updated = await tx
    .update(activitySignups)
    .set({ householdId, attendedAt: now, confirmedByAccountId: actor.id })
    .where(and(eq(activitySignups.id, signupId), eq(activitySignups.activityId, activity.id), isNull(activitySignups.attendedAt)))
    .returning({ id: activitySignups.id });
  if (updated.length === 0) return { ok: false, code: 'conflict', message: '已签到，无需重复确认。' };
  await appendEntry(tx, { householdId, kind: 'activity', sourceId: signupId, points: activity.points, reason: `参加活动「${activity.title}」`, accountId: actor.id }, now);
  await writeAudit(tx, { accountId: actor.id, action: 'confirm_attendance', subject: `activity:${activity.id}`, detail: JSON.stringify({ signupId, householdId, points: activity.points }) }, now);
  return { ok: true, householdId, message: `已签到，该户获得 ${activity.points} 分` };
}

async function householdInCommunity(tx: AppDb, householdId: number, activityPath: string): Promise<boolean> {
  const community = communityPathOf(activityPath);
  if (!community) return false;
  const [h] = await tx.select({ id: households.id }).from(households).where(and(eq(households.id, householdId), like(households.nodePath, `${community}%`))).limit(1);
  return !!h;
}

/** Confirms a sign-up from the list; one not matched to a household needs `householdId` (a household of the activity's community). */
export async function confirmAttendance(store: Store, actor: PointsActor, input: ConfirmInput, now = new Date()): Promise<ConfirmResult> {
  if (!isPointsRole(actor.role)) return NOT_FOUND;
  return store.write(async (tx): Promise<ConfirmResult> => {
    const activity = await activityForStaff(tx, actor, input.activityId);
    if (!activity) return NOT_FOUND;
    await store.lockKey(tx, `activity:${activity.id}`);
    const [signup] = await tx
      .select({ id: activitySignups.id, householdId: activitySignups.householdId, attendedAt: activitySignups.attendedAt })
      .from(activitySignups)
      .where(and(eq(activitySignups.id, input.signupId), eq(activitySignups.activityId, activity.id)))
      .limit(1);
    if (!signup) return { ok: false, code: 'not_found', message: '找不到该报名记录。' };
    if (signup.attendedAt) return { ok: false, code: 'conflict', message: '已签到，无需重复确认。' };
    const householdId = signup.householdId ?? input.householdId;
    if (householdId === null) return refuse('报名信息未能匹配到住户，请先选择该居民所在的住户', 'householdId');
    if (!(await householdInCommunity(tx, householdId, activity.path))) return refuse('请选择本社区的住户', 'householdId');
    if (signup.householdId === null) {
      const [other] = await tx
        .select({ id: activitySignups.id })
        .from(activitySignups)
        .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.householdId, householdId)))
        .limit(1);
      if (other) return refuse('该户已有报名记录，请在名单中为那条记录签到', 'householdId');
    }
    return attend(tx, actor, activity, signup.id, householdId, now);
  });
}

/** Confirms by the household's card: its sign-up if it has one, otherwise a walk-in (现场参加) recorded now. */
export async function confirmByCard(store: Store, actor: PointsActor, input: { activityId: number; card: string }, now = new Date()): Promise<ConfirmResult> {
  if (!isPointsRole(actor.role)) return NOT_FOUND;
  return store.write(async (tx): Promise<ConfirmResult> => {
    const activity = await activityForStaff(tx, actor, input.activityId);
    if (!activity) return NOT_FOUND;
    await store.lockKey(tx, `activity:${activity.id}`);
    const householdId = await householdOfCard(tx, input.card);
    if (householdId === null) return refuse('无效的户卡，请核对后重试', 'card');
    if (!(await householdInCommunity(tx, householdId, activity.path))) return refuse('这张户卡不属于本社区', 'card');
    const [signup] = await tx
      .select({ id: activitySignups.id, attendedAt: activitySignups.attendedAt })
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.householdId, householdId)))
      .limit(1);
    if (signup?.attendedAt) return { ok: false, code: 'conflict', message: '该户已签到，无需重复确认。' };
    const signupId = signup
      ? signup.id
      : (await tx.insert(activitySignups).values({ activityId: activity.id, householdId, createdAt: now }).returning({ id: activitySignups.id }))[0]!.id;
    return attend(tx, actor, activity, signupId, householdId, now);
  });
}

/** The communities an account works in: those inside its scope and those its scope lies in (a grid worker's community). */
export async function communitiesOf(db: AppDb, actor: PointsActor): Promise<{ id: number; name: string; path: string }[]> {
  const above = [...new Set(actor.scope.paths.map(communityPathOf).filter((p): p is string => p !== null))];
  return db
    .select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'community'), isNull(orgNodes.retiredAt), above.length > 0 ? or(withinScope(orgNodes.path, actor.scope), inArray(orgNodes.path, above)) : withinScope(orgNodes.path, actor.scope)))
    .orderBy(asc(orgNodes.path), asc(orgNodes.id));
}

/** Where the actor may hold an activity: the communities and grids of their scope. */
export async function activityPlaces(db: AppDb, actor: PointsActor): Promise<{ id: number; label: string }[]> {
  const nodes = await db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind })
    .from(orgNodes)
    .where(and(withinScope(orgNodes.path, actor.scope), isNull(orgNodes.retiredAt), inArray(orgNodes.kind, [...ACTIVITY_NODE_KINDS])))
    .orderBy(asc(orgNodes.path), asc(orgNodes.id));
  return nodes.map((n) => ({ id: n.id, label: n.kind === 'community' ? `${n.name}（全社区）` : n.name }));
}
