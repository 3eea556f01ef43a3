// Writes to cases: logging a new request and performing a lifecycle action, each in one transaction.
import crypto from 'node:crypto';
import { and, eq, lte } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { commitTogether } from '@/db/group-commit';
import { caseEvents, casePhotos, cases, notifications, timeLimits, type Urgency } from '@/db/schema';
import { isWithinScope } from '@/lib/auth/scope';
import { addHours, DEFAULT_LIMITS } from './due';
import { RETIRED_PLACE_MESSAGE } from './intake-points';
import { actorLabel, eventRow } from './events';
import { decide, intakeSteps, type ActionInput, type Actor, type CaseSnapshot, type DecisionContext, type NotifyTarget } from './lifecycle';
import type { CreateCaseInput } from './schemas';
import { caseStatements, encode, pathIds, type CaseInsert, type CaseStatements, type EventInsert } from './statements';
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

/** The time limits of one category and urgency, looked up when the rules ask (most actions never do). */
function limitsLookup(s: CaseStatements): DecisionContext['limits'] {
  return (categoryId, urgency) => {
    const row = categoryId === null ? undefined : s.timeLimit.get({ categoryId, urgency });
    return row ?? DEFAULT_LIMITS[urgency];
  };
}

/**
 * The tracking number: YH + the China-time date + a per-day sequence. The day's counter row
 * (case_number_days) is read and advanced inside the caller's immediate transaction, so two
 * connections never hand out one number and the cost does not grow with the day. A day's first
 * request starts from the highest number already stored (the demo and imports write numbers
 * without the counter), and a number found taken is skipped, so the unique index never refuses one.
 */
function nextCaseNumber(s: CaseStatements, now: Date): string {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const prefix = `YH${day}-`;
  let seq = s.dayCounter.get({ day })?.lastSeq;
  if (seq === undefined) {
    const last = s.dayHighestNumber.get({ from: prefix, to: `YH${day}.` });
    seq = last ? Number(last.number.slice(prefix.length)) : 0;
  }
  let number: string;
  do {
    seq += 1;
    number = `${prefix}${String(seq).padStart(4, '0')}`;
  } while (s.numberTaken.get({ number }));
  s.setDayCounter.run({ day, lastSeq: seq });
  return number;
}

/** The grid a node belongs to: itself, or the grid on its path. */
function gridOf(s: CaseStatements, node: { id: number; kind: string; path: string }): number | null {
  if (node.kind === 'grid') return node.id;
  return s.gridAmong.get({ ids: pathIds(node.path) })?.id ?? null;
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
    const s = caseStatements(db);
    return db.transaction((tx) => insertCase(tx, s, actor, input, photos, now), { behavior: 'immediate' });
  } catch (error) {
    // A follow-up step the rules refused undoes the whole intake: nothing half-logged stays behind.
    if (error instanceof StepRefused) return error.result;
    throw error;
  }
}

/**
 * createCase for a request handler: run together with the other writes arriving at the same moment, in one
 * shared transaction (db/group-commit.ts), and answered once that COMMIT has returned.
 */
export function createCaseGrouped(db: DB, ...args: Parameters<typeof createCase> extends [DB, ...infer R] ? R : never): Promise<CreateCaseResult> {
  return commitTogether(db, () => createCase(db, ...args));
}

class StepRefused extends Error {
  constructor(readonly result: CommandError) {
    super(result.message);
  }
}

function insertCase(
  tx: Tx,
  s: CaseStatements,
  actor: Exclude<Actor, { kind: 'system' }>,
  input: Parameters<typeof createCase>[2],
  photos: StoredPhoto[],
  now: Date,
): CreateCaseResult {
  // Checked inside the transaction so two retries cannot both pass; the unique index backs it up.
  if (input.clientKey !== undefined) {
    const earlier = s.caseByClientKey.get({ clientKey: input.clientKey });
    if (earlier) return replayCreate(tx, actor, earlier);
  }
  const node = s.node.get({ id: input.nodeId });
  const covers = node && (actor.kind === 'resident' || isWithinScope(actor.scope, node.path));
  if (!node || !covers || (node.kind !== 'grid' && node.kind !== 'building')) {
    return { ok: false, code: 'invalid_input', message: '请选择您负责范围内的网格或楼栋。', fieldErrors: { nodeId: ['请选择您负责范围内的网格或楼栋'] } };
  }
  // A retired grid or building (lib/registry/nodes.ts) keeps its history but takes nothing new, whatever the channel.
  if (node.retiredAt !== null) {
    return { ok: false, code: 'invalid_input', message: RETIRED_PLACE_MESSAGE, fieldErrors: { nodeId: ['该网格或楼栋已撤销，不再受理新的诉求'] } };
  }
  if (input.householdId !== undefined) {
    const household = s.householdPath.get({ id: input.householdId });
    if (!household || !household.nodePath.startsWith(node.path)) {
      return { ok: false, code: 'invalid_input', message: '所选住户不在该地点。', fieldErrors: { householdId: ['所选住户不在该地点'] } };
    }
  }
  if (input.visitId !== undefined) {
    // A request logged from a visit (民情账本): about the visited household, by door-knocking, once per visit.
    const visit = s.visit.get({ id: input.visitId });
    if (!visit || visit.householdId !== input.householdId || input.source !== 'door_knock') {
      return { ok: false, code: 'invalid_input', message: '该走访记录与所选住户或来源不符。', fieldErrors: { householdId: ['由走访登记的诉求应为该户、来源为敲门走访'] } };
    }
    if (visit.caseId !== null) return { ok: false, code: 'conflict', message: '这次走访已经登记过诉求。' };
  }
  if (input.categoryId !== undefined) {
    const category = s.activeCategory.get({ id: input.categoryId });
    if (!category) return { ok: false, code: 'invalid_input', message: '事项分类无效。', fieldErrors: { categoryId: ['事项分类无效'] } };
  }
  const gridId = gridOf(s, node);
  if (gridId === null) return { ok: false, code: 'invalid_input', message: '该地点不属于任何网格。' };

  const limits = limitsLookup(s)(input.categoryId ?? null, input.urgency as Urgency);
  const token = crypto.randomBytes(18).toString('base64url');
  const number = nextCaseNumber(s, now);
  const values: CaseInsert = {
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
  };
  const row = s.insertCase.get(encode(cases, values))!;
  if (input.visitId !== undefined) s.linkVisit.run({ id: input.visitId, caseId: row.id });
  const event = insertEvent(s, {
      caseId: row.id,
      at: now,
      action: 'submit',
      actorKind: actor.kind,
      actorAccountId: actor.kind === 'account' ? actor.id : null,
      actorLabel: actorLabel(actor),
      fromStatus: null,
      toStatus: 'submitted',
      note: null,
      targetAccountId: null,
      targetUnitId: null,
      data: input.wantsCallback ? { source: input.source, wantsCallback: true } : { source: input.source },
  });
  const steps = intakeSteps(actor, { ownIntake: input.ownIntake, categoryId: input.categoryId, urgency: input.urgency as Urgency, resolution: input.resolution });
  // Evidence of an on-the-spot fix belongs to the resolution; otherwise photos show the problem.
  const resolvedNow = steps.at(-1)?.action === 'resolve';
  insertPhotos(tx, row.id, event.id, resolvedNow ? [] : photos, now);
  if (steps.length === 0) {
    // Only a request still waiting for triage is news to the grid's workers.
    const recipients = resolveRecipients(s, { to: 'grid_workers' }, { nodePath: node.path, handlerKind: null, handlerAccountId: null, handlerUnitId: null });
    notify(s, recipients, row.id, 'new_case', null, now, actor);
  }
  let version = row.version;
  let status: CaseRow['status'] = 'submitted';
  // Each step goes on from the row the last one wrote, without reading the case again.
  let current: CaseRow = row;
  steps.forEach((step, i) => {
    const result = applyAction(tx, s, actor, current, step, i === steps.length - 1 && resolvedNow ? photos : [], now);
    if (!result.ok) throw new StepRefused(result);
    version = result.version;
    status = result.status;
    current = result.row;
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

/** The accounts behind a notification target; covering accounts are those scoped to a node on the case's path. */
function resolveRecipients(s: CaseStatements, target: NotifyTarget, c: NotifyCase): number[] {
  const coveringAccounts = (role: 'grid_worker' | 'secretary') => s.coveringAccounts.all({ ids: pathIds(c.nodePath), role, nodePath: c.nodePath }).map((r) => r.id);
  const unitLiaisons = (unitId: number) => s.unitLiaisons.all({ unitId }).map((r) => r.id);
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

function notify(s: CaseStatements, accountIds: number[], caseId: number, kind: (typeof notifications.$inferInsert)['kind'], note: string | null, now: Date, actor: Actor) {
  const self = actor.kind === 'account' ? actor.id : null;
  const ids = [...new Set(accountIds)].filter((id) => id !== self);
  for (const accountId of ids) s.insertNotification.run(encode(notifications, { accountId, caseId, kind, note, createdAt: now }));
}

function insertEvent(s: CaseStatements, event: EventInsert): { id: number } {
  return s.insertEvent.get(encode(caseEvents, event))!;
}

export type CaseRef = { number: string } | { tokenHash: string } | { id: number };

export type ActionResult = { ok: true; id: number; number: string; version: number; status: CaseRow['status'] } | (CommandError & { current?: { version: number; status: CaseRow['status'] } });

function byRefPrepared(s: CaseStatements, ref: CaseRef): CaseRow | undefined {
  return 'number' in ref ? s.caseByNumber.get({ number: ref.number }) : 'tokenHash' in ref ? s.caseByToken.get({ tokenHash: ref.tokenHash }) : s.caseById.get({ id: ref.id });
}

function loadCase(tx: Tx, s: CaseStatements, actor: Actor, ref: CaseRef): CaseRow | undefined {
  // A resident reaches a case only through its private token; staff through their visibility rule.
  if (actor.kind === 'resident') return 'tokenHash' in ref ? byRefPrepared(s, ref) : undefined;
  if (actor.kind === 'system') return byRefPrepared(s, ref);
  // Where visibility is the scope alone (visibleCases: withinScope on the node path), the same
  // prefix test is made on the loaded row, so the lookup stays one prepared statement.
  if (actor.kind === 'integration' || actor.role === 'admin' || actor.role === 'secretary' || actor.role === 'grid_worker') {
    const c = byRefPrepared(s, ref);
    return c && isWithinScope(actor.scope, c.nodePath) ? c : undefined;
  }
  const byRef = 'number' in ref ? eq(cases.number, ref.number) : 'tokenHash' in ref ? eq(cases.publicTokenHash, ref.tokenHash) : eq(cases.id, ref.id);
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
function buildContext(tx: Tx, s: CaseStatements, actor: Actor, c: CaseRow, request: ActionInput, now: Date): DecisionContext {
  const ctx: DecisionContext = { now, limits: limitsLookup(s) };
  if (request.action === 'accept') {
    // Checked here, not left to the foreign key: an unknown id is bad input, not a server error.
    const category = s.category.get({ id: request.categoryId });
    if (category) ctx.category = category;
  }
  if (request.action === 'assign_worker') {
    const target = s.account.get({ id: request.accountId });
    if (target?.active) {
      const paths = s.accountScopePaths.all({ id: target.id }).map((r) => r.path);
      ctx.targetAccount = { id: target.id, role: target.role, coversCase: isWithinScope({ paths }, c.nodePath) };
    }
  }
  const unitId = request.action === 'hand_to_unit' || request.action === 'escalate' ? request.unitId : undefined;
  if (unitId !== undefined) {
    // A deactivated unit (lib/registry/units.ts) receives nothing new; its past cases keep it.
    const unit = s.activeUnit.get({ id: unitId });
    if (unit) ctx.targetUnit = { id: unit.id, kind: unit.kind, coversCase: c.nodePath.startsWith(unit.nodePath) };
  }
  if (request.action === 'mark_duplicate') {
    const original = loadCase(tx, s, actor, { number: request.duplicateOf });
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
  const s = caseStatements(db);
  return db.transaction((tx): ActionResult => {
    const c = loadCase(tx, s, actor, ref);
    if (!c) return notVisible(tx, actor, ref);
    const current = { version: c.version, status: c.status };
    if (c.version !== request.version) {
      return { ok: false, code: 'conflict', message: '该事项刚刚已被他人处理，已为您显示最新状态，请确认后再操作。', current };
    }
    const result = applyAction(tx, s, actor, c, withoutVersion(request), photos, now);
    if (!result.ok) return result;
    const { row: _row, ...done } = result;
    return done;
  }, { behavior: 'immediate' });
}

/** performAction for a request handler, group-committed as createCaseGrouped is. */
export function performActionGrouped(db: DB, ...args: Parameters<typeof performAction> extends [DB, ...infer R] ? R : never): Promise<ActionResult> {
  return commitTogether(db, () => performAction(db, ...args));
}

/** Decides one action on a loaded case and writes it: the patch with the next version, its event, photos and notifications. */
/** An action's result with the case row as it wrote it. */
type Applied = (Extract<ActionResult, { ok: true }> & { row: CaseRow }) | Extract<ActionResult, { ok: false }>;

function applyAction(tx: Tx, s: CaseStatements, actor: Actor, c: CaseRow, request: ActionInput, photos: StoredPhoto[], now: Date): Applied {
  const current = { version: c.version, status: c.status };
  const decision = decide(snapshot(c), actor, request, buildContext(tx, s, actor, c, request, now));
  if (!decision.ok) return { ...decision, current };

  // As drizzle's set() does, a key left undefined is not written.
  const patch = Object.fromEntries(Object.entries(decision.patch).filter(([, v]) => v !== undefined));
  const keys = Object.keys(patch).sort();
  const updated = s.updateCase(keys).get({
    ...encode(cases, patch, 'p_'),
    updatedAt: encode(cases, { updatedAt: now }).updatedAt,
    nextVersion: c.version + 1,
    id: c.id,
    version: c.version,
  });
  if (!updated) return { ok: false, code: 'conflict', message: '该事项刚刚已被他人处理，已为您显示最新状态，请确认后再操作。', current };

  const inserted = insertEvent(s, eventRow(c.id, actor, decision.event, now) as EventInsert);
  insertPhotos(tx, c.id, inserted.id, photos, now);
  for (const n of decision.notify) {
    notify(s, resolveRecipients(s, n.target, { nodePath: c.nodePath, handlerKind: updated.handlerKind, handlerAccountId: updated.handlerAccountId, handlerUnitId: updated.handlerUnitId }), c.id, n.kind, n.note ?? null, now, actor);
  }
  return { ok: true, id: c.id, number: c.number, version: updated.version, status: updated.status, row: updated };
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
