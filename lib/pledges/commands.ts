// 党员每月一件事, the writes: the secretary's item list, a member's pledge (or the secretary's on their behalf), the
// review of an own commitment, progress, the mid-month reminders and the month-end evaluation. Each is one write,
// authorised by role and scope here (never by the page alone), and the secretary's actions are audit-logged.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { accounts, cases, categories, notifications, orgNodes, pledgeItems, pledges } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { withinScope } from '@/lib/auth/scope-sql';
import { chinaDay } from '@/lib/stats/period';
import { memberById, midMonthCheck } from './queries';
import {
  checkEvaluation,
  checkPledgeMonth,
  checkProgress,
  checkReview,
  currentPledgeMonth,
  mayActForMember,
  reminderNote,
  type PledgeActor,
} from './rules';
import type { CreateItemInput, EvaluateInput, PledgeInput } from './schemas';

export type PledgeResult = { ok: true; id: number; message: string } | { ok: false; code: 'not_found' | 'forbidden' | 'invalid_state' | 'invalid_input' | 'conflict'; message: string; fieldErrors?: Record<string, string[]> };

const NOT_FOUND = { ok: false, code: 'not_found', message: '找不到该记录，或不在您的管辖范围内。' } as const;

/** The cycle is the party organisation's: its secretaries act in it (the administrator keeps the system, not the pledges). */
const isSecretary = (a: PledgeActor) => a.role === 'secretary';

/** A unique index said no: the same item pledged twice in a month by one member (both engines' wording). */
function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''} ${String((error as { cause?: unknown })?.cause ?? '')}`;
  return /SQLITE_CONSTRAINT_UNIQUE|23505|UNIQUE constraint|duplicate key/i.test(text);
}

// ---- 民意事项清单 --------------------------------------------------------------------------------------------------

/** The secretary adds an item for their community or one of its branches. */
export async function createItem(store: Store, actor: PledgeActor, input: CreateItemInput, now = new Date()): Promise<PledgeResult> {
  if (!isSecretary(actor)) return { ok: false, code: 'forbidden', message: '只有社区书记可以维护民意事项清单。' };
  if (input.dueOn !== null && input.dueOn < chinaDay(now)) return { ok: false, code: 'invalid_input', message: '完成期限不能早于今天。', fieldErrors: { dueOn: ['完成期限不能早于今天。'] } };
  return store.write(async (tx) => {
    const [node] = await tx
      .select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind, retiredAt: orgNodes.retiredAt })
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.nodeId), withinScope(orgNodes.path, actor.scope)))
      .limit(1);
    if (!node || node.retiredAt !== null || (node.kind !== 'community' && node.kind !== 'grid')) {
      return { ok: false, code: 'invalid_input', message: '请选择您管辖的社区或支部（网格）。', fieldErrors: { nodeId: ['请选择您管辖的社区或支部（网格）。'] } } as const;
    }
    const [row] = await tx
      .insert(pledgeItems)
      .values({ nodeId: node.id, nodePath: node.path, title: input.title, description: input.description, group: input.group, place: input.place, dueOn: input.dueOn, createdByAccountId: actor.id, createdAt: now })
      .returning({ id: pledgeItems.id });
    await writeAudit(tx, { accountId: actor.id, action: 'create_pledge_item', subject: `pledge_item:${row!.id}`, detail: JSON.stringify({ title: input.title, group: input.group, nodeId: node.id }) }, now);
    return { ok: true, id: row!.id, message: `已加入清单：${input.title}` } as const;
  });
}

/** Switches an item off (no new pledges) or on again; pledges already made keep it. */
export async function setItemActive(store: Store, actor: PledgeActor, input: { itemId: number; active: boolean }, now = new Date()): Promise<PledgeResult> {
  if (!isSecretary(actor)) return { ok: false, code: 'forbidden', message: '只有社区书记可以维护民意事项清单。' };
  return store.write(async (tx) => {
    const updated = await tx
      .update(pledgeItems)
      .set({ active: input.active })
      .where(and(eq(pledgeItems.id, input.itemId), withinScope(pledgeItems.nodePath, actor.scope)))
      .returning({ id: pledgeItems.id, title: pledgeItems.title });
    if (updated.length === 0) return NOT_FOUND;
    await writeAudit(tx, { accountId: actor.id, action: 'update_pledge_item', subject: `pledge_item:${input.itemId}`, detail: JSON.stringify({ active: input.active }) }, now);
    return { ok: true, id: input.itemId, message: input.active ? `已恢复：${updated[0]!.title}` : `已停用：${updated[0]!.title}` } as const;
  });
}

// ---- 月初晒诺 ------------------------------------------------------------------------------------------------------

/**
 * A pledge for the running month: the member's own, or the secretary's record for a member who rarely signs in
 * (kept with who recorded it). An item is confirmed at once; an own commitment waits for the secretary, unless the
 * secretary wrote it.
 */
export async function makePledge(store: Store, actor: PledgeActor, partyMemberId: number, input: PledgeInput, now = new Date()): Promise<PledgeResult> {
  const month = currentPledgeMonth(now);
  const window = checkPledgeMonth(month, now);
  if (!window.ok) return window;
  try {
    return await store.write(async (tx) => {
      const member = await memberById(tx, partyMemberId);
      if (!member) return NOT_FOUND;
      const who = mayActForMember(actor, member);
      if (!who) return actor.role === 'party_member' ? ({ ok: false, code: 'forbidden', message: '只能为自己晒诺。' } as const) : NOT_FOUND;
      if (member.status !== 'active') return { ok: false, code: 'invalid_state', message: '该党员已转出，不能再晒诺。' } as const;
      const recordedByAccountId = who === 'secretary' ? actor.id : null;
      let values: typeof pledges.$inferInsert;
      if (input.kind === 'item') {
        const [item] = await tx
          .select()
          .from(pledgeItems)
          .where(and(eq(pledgeItems.id, input.itemId), eq(pledgeItems.active, true), sql`${member.nodePath} like ${pledgeItems.nodePath} || '%'`))
          .limit(1);
        if (!item) return { ok: false, code: 'invalid_input', message: '该事项不在您所在支部的清单中，或已停用。', fieldErrors: { itemId: ['请从清单中选择事项。'] } } as const;
        if (item.dueOn !== null && item.dueOn < chinaDay(now)) return { ok: false, code: 'invalid_state', message: '该事项已过完成期限。' } as const;
        values = { kind: 'item', itemId: item.id, title: item.title, description: item.description, group: item.group, status: 'approved' } as typeof pledges.$inferInsert;
      } else {
        values = { kind: 'own', title: input.title, description: input.description, group: input.group, status: who === 'secretary' ? 'approved' : 'pending' } as typeof pledges.$inferInsert;
        if (who === 'secretary') Object.assign(values, { reviewedByAccountId: actor.id, reviewedAt: now });
      }
      const [row] = await tx
        .insert(pledges)
        .values({ ...values, partyMemberId: member.id, nodeId: member.nodeId, nodePath: member.nodePath, month, recordedByAccountId, createdAt: now })
        .returning({ id: pledges.id });
      if (who === 'secretary') {
        await writeAudit(tx, { accountId: actor.id, action: 'record_pledge', subject: `pledge:${row!.id}`, detail: JSON.stringify({ partyMemberId: member.id, month, kind: values.kind, title: values.title }) }, now);
      } else {
        // The reminders about this month have been answered.
        await tx
          .update(notifications)
          .set({ readAt: now })
          .where(and(eq(notifications.accountId, actor.id), eq(notifications.kind, 'pledge_reminder'), isNull(notifications.readAt)));
      }
      const message =
        who === 'secretary' ? `已为${member.name}录入承诺：${values.title}` : values.status === 'pending' ? `已提交承诺，待书记审核：${values.title}` : `已晒诺：${values.title}`;
      return { ok: true, id: row!.id, message } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, code: 'conflict', message: '本月已认领过这个事项。' };
    throw error;
  }
}

/**
 * A party member claimed a request from the claim board: that claim is their pledge for the month (kind case).
 * Runs inside the claim's own write (lib/cases/commands.ts performAction), so the two commit together. The title
 * names the category and the place, never the resident.
 */
export async function recordClaimPledge(tx: AppDb, accountId: number, caseId: number, now: Date): Promise<void> {
  const [account] = await tx.select({ partyMemberId: accounts.partyMemberId }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!account?.partyMemberId) return;
  const member = await memberById(tx, account.partyMemberId);
  if (!member) return;
  const [c] = await tx
    .select({ number: cases.number, categoryName: categories.name, group: categories.group, placeName: orgNodes.name })
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(orgNodes, eq(orgNodes.id, cases.nodeId))
    .where(eq(cases.id, caseId))
    .limit(1);
  if (!c) return;
  await tx
    .insert(pledges)
    .values({
      partyMemberId: member.id,
      nodeId: member.nodeId,
      nodePath: member.nodePath,
      month: currentPledgeMonth(now),
      kind: 'case',
      caseId,
      title: `${c.categoryName ?? '群众诉求'} · ${c.placeName}（${c.number}）`,
      group: c.group ?? '民生服务类',
      status: 'approved',
      createdAt: now,
    })
    .onConflictDoNothing();
  await tx
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.accountId, accountId), eq(notifications.kind, 'pledge_reminder'), isNull(notifications.readAt)));
}

async function loadPledge(tx: AppDb, id: number) {
  const [row] = await tx.select().from(pledges).where(eq(pledges.id, id)).limit(1);
  return row ?? null;
}

/** The secretary approves or turns down an own commitment (once: the state is checked again in the UPDATE). */
export async function reviewPledge(store: Store, actor: PledgeActor, input: { pledgeId: number; approve: boolean; note: string | null }, now = new Date()): Promise<PledgeResult> {
  return store.write(async (tx) => {
    const p = await loadPledge(tx, input.pledgeId);
    if (!p || !isSecretary(actor) || !withinScopePath(actor, p.nodePath)) return NOT_FOUND;
    const rule = checkReview(actor, p);
    if (!rule.ok) return rule;
    const updated = await tx
      .update(pledges)
      .set({ status: input.approve ? 'approved' : 'rejected', reviewNote: input.note, reviewedByAccountId: actor.id, reviewedAt: now })
      .where(and(eq(pledges.id, p.id), eq(pledges.status, 'pending')))
      .returning({ id: pledges.id });
    if (updated.length === 0) return { ok: false, code: 'conflict', message: '这项承诺刚刚已被审核。' } as const;
    await writeAudit(tx, { accountId: actor.id, action: 'review_pledge', subject: `pledge:${p.id}`, detail: JSON.stringify({ approve: input.approve, note: input.note }) }, now);
    return { ok: true, id: p.id, message: input.approve ? `已通过：${p.title}` : `未通过：${p.title}` } as const;
  });
}

function withinScopePath(actor: PledgeActor, path: string): boolean {
  return actor.scope.paths.some((s) => path.startsWith(s));
}

/** The member reports progress on an item or own commitment (a request's progress is noted on the request). */
export async function reportProgress(store: Store, actor: PledgeActor, input: { pledgeId: number; note: string }, now = new Date()): Promise<PledgeResult> {
  return store.write(async (tx) => {
    const p = await loadPledge(tx, input.pledgeId);
    if (!p || actor.partyMemberId !== p.partyMemberId) return NOT_FOUND;
    const rule = checkProgress(actor, p, now);
    if (!rule.ok) return rule;
    await tx.update(pledges).set({ progressNote: input.note, progressAt: now }).where(eq(pledges.id, p.id));
    return { ok: true, id: p.id, message: '进展已报告。' } as const;
  });
}

// ---- 月中督诺 ------------------------------------------------------------------------------------------------------

export type RemindResult = { ok: true; reminded: number; alreadyReminded: number; withoutAccount: number; message: string } | { ok: false; code: 'forbidden' | 'invalid_input'; message: string };

/**
 * One action: every member of the secretary's scope (or of one branch of it) without a pledge this month, without
 * progress, or late gets an in-app reminder saying what is missing. A member whose reminder about this month is
 * still unread is not reminded twice; members without an account are counted for a phone call.
 */
export async function remindMembers(store: Store, actor: PledgeActor, input: { month: string; branchPath?: string }, now = new Date()): Promise<RemindResult> {
  if (!isSecretary(actor)) return { ok: false, code: 'forbidden', message: '只有社区书记可以督诺。' };
  if (input.month !== currentPledgeMonth(now)) return { ok: false, code: 'invalid_input', message: '只能督促本月的承诺。' };
  if (input.branchPath !== undefined && !withinScopePath(actor, input.branchPath)) return { ok: false, code: 'forbidden', message: '该支部不在您的管辖范围内。' };
  const scope = input.branchPath !== undefined ? { paths: [input.branchPath] } : actor.scope;
  return store.write(async (tx) => {
    const check = await midMonthCheck(tx, scope, input.month, now);
    const due = check.members.filter((m) => m.needsReminder);
    const withAccount = due.filter((m) => m.accountId !== null);
    const unread = new Set(
      withAccount.length === 0
        ? []
        : (
            await tx
              .select({ accountId: notifications.accountId })
              .from(notifications)
              .where(and(eq(notifications.kind, 'pledge_reminder'), isNull(notifications.readAt), sql`${notifications.note} like ${`%（${monthLabel(input.month)}）%`}`))
          ).map((r) => r.accountId),
    );
    const toRemind = withAccount.filter((m) => !unread.has(m.accountId!));
    if (toRemind.length > 0) {
      await tx.insert(notifications).values(
        toRemind.map((m) => ({ accountId: m.accountId!, caseId: null, kind: 'pledge_reminder' as const, note: reminderNote(input.month, m.check, check.daysLeft), createdAt: now })),
      );
    }
    const withoutAccount = due.length - withAccount.length;
    await writeAudit(
      tx,
      { accountId: actor.id, action: 'remind_pledges', subject: `pledge_month:${input.month}`, detail: JSON.stringify({ scope: scope.paths, reminded: toRemind.length, alreadyReminded: withAccount.length - toRemind.length, withoutAccount }) },
      now,
    );
    const parts = [`已提醒 ${toRemind.length} 名党员`];
    if (withAccount.length > toRemind.length) parts.push(`${withAccount.length - toRemind.length} 名已有未读提醒`);
    if (withoutAccount > 0) parts.push(`${withoutAccount} 名没有账号，请电话或上门提醒`);
    return { ok: true, reminded: toRemind.length, alreadyReminded: withAccount.length - toRemind.length, withoutAccount, message: `${parts.join('，')}。` } as const;
  });
}

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${y}年${m}月`;
}

// ---- 月末评诺 ------------------------------------------------------------------------------------------------------

/** The branch's secretary evaluates one pledge: 完成 / 部分完成 / 未完成 with a comment; a later evaluation replaces it. */
export async function evaluatePledge(store: Store, actor: PledgeActor, input: EvaluateInput, now = new Date()): Promise<PledgeResult> {
  return store.write(async (tx) => {
    const p = await loadPledge(tx, input.pledgeId);
    // Out of scope looks like absent; a member or a grid worker is refused outright.
    if (!p) return NOT_FOUND;
    if (!isSecretary(actor)) return { ok: false, code: 'forbidden', message: '只有该支部所属社区的书记可以评议承诺。' } as const;
    if (!withinScopePath(actor, p.nodePath)) return NOT_FOUND;
    const rule = checkEvaluation(actor, p, now);
    if (!rule.ok) return rule;
    await tx
      .update(pledges)
      .set({ evaluation: input.evaluation, evaluationComment: input.comment, evaluatedByAccountId: actor.id, evaluatedAt: now })
      .where(eq(pledges.id, p.id));
    await writeAudit(
      tx,
      { accountId: actor.id, action: 'evaluate_pledge', subject: `pledge:${p.id}`, detail: JSON.stringify({ before: p.evaluation, after: input.evaluation, comment: input.comment }) },
      now,
    );
    return { ok: true, id: p.id, message: `已评议：${p.title}` } as const;
  });
}
