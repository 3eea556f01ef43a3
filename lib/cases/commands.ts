// Writes to cases: logging a new request and performing a lifecycle action, each in one transaction.
import crypto from 'node:crypto';
import { and, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import {
  accountScopes,
  accounts,
  caseEvents,
  casePhotos,
  cases,
  categories,
  households,
  notifications,
  orgNodes,
  timeLimits,
  units,
  visits,
  type Urgency,
} from '@/db/schema';
import { isWithinScope } from '@/lib/auth/scope';
import { addHours, DEFAULT_LIMITS } from './due';
import { RETIRED_PLACE_MESSAGE } from './intake-points';
import { actorLabel, eventRow } from './events';
import { decide, intakeSteps, type ActionInput, type Actor, type CaseSnapshot, type DecisionContext, type NotifyTarget } from './lifecycle';
import type { CreateCaseInput } from './schemas';
import { onceOnBoardFor, visibleCases, type Viewer } from './visibility';

export type StoredPhoto = { fileName: string; mime: string; width: number; height: number; bytes: number };
/** A handler's photo with the handler's choice whether the resident may see it on the status page. */
export type AttachedPhoto = StoredPhoto & { public?: boolean };

export type CommandError = {
  ok: false;
  code: 'not_found' | 'forbidden' | 'invalid_state' | 'invalid_input' | 'conflict';
  message: string;
  fieldErrors?: Record<string, string[]>;
};

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
type CaseRow = typeof cases.$inferSelect;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Time limits for every category and urgency, read once per command (a few dozen rows). */
export function loadLimits(db: DB | Tx): DecisionContext['limits'] {
  const rows = db.select().from(timeLimits).all();
  const map = new Map(rows.map((r) => [`${r.categoryId}:${r.urgency}`, r]));
  return (categoryId, urgency) => {
    const row = categoryId === null ? undefined : map.get(`${categoryId}:${urgency}`);
    return row ? { acceptHours: row.acceptHours, resolveHours: row.resolveHours } : DEFAULT_LIMITS[urgency];
  };
}

/** The tracking number: YH + the China-time date + a per-day sequence. */
function nextCaseNumber(tx: Tx, now: Date): string {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const prefix = `YH${day}-`;
  const last = tx
    .select({ number: cases.number })
    .from(cases)
    .where(and(gte(cases.number, prefix), lt(cases.number, `YH${day}.`)))
    // Longest first: past 9,999 a day, "-10000" must still count as later than "-9999".
    .orderBy(sql`length(${cases.number}) desc`, sql`${cases.number} desc`)
    .limit(1)
    .get();
  const seq = last ? Number(last.number.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(seq).padStart(4, '0')}`;
}

/** The grid a node belongs to: itself, or the grid on its path. */
function gridOf(tx: Tx, node: { id: number; kind: string; path: string }): number | null {
  if (node.kind === 'grid') return node.id;
  const ids = node.path.split('/').filter(Boolean).map(Number);
  const grid = tx
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(inArray(orgNodes.id, ids), eq(orgNodes.kind, 'grid')))
    .get();
  return grid?.id ?? null;
}

const CREATOR_ROLES = new Set(['admin', 'secretary', 'grid_worker', 'party_member']);

/** `replayed`: the client key had been used before, and this is the case it logged then. */
export type CreateCaseResult = { ok: true; id: number; number: string; token: string; version: number; status: CaseRow['status']; replayed?: boolean } | CommandError;

/**
 * A repeated client key: the same creator retrying after a lost response gets the case it
 * already logged. Only the hash of the resident's status-link token is stored, so the earlier
 * token cannot be returned; a fresh one replaces it, which is harmless because the caller
 * retrying is the one that never received the first. Anyone else reusing the key is refused.
 */
function replayCreate(tx: Tx, actor: Actor, earlier: CaseRow): CreateCaseResult {
  const sameCreator =
    (actor.kind === 'account' && earlier.createdByAccountId === actor.id) || (actor.kind === 'integration' && earlier.apiTokenId === actor.id);
  if (!sameCreator) return { ok: false, code: 'conflict', message: '该提交编号已被使用，请刷新页面后重新登记。' };
  const token = crypto.randomBytes(18).toString('base64url');
  tx.update(cases).set({ publicTokenHash: hashToken(token) }).where(eq(cases.id, earlier.id)).run();
  return { ok: true, id: earlier.id, number: earlier.number, token, version: earlier.version, status: earlier.status, replayed: true };
}

/**
 * Logs a request. Staff and integrations may log at any grid or building in their scope; a
 * resident's location comes from the QR code they scanned (`intakePointId` + its node).
 */
export function createCase(
  db: DB,
  actor: Actor,
  input: CreateCaseInput & { intakePointId?: number; clientKey?: string; wantsCallback?: boolean; ownIntake?: boolean; resolution?: string; visitId?: number },
  photos: StoredPhoto[],
  now = new Date(),
): CreateCaseResult {
  if (actor.kind === 'account' && !CREATOR_ROLES.has(actor.role)) return { ok: false, code: 'forbidden', message: '您无权登记诉求。' };
  if (actor.kind === 'system') return { ok: false, code: 'forbidden', message: '系统不能登记诉求。' };
  try {
    return db.transaction((tx) => insertCase(tx, actor, input, photos, now), { behavior: 'immediate' });
  } catch (error) {
    // A follow-up step the rules refused undoes the whole intake: nothing half-logged stays behind.
    if (error instanceof StepRefused) return error.result;
    throw error;
  }
}

class StepRefused extends Error {
  constructor(readonly result: CommandError) {
    super(result.message);
  }
}

function insertCase(
  tx: Tx,
  actor: Exclude<Actor, { kind: 'system' }>,
  input: Parameters<typeof createCase>[2],
  photos: StoredPhoto[],
  now: Date,
): CreateCaseResult {
  // Checked inside the transaction so two retries cannot both pass; the unique index backs it up.
  if (input.clientKey !== undefined) {
    const earlier = tx.select().from(cases).where(eq(cases.clientKey, input.clientKey)).get();
    if (earlier) return replayCreate(tx, actor, earlier);
  }
  const node = tx.select().from(orgNodes).where(eq(orgNodes.id, input.nodeId)).get();
  const covers = node && (actor.kind === 'resident' || isWithinScope(actor.scope, node.path));
  if (!node || !covers || (node.kind !== 'grid' && node.kind !== 'building')) {
    return { ok: false, code: 'invalid_input', message: '请选择您负责范围内的网格或楼栋。', fieldErrors: { nodeId: ['请选择您负责范围内的网格或楼栋'] } };
  }
  // A retired grid or building (lib/registry/nodes.ts) keeps its history but takes nothing new, whatever the channel.
  if (node.retiredAt !== null) {
    return { ok: false, code: 'invalid_input', message: RETIRED_PLACE_MESSAGE, fieldErrors: { nodeId: ['该网格或楼栋已撤销，不再受理新的诉求'] } };
  }
  if (input.householdId !== undefined) {
    const household = tx.select({ nodePath: households.nodePath }).from(households).where(eq(households.id, input.householdId)).get();
    if (!household || !household.nodePath.startsWith(node.path)) {
      return { ok: false, code: 'invalid_input', message: '所选住户不在该地点。', fieldErrors: { householdId: ['所选住户不在该地点'] } };
    }
  }
  if (input.visitId !== undefined) {
    // A request logged from a visit (民情账本): about the visited household, by door-knocking, once per visit.
    const visit = tx.select({ householdId: visits.householdId, caseId: visits.caseId }).from(visits).where(eq(visits.id, input.visitId)).get();
    if (!visit || visit.householdId !== input.householdId || input.source !== 'door_knock') {
      return { ok: false, code: 'invalid_input', message: '该走访记录与所选住户或来源不符。', fieldErrors: { householdId: ['由走访登记的诉求应为该户、来源为敲门走访'] } };
    }
    if (visit.caseId !== null) return { ok: false, code: 'conflict', message: '这次走访已经登记过诉求。' };
  }
  if (input.categoryId !== undefined) {
    const category = tx.select({ id: categories.id }).from(categories).where(and(eq(categories.id, input.categoryId), eq(categories.active, true))).get();
    if (!category) return { ok: false, code: 'invalid_input', message: '事项分类无效。', fieldErrors: { categoryId: ['事项分类无效'] } };
  }
  const gridId = gridOf(tx, node);
  if (gridId === null) return { ok: false, code: 'invalid_input', message: '该地点不属于任何网格。' };

  const limits = loadLimits(tx)(input.categoryId ?? null, input.urgency as Urgency);
  const token = crypto.randomBytes(18).toString('base64url');
  const number = nextCaseNumber(tx, now);
  const row = tx
    .insert(cases)
    .values({
      number,
      publicTokenHash: hashToken(token),
      description: input.description,
      categoryId: input.categoryId ?? null,
      urgency: input.urgency,
      source: input.source,
      nodeId: node.id,
      nodePath: node.path,
      gridId,
      householdId: input.householdId ?? null,
      place: input.place ?? null,
      residentName: input.residentName ?? null,
      residentPhone: input.residentPhone ?? null,
      status: 'submitted',
      acceptDueAt: addHours(now, limits.acceptHours),
      createdAt: now,
      updatedAt: now,
      createdByAccountId: actor.kind === 'account' ? actor.id : null,
      apiTokenId: actor.kind === 'integration' ? actor.id : null,
      intakePointId: input.intakePointId ?? null,
      clientKey: input.clientKey ?? null,
    })
    .returning({ id: cases.id, version: cases.version })
    .get();
  if (input.visitId !== undefined) tx.update(visits).set({ caseId: row.id }).where(eq(visits.id, input.visitId)).run();
  const event = tx
    .insert(caseEvents)
    .values({
      caseId: row.id,
      at: now,
      action: 'submit',
      actorKind: actor.kind,
      actorAccountId: actor.kind === 'account' ? actor.id : null,
      actorLabel: actorLabel(actor),
      fromStatus: null,
      toStatus: 'submitted',
      data: input.wantsCallback ? { source: input.source, wantsCallback: true } : { source: input.source },
    })
    .returning({ id: caseEvents.id })
    .get();
  const steps = intakeSteps(actor, { ownIntake: input.ownIntake, categoryId: input.categoryId, urgency: input.urgency as Urgency, resolution: input.resolution });
  // Evidence of an on-the-spot fix belongs to the resolution; otherwise photos show the problem.
  const resolvedNow = steps.at(-1)?.action === 'resolve';
  insertPhotos(tx, row.id, event.id, resolvedNow ? [] : photos, now);
  if (steps.length === 0) {
    // Only a request still waiting for triage is news to the grid's workers.
    const recipients = resolveRecipients(tx, { to: 'grid_workers' }, { nodePath: node.path, handlerKind: null, handlerAccountId: null, handlerUnitId: null });
    notify(tx, recipients, row.id, 'new_case', null, now, actor);
  }
  let version = row.version;
  let status: CaseRow['status'] = 'submitted';
  steps.forEach((step, i) => {
    const current = tx.select().from(cases).where(eq(cases.id, row.id)).get()!;
    const result = applyAction(tx, actor, current, step, i === steps.length - 1 && resolvedNow ? photos : [], now);
    if (!result.ok) throw new StepRefused(result);
    version = result.version;
    status = result.status;
  });
  return { ok: true, id: row.id, number, token, version, status };
}

function insertPhotos(tx: Tx, caseId: number, eventId: number, photos: AttachedPhoto[], now: Date) {
  if (photos.length === 0) return;
  tx.insert(casePhotos)
    .values(photos.map((p) => ({ ...p, caseId, eventId, createdAt: now })))
    .run();
}

type NotifyCase = { nodePath: string; handlerKind: string | null; handlerAccountId: number | null; handlerUnitId: number | null };

/** The accounts behind a notification target; covering accounts are found by path prefix. */
function resolveRecipients(tx: Tx, target: NotifyTarget, c: NotifyCase): number[] {
  const coveringAccounts = (role: 'grid_worker' | 'secretary') =>
    tx
      .select({ id: accounts.id, path: orgNodes.path })
      .from(accounts)
      .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
      .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
      .where(and(eq(accounts.role, role), eq(accounts.active, true), sql`${c.nodePath} LIKE ${orgNodes.path} || '%'`))
      .all()
      .map((r) => r.id);
  const unitLiaisons = (unitId: number) =>
    tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.role, 'unit_liaison'), eq(accounts.unitId, unitId), eq(accounts.active, true)))
      .all()
      .map((r) => r.id);
  switch (target.to) {
    case 'account':
      return [target.accountId];
    case 'unit':
      return unitLiaisons(target.unitId);
    case 'grid_workers':
      return coveringAccounts('grid_worker');
    case 'secretaries':
      return coveringAccounts('secretary');
    case 'handler':
      if (c.handlerKind === 'unit' && c.handlerUnitId !== null) return unitLiaisons(c.handlerUnitId);
      return c.handlerAccountId !== null ? [c.handlerAccountId] : coveringAccounts('grid_worker');
  }
}

function notify(tx: Tx, accountIds: number[], caseId: number, kind: (typeof notifications.$inferInsert)['kind'], note: string | null, now: Date, actor: Actor) {
  const self = actor.kind === 'account' ? actor.id : null;
  const ids = [...new Set(accountIds)].filter((id) => id !== self);
  if (ids.length === 0) return;
  tx.insert(notifications)
    .values(ids.map((accountId) => ({ accountId, caseId, kind, note, createdAt: now })))
    .run();
}

export type CaseRef = { number: string } | { tokenHash: string } | { id: number };

export type ActionResult = { ok: true; id: number; number: string; version: number; status: CaseRow['status'] } | (CommandError & { current?: { version: number; status: CaseRow['status'] } });

function loadCase(tx: Tx, actor: Actor, ref: CaseRef): CaseRow | undefined {
  const byRef = 'number' in ref ? eq(cases.number, ref.number) : 'tokenHash' in ref ? eq(cases.publicTokenHash, ref.tokenHash) : eq(cases.id, ref.id);
  // A resident reaches a case only through its private token; staff through their visibility rule.
  if (actor.kind === 'resident') return 'tokenHash' in ref ? tx.select().from(cases).where(byRef).get() : undefined;
  if (actor.kind === 'system') return tx.select().from(cases).where(byRef).get();
  return tx.select().from(cases).where(and(byRef, visibleCases(actor as Viewer))).get();
}

function snapshot(c: CaseRow): CaseSnapshot {
  return {
    status: c.status,
    nodePath: c.nodePath,
    categoryId: c.categoryId,
    urgency: c.urgency,
    handlerKind: c.handlerKind,
    handlerAccountId: c.handlerAccountId,
    handlerUnitId: c.handlerUnitId,
    escalationLevel: c.escalationLevel,
    acceptDueAt: c.acceptDueAt,
    resolveDueAt: c.resolveDueAt,
    rateDueAt: c.rateDueAt,
    extensionRequestedHours: c.extensionRequestedHours,
    reopenCount: c.reopenCount,
  };
}

/** Looks up what the rules need to judge the input: the chosen category, the target account, unit or original case. */
function buildContext(tx: Tx, actor: Actor, c: CaseRow, request: ActionInput, now: Date): DecisionContext {
  const ctx: DecisionContext = { now, limits: loadLimits(tx) };
  if (request.action === 'accept') {
    // Checked here, not left to the foreign key: an unknown id is bad input, not a server error.
    const category = tx.select({ id: categories.id, active: categories.active }).from(categories).where(eq(categories.id, request.categoryId)).get();
    if (category) ctx.category = category;
  }
  if (request.action === 'assign_worker') {
    const target = tx.select({ id: accounts.id, role: accounts.role, active: accounts.active }).from(accounts).where(eq(accounts.id, request.accountId)).get();
    if (target?.active) {
      const paths = tx
        .select({ path: orgNodes.path })
        .from(accountScopes)
        .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
        .where(eq(accountScopes.accountId, target.id))
        .all()
        .map((r) => r.path);
      ctx.targetAccount = { id: target.id, role: target.role, coversCase: isWithinScope({ paths }, c.nodePath) };
    }
  }
  const unitId = request.action === 'hand_to_unit' || request.action === 'escalate' ? request.unitId : undefined;
  if (unitId !== undefined) {
    // A deactivated unit (lib/registry/units.ts) receives nothing new; its past cases keep it.
    const unit = tx.select({ id: units.id, kind: units.kind, nodePath: units.nodePath }).from(units).where(and(eq(units.id, unitId), eq(units.active, true))).get();
    if (unit) ctx.targetUnit = { id: unit.id, kind: unit.kind, coversCase: c.nodePath.startsWith(unit.nodePath) };
  }
  if (request.action === 'mark_duplicate') {
    const original = loadCase(tx, actor, { number: request.duplicateOf });
    if (original) ctx.original = { id: original.id, status: original.status, coversCase: true, isSelf: original.id === c.id };
  }
  return ctx;
}

const TAKEN_BY_OTHERS = '该事项刚刚已被他人处理，已不在认领台上。';

/**
 * Why a case cannot be acted on when the actor cannot see it. A party member loses sight of a
 * board case the moment another member claims it (or a triager takes it back); from the page
 * they loaded it is a conflict, not a secret. They learn only that, not the case's new state.
 */
function notVisible(tx: Tx, actor: Actor, ref: CaseRef): CommandError {
  if (actor.kind === 'account' && actor.role === 'party_member' && !('tokenHash' in ref)) {
    const byRef = 'number' in ref ? eq(cases.number, ref.number) : eq(cases.id, ref.id);
    const wasOnBoard = tx.select({ id: cases.id }).from(cases).where(and(byRef, onceOnBoardFor(actor as Viewer))).get();
    if (wasOnBoard) return { ok: false, code: 'conflict', message: TAKEN_BY_OTHERS };
  }
  return { ok: false, code: 'not_found', message: '事项不存在，或不在您的管辖范围内。' };
}

/** A lifecycle action with the case version the actor saw. */
export type VersionedAction = ActionInput & { version: number };

function withoutVersion(request: VersionedAction): ActionInput {
  const { version: _version, ...input } = request;
  return input as ActionInput;
}

/**
 * Performs one lifecycle action. The case must still be at `request.version`: of two people
 * acting at once, exactly one succeeds and the other gets "conflict" with the current state.
 */
export function performAction(db: DB, actor: Actor, ref: CaseRef, request: VersionedAction, photos: AttachedPhoto[] = [], now = new Date()): ActionResult {
  return db.transaction((tx): ActionResult => {
    const c = loadCase(tx, actor, ref);
    if (!c) return notVisible(tx, actor, ref);
    const current = { version: c.version, status: c.status };
    if (c.version !== request.version) {
      return { ok: false, code: 'conflict', message: '该事项刚刚已被他人处理，已为您显示最新状态，请确认后再操作。', current };
    }
    return applyAction(tx, actor, c, withoutVersion(request), photos, now);
  }, { behavior: 'immediate' });
}

/** Decides one action on a loaded case and writes it: the patch with the next version, its event, photos and notifications. */
function applyAction(tx: Tx, actor: Actor, c: CaseRow, request: ActionInput, photos: StoredPhoto[], now: Date): ActionResult {
  const current = { version: c.version, status: c.status };
  const decision = decide(snapshot(c), actor, request, buildContext(tx, actor, c, request, now));
  if (!decision.ok) return { ...decision, current };

  const updated = tx
    .update(cases)
    .set({ ...decision.patch, version: c.version + 1, updatedAt: now })
    .where(and(eq(cases.id, c.id), eq(cases.version, c.version)))
    .returning({ version: cases.version, status: cases.status, handlerKind: cases.handlerKind, handlerAccountId: cases.handlerAccountId, handlerUnitId: cases.handlerUnitId })
    .get();
  if (!updated) return { ok: false, code: 'conflict', message: '该事项刚刚已被他人处理，已为您显示最新状态，请确认后再操作。', current };

  const inserted = tx.insert(caseEvents).values(eventRow(c.id, actor, decision.event, now)).returning({ id: caseEvents.id }).get();
  insertPhotos(tx, c.id, inserted.id, photos, now);
  for (const n of decision.notify) {
    notify(tx, resolveRecipients(tx, n.target, { nodePath: c.nodePath, ...updated }), c.id, n.kind, n.note ?? null, now, actor);
  }
  return { ok: true, id: c.id, number: c.number, version: updated.version, status: updated.status };
}

/** Closes resolved cases whose rating window has passed, as "not rated". Returns how many. */
export function closeUnratedCases(db: DB, now = new Date()): number {
  const due = db
    .select({ id: cases.id, version: cases.version })
    .from(cases)
    .where(and(eq(cases.status, 'resolved'), lte(cases.rateDueAt, now)))
    .all();
  let closed = 0;
  for (const c of due) {
    const result = performAction(db, { kind: 'system' }, { id: c.id }, { action: 'auto_close', version: c.version }, [], now);
    if (result.ok) closed++;
  }
  return closed;
}
