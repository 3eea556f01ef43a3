// Test support: replays each stored demo timeline through the lifecycle's decide(), as the demo and county tests check them.
import assert from 'node:assert/strict';
import type { DB } from '../client';
import { accounts, accountScopes, apiTokens, caseEvents, cases, orgNodes, units } from '../schema';
import { isWithinScope } from '@/lib/auth/scope';
import { loadLimits } from '@/lib/cases/commands';
import { actorLabel } from '@/lib/cases/events';
import { decide, type ActionInput, type Actor, type CaseSnapshot, type DecisionContext } from '@/lib/cases/lifecycle';

// ---- replaying timelines --------------------------------------------------------------------

type CaseRow = typeof cases.$inferSelect;
type EventRow = typeof caseEvents.$inferSelect;

/** Rebuilds each actor, input and context from the stored timeline and asks decide() again. */
export function replayer(d: DB) {
  const limits = loadLimits(d);
  const paths = new Map(d.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).all().map((n) => [n.id, n.path]));
  const scopes = new Map<number, string[]>();
  for (const s of d.select().from(accountScopes).all()) scopes.set(s.accountId, [...(scopes.get(s.accountId) ?? []), paths.get(s.nodeId) ?? '']);
  const actors = new Map<number, Actor & { kind: 'account' }>(
    d
      .select()
      .from(accounts)
      .all()
      .map((a) => [a.id, { kind: 'account', id: a.id, role: a.role, name: a.displayName, scope: { paths: scopes.get(a.id) ?? [] }, unitId: a.unitId }]),
  );
  const tokens = new Map(d.select().from(apiTokens).all().map((t) => [t.id, { kind: 'integration' as const, id: t.id, name: t.name, scope: { paths: [t.nodePath] } }]));
  const unitRows = new Map(d.select().from(units).all().map((u) => [u.id, u]));
  const caseByNumber = new Map(d.select({ id: cases.id, number: cases.number, nodePath: cases.nodePath }).from(cases).all().map((c) => [c.number, c]));

  return (c: CaseRow, events: EventRow[], byCase: Map<number, EventRow[]>) => {
    const where = `${c.number}`;
    const [submit, ...rest] = events;
    assert.ok(submit, `${where}: no events`);
    assert.equal(submit.action, 'submit', where);
    assert.equal(submit.fromStatus, null, where);
    assert.equal(submit.toStatus, 'submitted', where);
    assert.equal(c.version, events.length - 1, `${where}: version`);
    assert.equal(c.createdAt.getTime(), submit.at.getTime(), where);
    assert.equal(c.updatedAt.getTime(), (events[events.length - 1] as EventRow).at.getTime(), where);

    const state: CaseSnapshot & Record<string, unknown> = {
      status: 'submitted',
      nodePath: c.nodePath,
      categoryId: null,
      urgency: 'normal',
      handlerKind: null,
      handlerAccountId: null,
      handlerUnitId: null,
      escalationLevel: 0,
      acceptDueAt: c.acceptDueAt,
      resolveDueAt: null,
      rateDueAt: null,
      extensionRequestedHours: null,
      reopenCount: 0,
    };
    let accepted = false;
    let previous = submit.at.getTime();
    for (const e of rest) {
      assert.ok(e.at.getTime() >= previous, `${where}: events in time order`);
      previous = e.at.getTime();
      const actor: Actor =
        e.actorKind === 'account'
          ? (actors.get(e.actorAccountId ?? -1) as Actor)
          : e.actorKind === 'integration'
            ? (tokens.get(c.apiTokenId ?? -1) as Actor)
            : { kind: e.actorKind };
      assert.ok(actor, `${where}: ${e.action} by an unknown actor`);
      assert.equal(e.actorLabel, actorLabel(actor), where);
      const input = inputOf(e);
      const ctx: DecisionContext = { now: e.at, limits };
      if (input.action === 'accept') ctx.category = { id: input.categoryId, active: true };
      if (e.targetAccountId !== null && input.action === 'assign_worker') {
        const target = actors.get(e.targetAccountId);
        if (target) ctx.targetAccount = { id: target.id, role: target.role, coversCase: isWithinScope(target.scope, c.nodePath) };
      }
      if (e.targetUnitId !== null) {
        const unit = unitRows.get(e.targetUnitId);
        if (unit) ctx.targetUnit = { id: unit.id, kind: unit.kind, coversCase: c.nodePath.startsWith(unit.nodePath) };
      }
      if (input.action === 'mark_duplicate') {
        const original = caseByNumber.get(input.duplicateOf);
        assert.ok(original, `${where}: duplicate of an unknown case`);
        const before = (byCase.get(original.id) ?? []).filter((x) => x.id < e.id);
        const status = before[before.length - 1]?.toStatus ?? 'submitted';
        const coversCase = actor.kind === 'account' && isWithinScope(actor.scope, original.nodePath);
        ctx.original = { id: original.id, status, coversCase, isSelf: original.id === c.id };
        assert.equal(c.duplicateOfId, original.id, where);
      }
      const decision = decide(state, actor, input, ctx);
      assert.ok(decision.ok, `${where}: ${e.action} refused: ${decision.ok ? '' : decision.message}`);
      assert.equal(e.fromStatus, state.status, `${where}: ${e.action} from`);
      assert.equal(e.toStatus, decision.event.to, `${where}: ${e.action} to`);
      assert.equal(e.note, decision.event.note, `${where}: ${e.action} note`);
      assert.equal(e.targetAccountId, decision.event.targetAccountId ?? null, `${where}: ${e.action} target account`);
      assert.equal(e.targetUnitId, decision.event.targetUnitId ?? null, `${where}: ${e.action} target unit`);
      assert.deepEqual(e.data ?? null, decision.event.data ?? null, `${where}: ${e.action} data`);
      Object.assign(state, decision.patch);
      if (input.action === 'accept') accepted = true;
    }
    const final: Record<string, unknown> = {
      status: c.status,
      handlerKind: c.handlerKind,
      handlerAccountId: c.handlerAccountId,
      handlerUnitId: c.handlerUnitId,
      escalationLevel: c.escalationLevel,
      resolveDueAt: c.resolveDueAt?.getTime() ?? null,
      rateDueAt: c.rateDueAt?.getTime() ?? null,
      reopenCount: c.reopenCount,
      rating: c.rating,
      closeReason: c.closeReason,
      supervised: c.supervised,
      closedAt: c.closedAt?.getTime() ?? null,
      ...(accepted ? { categoryId: c.categoryId, urgency: c.urgency, acceptedAt: c.acceptedAt?.getTime() } : {}),
    };
    const time = (v: unknown) => (v instanceof Date ? v.getTime() : (v ?? null));
    const replayed = Object.fromEntries(Object.keys(final).map((k) => [k, k === 'supervised' ? Boolean(state[k]) : time(state[k])]));
    assert.deepEqual(replayed, final, `${where}: final state`);
  };
}

function inputOf(e: EventRow): ActionInput {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const note = e.note ?? undefined;
  const text = e.note ?? '';
  switch (e.action) {
    case 'accept':
      return { action: 'accept', categoryId: data.categoryId as number, urgency: data.urgency as 'normal' | 'urgent', note };
    case 'reject':
      return { action: 'reject', reason: text };
    case 'mark_duplicate':
      return { action: 'mark_duplicate', duplicateOf: data.duplicateOf as string, note };
    case 'assign_worker':
      return { action: 'assign_worker', accountId: e.targetAccountId ?? -1, note };
    case 'hand_to_unit':
      return { action: 'hand_to_unit', unitId: e.targetUnitId ?? -1, note };
    case 'escalate':
      return { action: 'escalate', reason: text, unitId: e.targetUnitId ?? undefined };
    case 'return':
      return { action: 'return', reason: text };
    case 'progress':
    case 'resolve':
      return { action: e.action, note: text };
    case 'request_extension':
      return { action: 'request_extension', hours: data.hours as number, reason: text };
    case 'decide_extension':
      return { action: 'decide_extension', grant: data.grant as boolean, note };
    case 'rate':
      return { action: 'rate', rating: data.rating as 'satisfied' | 'basically' | 'unsatisfied', comment: note };
    case 'supervise':
      return { action: 'supervise', note: text, dueAt: typeof data.dueAt === 'string' ? new Date(data.dueAt) : undefined };
    case 'handle_self':
    case 'post_to_board':
    case 'claim':
    case 'sign':
      return { action: e.action, note };
    case 'auto_close':
      return { action: 'auto_close' };
    default:
      throw new Error(`unknown action ${e.action}`);
  }
}
