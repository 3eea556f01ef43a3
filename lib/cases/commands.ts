// Writes to cases: logging a new request and performing a lifecycle action, each all or nothing in one write of the
// store (db/store.ts). The rules are written once, as generators over `CaseOps` (statements.ts): each statement is
// `yield* q(ops.x(…))`, and a driver runs them either synchronously (SQLite's prepared fast path, and the legacy
// …Sync twins for modules still on db/client.ts's transactions) or awaited (the engine-neutral builders, PostgreSQL).
//
// Concurrency on both engines: an action's UPDATE carries the version it read in its WHERE, so of two concurrent
// actions on one case exactly one wins (the other sees no row and answers "conflict"); a client key is unique (a
// concurrent duplicate create fails the unique index and is answered as a replay); the day's number counter is
// taken under `lockKey` on PostgreSQL (SQLite has one writer), so numbers stay unique per day.
import crypto from 'node:crypto';
import { and, eq, lte } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { cases, timeLimits, type Urgency } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import * as t from '@/db/tables';
import { isWithinScope } from '@/lib/auth/scope';
import { commandThreadFor } from './command-thread';
import { addHours, DEFAULT_LIMITS } from './due';
import { RETIRED_PLACE_MESSAGE } from './intake-points';
import { actorLabel, eventRow } from './events';
import { decide, intakeSteps, type ActionInput, type Actor, type CaseSnapshot, type DecisionContext, type NotifyTarget } from './lifecycle';
import type { CreateCaseInput } from './schemas';
import { builderOps, pathIds, preparedOps, usesPreparedOps, type CaseInsert, type CaseOps, type EventInsert, type NotificationInsert } from './statements';
import { onceOnBoardFor, visibleCases, type Viewer } from './visibility';
import { recordClaimPledge } from '@/lib/pledges/commands';

export type StoredPhoto = { fileName: string; mime: string; width: number; height: number; bytes: number };
/** A handler's photo with the handler's choice whether the resident may see it on the status page. */
export type AttachedPhoto = StoredPhoto & { public?: boolean };

export type CommandError = {
  ok: false;
  code: 'not_found' | 'forbidden' | 'invalid_state' | 'invalid_input' | 'conflict';
  message: string;
  fieldErrors?: Record<string, string[]>;
};

type CaseRow = typeof cases.$inferSelect;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Time limits for every category and urgency, read once (a few dozen rows). Synchronous on purpose: for db/demo's bulk generator (case-world.ts, replay.ts), which plays a year of requests in one synchronous pass. */
export function loadLimits(db: DB): DecisionContext['limits'] {
  const rows = db.select().from(timeLimits).all();
  const map = new Map(rows.map((r) => [`${r.categoryId}:${r.urgency}`, r]));
  return (categoryId, urgency) => {
    const row = categoryId === null ? undefined : map.get(`${categoryId}:${urgency}`);
    return row ? { acceptHours: row.acceptHours, resolveHours: row.resolveHours } : DEFAULT_LIMITS[urgency];
  };
}

// ---- the drivers ------------------------------------------------------------------------------------------

type Op<T> = Generator<unknown, T, unknown>;

/** One statement of a command: its value, whether the statement answered at once or later. */
function* q<T>(value: T | Promise<T>): Op<T> {
  return (yield value) as T;
}

/** Runs a command whose statements all answer at once (SQLite's prepared statements). */
function runSync<T>(op: Op<T>): T {
  let step = op.next();
  while (!step.done) {
    if (step.value instanceof Promise) throw new Error('case commands: an asynchronous statement in a synchronous run');
    step = op.next(step.value);
  }
  return step.value;
}

/** Runs a command, awaiting each statement (the builders). */
async function runAsync<T>(op: Op<T>): Promise<T> {
  let step = op.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = await step.value;
    } catch (error) {
      step = op.throw(error);
      continue;
    }
    step = op.next(value);
  }
  return step.value;
}

/** Runs `command` in one write of the store, on the statements of its engine. */
function inWrite<T>(store: Store, command: (ops: CaseOps, tx: AppDb) => Op<T>): Promise<T> {
  if (usesPreparedOps(store)) return store.write(async (tx) => runSync(command(preparedOps(tx as DB), tx)));
  return store.write((tx) => runAsync(command(builderOps(tx, store), tx)));
}

// ---- the commands -----------------------------------------------------------------------------------------

/**
 * The time limits the rules may ask for, looked up before they decide (decide() asks synchronously): accept asks
 * for the chosen category and urgency, an unsatisfied rating for the case's own.
 */
function* limitsFor(ops: CaseOps, pairs: readonly (readonly [number | null, Urgency])[]): Op<DecisionContext['limits']> {
  const loaded = new Map<string, { acceptHours: number; resolveHours: number }>();
  for (const [categoryId, urgency] of pairs) {
    if (categoryId === null) continue;
    const row = yield* q(ops.timeLimit(categoryId, urgency));
    if (row) loaded.set(`${categoryId}:${urgency}`, { acceptHours: row.acceptHours, resolveHours: row.resolveHours });
  }
  return (categoryId, urgency) => {
    if (categoryId !== null && !pairs.some(([c, u]) => c === categoryId && u === urgency)) {
      throw new Error(`case commands: the limits of ${categoryId}/${urgency} were not looked up`);
    }
    return (categoryId === null ? undefined : loaded.get(`${categoryId}:${urgency}`)) ?? DEFAULT_LIMITS[urgency];
  };
}

/**
 * The tracking number: YH + the China-time date + a per-day sequence. The day's counter row
 * (case_number_days) is read and advanced inside the caller's write, under the day's lock on
 * PostgreSQL (one writer at a time on SQLite), so two writers never hand out one number and the
 * cost does not grow with the day. A day's first request starts from the highest number already
 * stored (the demo and imports write numbers without the counter), and a number found taken is
 * skipped, so the unique index never refuses one.
 */
function* nextCaseNumber(ops: CaseOps, now: Date): Op<string> {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const prefix = `YH${day}-`;
  yield* q(ops.lockDay(day));
  let seq = yield* q(ops.dayCounter(day));
  if (seq === undefined) {
    const last = yield* q(ops.dayHighestNumber(prefix, `YH${day}.`));
    seq = last ? Number(last.slice(prefix.length)) : 0;
  }
  let number: string;
  do {
    seq += 1;
    number = `${prefix}${String(seq).padStart(4, '0')}`;
  } while (yield* q(ops.numberTaken(number)));
  yield* q(ops.setDayCounter(day, seq));
  return number;
}

/** The grid a node belongs to: itself, or the grid on its path. */
function* gridOf(ops: CaseOps, node: { id: number; kind: string; path: string }): Op<number | null> {
  if (node.kind === 'grid') return node.id;
  return (yield* q(ops.gridAmong(pathIds(node.path)))) ?? null;
}

const CREATOR_ROLES = new Set(['admin', 'secretary', 'grid_worker', 'party_member']);

/** `replayed`: the client key had been used before, and this is the case it logged then. */
export type CreateCaseResult = { ok: true; id: number; number: string; token: string; version: number; status: CaseRow['status']; replayed?: boolean } | CommandError;

export type CreateCaseCommand = CreateCaseInput & { intakePointId?: number; clientKey?: string; wantsCallback?: boolean; ownIntake?: boolean; resolution?: string; visitId?: number };

/**
 * A repeated client key: the same creator retrying after a lost response gets the case it
 * already logged. Only the hash of the resident's status-link token is stored, so the earlier
 * token cannot be returned; a fresh one replaces it, which is harmless because the caller
 * retrying is the one that never received the first. Anyone else reusing the key is refused.
 */
function* replayCreate(ops: CaseOps, actor: Actor, earlier: CaseRow): Op<CreateCaseResult> {
  const sameCreator =
    (actor.kind === 'account' && earlier.createdByAccountId === actor.id) || (actor.kind === 'integration' && earlier.apiTokenId === actor.id);
  if (!sameCreator) return { ok: false, code: 'conflict', message: '该提交编号已被使用，请刷新页面后重新登记。' };
  const token = crypto.randomBytes(18).toString('base64url');
  yield* q(ops.setTokenHash(earlier.id, hashToken(token)));
  return { ok: true, id: earlier.id, number: earlier.number, token, version: earlier.version, status: earlier.status, replayed: true };
}

function mayCreate(actor: Actor): CommandError | null {
  if (actor.kind === 'account' && !CREATOR_ROLES.has(actor.role)) return { ok: false, code: 'forbidden', message: '您无权登记诉求。' };
  if (actor.kind === 'system') return { ok: false, code: 'forbidden', message: '系统不能登记诉求。' };
  return null;
}

/** A unique-index refusal of the client key: a concurrent duplicate create committed first. */
function isClientKeyClash(error: unknown): boolean {
  const text = `${String((error as { message?: unknown })?.message ?? '')} ${String((error as { cause?: { message?: unknown } })?.cause?.message ?? '')} ${String((error as { cause?: { constraint?: unknown } })?.cause?.constraint ?? '')}`;
  return /client_key/.test(text) && /UNIQUE|unique|duplicate/.test(text);
}

/**
 * Logs a request. Staff and integrations may log at any grid or building in their scope; a
 * resident's location comes from the QR code they scanned (`intakePointId` + its node).
 * Writes requested together share one COMMIT on SQLite (the store's group commit).
 */
export async function createCase(store: Store, actor: Actor, input: CreateCaseCommand, photos: StoredPhoto[], now = new Date()): Promise<CreateCaseResult> {
  const thread = commandThreadFor(store);
  if (thread) return thread.call('createCase', [actor, input, photos, now]);
  const refused = mayCreate(actor);
  if (refused) return refused;
  try {
    return await inWrite(store, (ops) => insertCase(ops, actor as Exclude<Actor, { kind: 'system' }>, input, photos, now));
  } catch (error) {
    // A follow-up step the rules refused undoes the whole intake: nothing half-logged stays behind.
    if (error instanceof StepRefused) return error.result;
    // Two creates with one client key at once (PostgreSQL: both found none before either committed): the unique
    // index let one through; the other is a retry of it, answered as one.
    if (input.clientKey !== undefined && isClientKeyClash(error)) {
      return inWrite(store, function* (ops) {
        const earlier = yield* q(ops.caseByClientKey(input.clientKey!));
        if (!earlier) throw error;
        return yield* replayCreate(ops, actor, earlier);
      });
    }
    throw error;
  }
}

/**
 * createCase in a synchronous transaction of a SQLite connection, for fixtures written in one synchronous pass: test
 * files that build their fixture at module load (and hand it to registerTestStore's source), bench/ and e2e/support.
 * App code and engine-neutral tests use createCase.
 */
export function createCaseSync(db: DB, actor: Actor, input: CreateCaseCommand, photos: StoredPhoto[], now = new Date()): CreateCaseResult {
  const refused = mayCreate(actor);
  if (refused) return refused;
  try {
    return db.transaction(() => runSync(insertCase(preparedOps(db), actor as Exclude<Actor, { kind: 'system' }>, input, photos, now)), { behavior: 'immediate' });
  } catch (error) {
    if (error instanceof StepRefused) return error.result;
    throw error;
  }
}

class StepRefused extends Error {
  constructor(readonly result: CommandError) {
    super(result.message);
  }
}

function* insertCase(ops: CaseOps, actor: Exclude<Actor, { kind: 'system' }>, input: CreateCaseCommand, photos: StoredPhoto[], now: Date): Op<CreateCaseResult> {
  // Checked inside the transaction so two retries cannot both pass; the unique index backs it up.
  if (input.clientKey !== undefined) {
    const earlier = yield* q(ops.caseByClientKey(input.clientKey));
    if (earlier) return yield* replayCreate(ops, actor, earlier);
  }
  const node = yield* q(ops.node(input.nodeId));
  const covers = node && (actor.kind === 'resident' || isWithinScope(actor.scope, node.path));
  if (!node || !covers || (node.kind !== 'grid' && node.kind !== 'building')) {
    return { ok: false, code: 'invalid_input', message: '请选择您负责范围内的网格或楼栋。', fieldErrors: { nodeId: ['请选择您负责范围内的网格或楼栋'] } };
  }
  // A retired grid or building (lib/registry/nodes.ts) keeps its history but takes nothing new, whatever the channel.
  if (node.retiredAt !== null) {
    return { ok: false, code: 'invalid_input', message: RETIRED_PLACE_MESSAGE, fieldErrors: { nodeId: ['该网格或楼栋已撤销，不再受理新的诉求'] } };
  }
  if (input.householdId !== undefined) {
    const householdPath = yield* q(ops.householdPath(input.householdId));
    if (householdPath === undefined || !householdPath.startsWith(node.path)) {
      return { ok: false, code: 'invalid_input', message: '所选住户不在该地点。', fieldErrors: { householdId: ['所选住户不在该地点'] } };
    }
  }
  if (input.visitId !== undefined) {
    // A request logged from a visit (民情账本): about the visited household, by door-knocking, once per visit.
    const visit = yield* q(ops.visit(input.visitId));
    if (!visit || visit.householdId !== input.householdId || input.source !== 'door_knock') {
      return { ok: false, code: 'invalid_input', message: '该走访记录与所选住户或来源不符。', fieldErrors: { householdId: ['由走访登记的诉求应为该户、来源为敲门走访'] } };
    }
    if (visit.caseId !== null) return { ok: false, code: 'conflict', message: '这次走访已经登记过诉求。' };
  }
  if (input.categoryId !== undefined) {
    const active = yield* q(ops.activeCategory(input.categoryId));
    if (!active) return { ok: false, code: 'invalid_input', message: '事项分类无效。', fieldErrors: { categoryId: ['事项分类无效'] } };
  }
  const gridId = yield* gridOf(ops, node);
  if (gridId === null) return { ok: false, code: 'invalid_input', message: '该地点不属于任何网格。' };

  const urgency = input.urgency as Urgency;
  const limitRow = input.categoryId === undefined ? undefined : yield* q(ops.timeLimit(input.categoryId, urgency));
  const limits = limitRow ?? DEFAULT_LIMITS[urgency];
  const token = crypto.randomBytes(18).toString('base64url');
  const number = yield* nextCaseNumber(ops, now);
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
  const row = yield* q(ops.insertCase(values));
  if (input.visitId !== undefined) yield* q(ops.linkVisit(input.visitId, row.id));
  const eventId = yield* q(
    ops.insertEvent({
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
    }),
  );
  const steps = intakeSteps(actor, { ownIntake: input.ownIntake, categoryId: input.categoryId, urgency, resolution: input.resolution });
  // Evidence of an on-the-spot fix belongs to the resolution; otherwise photos show the problem.
  const resolvedNow = steps.at(-1)?.action === 'resolve';
  yield* insertPhotos(ops, row.id, eventId, resolvedNow ? [] : photos, now);
  if (steps.length === 0) {
    // Only a request still waiting for triage is news to the grid's workers.
    const recipients = yield* resolveRecipients(ops, { to: 'grid_workers' }, { nodePath: node.path, handlerKind: null, handlerAccountId: null, handlerUnitId: null });
    yield* notify(ops, recipients, row.id, 'new_case', null, now, actor);
  }
  let version = row.version;
  let status: CaseRow['status'] = 'submitted';
  // Each step goes on from the row the last one wrote, without reading the case again.
  let current: CaseRow = row;
  for (const [i, step] of steps.entries()) {
    const result = yield* applyAction(ops, actor, current, step, i === steps.length - 1 && resolvedNow ? photos : [], now);
    if (!result.ok) throw new StepRefused(result);
    version = result.version;
    status = result.status;
    current = result.row;
  }
  return { ok: true, id: row.id, number, token, version, status };
}

function* insertPhotos(ops: CaseOps, caseId: number, eventId: number, photos: AttachedPhoto[], now: Date): Op<void> {
  if (photos.length === 0) return;
  yield* q(ops.insertPhotos(photos.map((p) => ({ ...p, caseId, eventId, createdAt: now }))));
}

type NotifyCase = { nodePath: string; handlerKind: string | null; handlerAccountId: number | null; handlerUnitId: number | null };

/** The accounts behind a notification target; covering accounts are those scoped to a node on the case's path. */
function* resolveRecipients(ops: CaseOps, target: NotifyTarget, c: NotifyCase): Op<number[]> {
  const coveringAccounts = (role: 'grid_worker' | 'secretary') => q(ops.coveringAccounts(pathIds(c.nodePath), role, c.nodePath));
  const unitLiaisons = (unitId: number) => q(ops.unitLiaisons(unitId));
  switch (target.to) {
    case 'account':
      return [target.accountId];
    case 'unit':
      return yield* unitLiaisons(target.unitId);
    case 'grid_workers':
      return yield* coveringAccounts('grid_worker');
    case 'secretaries':
      return yield* coveringAccounts('secretary');
    case 'handler':
      if (c.handlerKind === 'unit' && c.handlerUnitId !== null) return yield* unitLiaisons(c.handlerUnitId);
      return c.handlerAccountId !== null ? [c.handlerAccountId] : yield* coveringAccounts('grid_worker');
  }
}

function* notify(ops: CaseOps, accountIds: number[], caseId: number, kind: NotificationInsert['kind'], note: string | null, now: Date, actor: Actor): Op<void> {
  const self = actor.kind === 'account' ? actor.id : null;
  const ids = [...new Set(accountIds)].filter((id) => id !== self);
  for (const accountId of ids) yield* q(ops.insertNotification({ accountId, caseId, kind, note, createdAt: now }));
}

export type CaseRef = { number: string } | { tokenHash: string } | { id: number };

export type ActionResult = { ok: true; id: number; number: string; version: number; status: CaseRow['status'] } | (CommandError & { current?: { version: number; status: CaseRow['status'] } });

function byRef(ops: CaseOps, ref: CaseRef) {
  return q('number' in ref ? ops.caseByNumber(ref.number) : 'tokenHash' in ref ? ops.caseByToken(ref.tokenHash) : ops.caseById(ref.id));
}

function* loadCase(ops: CaseOps, actor: Actor, ref: CaseRef): Op<CaseRow | undefined> {
  // A resident reaches a case only through its private token; staff through their visibility rule.
  if (actor.kind === 'resident') return 'tokenHash' in ref ? yield* byRef(ops, ref) : undefined;
  if (actor.kind === 'system') return yield* byRef(ops, ref);
  // Where visibility is the scope alone (visibleCases: withinScope on the node path), the same
  // prefix test is made on the loaded row, so the lookup stays one prepared statement.
  if (actor.kind === 'integration' || actor.role === 'admin' || actor.role === 'secretary' || actor.role === 'grid_worker') {
    const c = yield* byRef(ops, ref);
    return c && isWithinScope(actor.scope, c.nodePath) ? c : undefined;
  }
  const c = t.cases;
  const where = 'number' in ref ? eq(c.number, ref.number) : 'tokenHash' in ref ? eq(c.publicTokenHash, ref.tokenHash) : eq(c.id, ref.id);
  return yield* q(ops.caseWhere(and(where, visibleCases(actor as Viewer))!));
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

/** Looks up what the rules need to judge the input: limits, the chosen category, the target account, unit or original case. */
function* buildContext(ops: CaseOps, actor: Actor, c: CaseRow, request: ActionInput, now: Date): Op<DecisionContext> {
  const pairs: (readonly [number | null, Urgency])[] = [];
  if (request.action === 'accept') pairs.push([request.categoryId, request.urgency as Urgency]);
  if (request.action === 'rate') pairs.push([c.categoryId, c.urgency]);
  const ctx: DecisionContext = { now, limits: yield* limitsFor(ops, pairs) };
  if (request.action === 'accept') {
    // Checked here, not left to the foreign key: an unknown id is bad input, not a server error.
    const category = yield* q(ops.category(request.categoryId));
    if (category) ctx.category = category;
  }
  if (request.action === 'assign_worker') {
    const target = yield* q(ops.account(request.accountId));
    if (target?.active) {
      const paths = yield* q(ops.accountScopePaths(target.id));
      ctx.targetAccount = { id: target.id, role: target.role, coversCase: isWithinScope({ paths }, c.nodePath) };
    }
  }
  const unitId = request.action === 'hand_to_unit' || request.action === 'escalate' ? request.unitId : undefined;
  if (unitId !== undefined) {
    // A deactivated unit (lib/registry/units.ts) receives nothing new; its past cases keep it.
    const unit = yield* q(ops.activeUnit(unitId));
    if (unit) ctx.targetUnit = { id: unit.id, kind: unit.kind, coversCase: c.nodePath.startsWith(unit.nodePath) };
  }
  if (request.action === 'mark_duplicate') {
    const original = yield* loadCase(ops, actor, { number: request.duplicateOf });
    if (original) ctx.original = { id: original.id, status: original.status, coversCase: true, isSelf: original.id === c.id };
  }
  return ctx;
}

const TAKEN_BY_OTHERS = '该事项刚刚已被他人处理，已不在认领台上。';
const CONFLICT = '该事项刚刚已被他人处理，已为您显示最新状态，请确认后再操作。';

/**
 * Why a case cannot be acted on when the actor cannot see it. A party member loses sight of a
 * board case the moment another member claims it (or a triager takes it back); from the page
 * they loaded it is a conflict, not a secret. They learn only that, not the case's new state.
 */
function* notVisible(ops: CaseOps, actor: Actor, ref: CaseRef): Op<CommandError> {
  if (actor.kind === 'account' && actor.role === 'party_member' && !('tokenHash' in ref)) {
    const where = 'number' in ref ? eq(t.cases.number, ref.number) : eq(t.cases.id, ref.id);
    const wasOnBoard = yield* q(ops.anyCaseWhere(and(where, onceOnBoardFor(actor as Viewer))!));
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

function* actOn(ops: CaseOps, actor: Actor, ref: CaseRef, request: VersionedAction, photos: AttachedPhoto[], now: Date): Op<ActionResult> {
  const c = yield* loadCase(ops, actor, ref);
  if (!c) return yield* notVisible(ops, actor, ref);
  const current = { version: c.version, status: c.status };
  if (c.version !== request.version) return { ok: false, code: 'conflict', message: CONFLICT, current };
  const result = yield* applyAction(ops, actor, c, withoutVersion(request), photos, now);
  if (!result.ok) return result;
  const { row: _row, ...done } = result;
  return done;
}

/**
 * Performs one lifecycle action. The case must still be at `request.version`: of two people
 * acting at once, exactly one succeeds and the other gets "conflict" with the current state
 * (the version is checked again in the UPDATE's WHERE, so this holds on PostgreSQL's many
 * connections too). Writes requested together share one COMMIT on SQLite.
 */
export function performAction(store: Store, actor: Actor, ref: CaseRef, request: VersionedAction, photos: AttachedPhoto[] = [], now = new Date()): Promise<ActionResult> {
  const thread = commandThreadFor(store);
  if (thread) return thread.call('performAction', [actor, ref, request, photos, now]);
  if (request.action === 'claim' && actor.kind === 'account') {
    // 党员每月一件事: a claim is the member's pledge for the month, written in the same transaction (lib/pledges).
    return store.write(async (tx) => {
      const result = await inWrite(store, (ops) => actOn(ops, actor, ref, request, photos, now));
      if (result.ok) await recordClaimPledge(tx, actor.id, result.id, now);
      return result;
    });
  }
  return inWrite(store, (ops) => actOn(ops, actor, ref, request, photos, now));
}

/** performAction in a synchronous transaction of a SQLite connection, for the same fixtures as createCaseSync. */
export function performActionSync(db: DB, actor: Actor, ref: CaseRef, request: VersionedAction, photos: AttachedPhoto[] = [], now = new Date()): ActionResult {
  return db.transaction(() => runSync(actOn(preparedOps(db), actor, ref, request, photos, now)), { behavior: 'immediate' });
}

/** An action's result with the case row as it wrote it. */
type Applied = (Extract<ActionResult, { ok: true }> & { row: CaseRow }) | Extract<ActionResult, { ok: false }>;

/** Decides one action on a loaded case and writes it: the patch with the next version, its event, photos and notifications. */
function* applyAction(ops: CaseOps, actor: Actor, c: CaseRow, request: ActionInput, photos: StoredPhoto[], now: Date): Op<Applied> {
  const current = { version: c.version, status: c.status };
  const decision = decide(snapshot(c), actor, request, yield* buildContext(ops, actor, c, request, now));
  if (!decision.ok) return { ...decision, current };

  // As drizzle's set() does, a key left undefined is not written.
  const patch = Object.fromEntries(Object.entries(decision.patch).filter(([, v]) => v !== undefined));
  const updated = yield* q(ops.updateCase(c.id, c.version, patch, now));
  if (!updated) {
    // Another write changed the case after it was read here (PostgreSQL: a concurrent transaction committed in
    // between): answer as if the case had been loaded after it. The state it left is shown only to an actor who may
    // still see the case; a party member whose board case another member just claimed learns only that it was taken.
    const latest = actor.kind === 'resident' ? yield* q(ops.caseById(c.id)) : yield* loadCase(ops, actor, { id: c.id });
    if (!latest) return yield* notVisible(ops, actor, { id: c.id });
    return { ok: false, code: 'conflict', message: CONFLICT, current: { version: latest.version, status: latest.status } };
  }

  const eventId = yield* q(ops.insertEvent(eventRow(c.id, actor, decision.event, now) as EventInsert));
  yield* insertPhotos(ops, c.id, eventId, photos, now);
  // 重复: the resident of this request now follows the original as one of its supporters (lib/board/supports.ts).
  if (request.action === 'mark_duplicate' && updated.duplicateOfId !== null) yield* q(ops.addMergedSupport(updated.duplicateOfId, c.id, now));
  for (const n of decision.notify) {
    const recipients = yield* resolveRecipients(ops, n.target, { nodePath: c.nodePath, handlerKind: updated.handlerKind, handlerAccountId: updated.handlerAccountId, handlerUnitId: updated.handlerUnitId });
    yield* notify(ops, recipients, c.id, n.kind, n.note ?? null, now, actor);
  }
  return { ok: true, id: c.id, number: c.number, version: updated.version, status: updated.status, row: updated };
}

/** Closes resolved cases whose rating window has passed, as "not rated". Returns how many. */
export async function closeUnratedCases(store: Store, now = new Date()): Promise<number> {
  const due = await store.db
    .select({ id: t.cases.id, version: t.cases.version })
    .from(t.cases)
    .where(and(eq(t.cases.status, 'resolved'), lte(t.cases.rateDueAt, now)))
    .orderBy(t.cases.id);
  let closed = 0;
  for (const c of due) {
    // One write per case: a case acted on meanwhile (a late rating) is a conflict, skipped, never overwritten.
    const result = await performAction(store, { kind: 'system' }, { id: c.id }, { action: 'auto_close', version: c.version }, [], now);
    if (result.ok) closed++;
  }
  return closed;
}
