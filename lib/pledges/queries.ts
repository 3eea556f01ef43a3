// 党员每月一件事, the reads: the service-item list, a member's month, the branch's pledge board, the mid-month check
// (月中督诺) and the evaluation results (月末评诺) per member, branch and month. Every list is filtered by scope in SQL.
import { aliasedTable, and, asc, count, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { PledgeEvaluation, PledgeKind, PledgeStatus } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { accounts, caseEvents, cases, categories, notifications, orgNodes, partyMembers, persons, pledgeItems, pledges } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { chinaDay } from '@/lib/stats/period';
import {
  addToTotals,
  checkMember,
  currentPledgeMonth,
  daysRemaining,
  EMPTY_TOTALS,
  isOverdue,
  itemDueAt,
  lacksProgress,
  monthsOfYear,
  needsReminder,
  pledgeStanding,
  sumTotals,
  unevaluated,
  type MemberCheck,
  type PledgeProgressFacts,
  type PledgeStanding,
  type Totals,
} from './rules';

const place = aliasedTable(orgNodes, 'place');

// ---- the tree: branches (小区党支部 = grids) and members -------------------------------------------------------

export type Branch = { id: number; name: string; partyOrgName: string | null; path: string };

/** The branches of a scope: its grids, each with its 党支部, in tree order. */
export async function branchesIn(db: AppDb, scope: Scope): Promise<Branch[]> {
  return db
    .select({ id: orgNodes.id, name: orgNodes.name, partyOrgName: orgNodes.partyOrgName, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'grid'), isNull(orgNodes.retiredAt), withinScope(orgNodes.path, scope)))
    .orderBy(asc(orgNodes.sortOrder), asc(orgNodes.path), asc(orgNodes.id));
}

/** The branch a path lies in: the longest branch path it starts with. */
export function branchOf(branches: readonly Branch[], path: string): Branch | undefined {
  let found: Branch | undefined;
  for (const b of branches) if (path.startsWith(b.path) && (!found || b.path.length > found.path.length)) found = b;
  return found;
}

/** The path of a branch (a grid that is not retired), or undefined. Scope is checked by the command that uses it. */
export async function branchPathOf(db: AppDb, id: number): Promise<string | undefined> {
  const [row] = await db
    .select({ path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, id), eq(orgNodes.kind, 'grid')))
    .limit(1);
  return row?.path;
}

export type MemberRow = { id: number; name: string; nodeId: number; nodePath: string; nodeName: string; accountId: number | null; username: string | null };

/** The active party members of a scope, with their sign-in account (if any), in name order. */
export async function membersIn(db: AppDb, scope: Scope): Promise<MemberRow[]> {
  return db
    .select({
      id: partyMembers.id,
      name: persons.name,
      nodeId: partyMembers.nodeId,
      nodePath: partyMembers.nodePath,
      nodeName: orgNodes.name,
      accountId: accounts.id,
      username: accounts.username,
    })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .innerJoin(orgNodes, eq(orgNodes.id, partyMembers.nodeId))
    .leftJoin(accounts, and(eq(accounts.partyMemberId, partyMembers.id), eq(accounts.role, 'party_member'), eq(accounts.active, true)))
    .where(and(eq(partyMembers.status, 'active'), withinScope(partyMembers.nodePath, scope)))
    .orderBy(asc(partyMembers.nodePath), asc(persons.name), asc(partyMembers.id));
}

/** One member as the commands need them (any status; the command decides). */
export async function memberById(db: AppDb, partyMemberId: number) {
  const [row] = await db
    .select({ id: partyMembers.id, name: persons.name, nodeId: partyMembers.nodeId, nodePath: partyMembers.nodePath, status: partyMembers.status })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(eq(partyMembers.id, partyMemberId))
    .limit(1);
  return row ?? null;
}

// ---- 民意事项清单 ------------------------------------------------------------------------------------------------

export type ItemRow = typeof pledgeItems.$inferSelect & { nodeName: string; takenThisMonth: number };

/** The secretary's list: the items kept for the nodes of their scope, active first, newest first. */
export async function itemsInScope(db: AppDb, scope: Scope, month: string): Promise<ItemRow[]> {
  const taken = db
    .select({ itemId: pledges.itemId, n: count().as('n') })
    .from(pledges)
    .where(and(eq(pledges.month, month), ne(pledges.status, 'rejected')))
    .groupBy(pledges.itemId)
    .as('taken');
  const rows = await db
    .select({ item: pledgeItems, nodeName: orgNodes.name, n: taken.n })
    .from(pledgeItems)
    .innerJoin(orgNodes, eq(orgNodes.id, pledgeItems.nodeId))
    .leftJoin(taken, eq(taken.itemId, pledgeItems.id))
    .where(withinScope(pledgeItems.nodePath, scope))
    .orderBy(desc(pledgeItems.active), desc(pledgeItems.createdAt), desc(pledgeItems.id));
  return rows.map((r) => ({ ...r.item, nodeName: r.nodeName, takenThisMonth: Number(r.n ?? 0) }));
}

/** The items a member may pledge: active, kept for their community or branch (a node above them), not past their date. */
export async function itemsForMember(db: AppDb, memberPath: string, now: Date) {
  const today = chinaDay(now);
  return db
    .select({
      id: pledgeItems.id,
      title: pledgeItems.title,
      description: pledgeItems.description,
      group: pledgeItems.group,
      place: pledgeItems.place,
      dueOn: pledgeItems.dueOn,
      nodeName: orgNodes.name,
    })
    .from(pledgeItems)
    .innerJoin(orgNodes, eq(orgNodes.id, pledgeItems.nodeId))
    .where(
      and(
        eq(pledgeItems.active, true),
        sql`${memberPath} like ${pledgeItems.nodePath} || '%'`,
        or(isNull(pledgeItems.dueOn), gte(pledgeItems.dueOn, today)),
      ),
    )
    .orderBy(asc(sql`coalesce(${pledgeItems.dueOn}, '9999-12-31')`), asc(pledgeItems.id));
}

/** Requests on the claim board of a scope (the other half of the list): what, where, by when; no resident's data. */
export async function boardCasesInScope(db: AppDb, scope: Scope, limit = 50) {
  const where = and(eq(cases.handlerKind, 'board'), eq(cases.status, 'assigned'), withinScope(cases.nodePath, scope));
  const items = await db
    .select({ id: cases.id, number: cases.number, categoryName: categories.name, group: categories.group, placeName: place.name, resolveDueAt: cases.resolveDueAt })
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .where(where)
    .orderBy(asc(cases.resolveDueAt), asc(cases.id))
    .limit(limit);
  const [counted] = await db.select({ n: count() }).from(cases).where(where);
  return { items, total: counted!.n };
}

// ---- pledges of a month ------------------------------------------------------------------------------------------

export type PledgeRow = {
  id: number;
  partyMemberId: number;
  memberName: string;
  nodePath: string;
  month: string;
  kind: PledgeKind;
  /** The list item pledged (kind 'item'): the member's page marks it as taken. */
  itemId: number | null;
  title: string;
  description: string | null;
  group: string;
  status: PledgeStatus;
  reviewNote: string | null;
  progressNote: string | null;
  progressAt: Date | null;
  recordedByName: string | null;
  createdAt: Date;
  evaluation: PledgeEvaluation | null;
  evaluationComment: string | null;
  evaluatedAt: Date | null;
  caseNumber: string | null;
  caseStatus: string | null;
  caseRating: string | null;
  caseRatingComment: string | null;
  facts: PledgeProgressFacts;
};

const recorder = aliasedTable(accounts, 'recorder');

/** The pledges of a month under `where`, with what the check needs: the request's state, progress and deadline. */
async function pledgesWhere(db: AppDb, where: ReturnType<typeof and>): Promise<PledgeRow[]> {
  const caseProgress = sql<number>`case when ${pledges.caseId} is null then 0 when exists (select 1 from ${caseEvents} where ${caseEvents.caseId} = ${pledges.caseId} and ${caseEvents.action} in ('progress', 'resolve') and ${caseEvents.at} >= ${pledges.createdAt}) then 1 else 0 end`.mapWith(
    Number,
  );
  const rows = await db
    .select({
      p: pledges,
      memberName: persons.name,
      recordedByName: recorder.displayName,
      caseNumber: cases.number,
      caseStatus: cases.status,
      caseRating: cases.rating,
      caseRatingComment: cases.ratingComment,
      caseResolveDueAt: cases.resolveDueAt,
      itemDueOn: pledgeItems.dueOn,
      caseProgress,
    })
    .from(pledges)
    .innerJoin(partyMembers, eq(partyMembers.id, pledges.partyMemberId))
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .leftJoin(recorder, eq(recorder.id, pledges.recordedByAccountId))
    .leftJoin(cases, eq(cases.id, pledges.caseId))
    .leftJoin(pledgeItems, eq(pledgeItems.id, pledges.itemId))
    .where(where)
    .orderBy(asc(pledges.nodePath), asc(persons.name), asc(pledges.partyMemberId), asc(pledges.id));
  return rows.map((r) => {
    const p = r.p;
    const caseFinished = r.caseStatus !== null && ['resolved', 'closed'].includes(r.caseStatus);
    const facts: PledgeProgressFacts = {
      status: p.status,
      createdAt: p.createdAt,
      evaluation: p.evaluation,
      hasProgress: p.kind === 'case' ? r.caseProgress === 1 : p.progressAt !== null,
      finished: caseFinished,
      dueAt: p.kind === 'case' ? (r.caseResolveDueAt ?? null) : itemDueAt(r.itemDueOn ?? null),
    };
    return {
      id: p.id,
      partyMemberId: p.partyMemberId,
      memberName: r.memberName,
      nodePath: p.nodePath,
      month: p.month,
      kind: p.kind,
      itemId: p.itemId,
      title: p.title,
      description: p.description,
      group: p.group,
      status: p.status,
      reviewNote: p.reviewNote,
      progressNote: p.progressNote,
      progressAt: p.progressAt,
      recordedByName: r.recordedByName ?? null,
      createdAt: p.createdAt,
      evaluation: p.evaluation,
      evaluationComment: p.evaluationComment,
      evaluatedAt: p.evaluatedAt,
      caseNumber: r.caseNumber ?? null,
      caseStatus: r.caseStatus ?? null,
      caseRating: r.caseRating ?? null,
      caseRatingComment: r.caseRatingComment ?? null,
      facts,
    };
  });
}

/** A member's pledges of one month, for their own page. */
export async function memberPledges(db: AppDb, partyMemberId: number, month: string): Promise<PledgeRow[]> {
  return pledgesWhere(db, and(eq(pledges.partyMemberId, partyMemberId), eq(pledges.month, month)));
}

/** Every pledge of a month in a scope (optionally one branch): the evaluation page and the pledge board. */
export async function pledgesOfMonth(db: AppDb, scope: Scope, month: string): Promise<PledgeRow[]> {
  return pledgesWhere(db, and(eq(pledges.month, month), withinScope(pledges.nodePath, scope)));
}

/** Every pledge of a year in a scope, for the workbook's detail sheet. */
export async function pledgesOfYear(db: AppDb, scope: Scope, year: number): Promise<PledgeRow[]> {
  const months = monthsOfYear(year);
  return pledgesWhere(db, and(gte(pledges.month, months[0]!), lte(pledges.month, months[11]!), withinScope(pledges.nodePath, scope)));
}

/** The branch's pledge board (晒诺): who promised what this month; names and titles only, confirmed or awaiting approval. */
export async function pledgeBoard(db: AppDb, branchPath: string, month: string) {
  return db
    .select({ id: pledges.id, memberName: persons.name, title: pledges.title, group: pledges.group, kind: pledges.kind, status: pledges.status })
    .from(pledges)
    .innerJoin(partyMembers, eq(partyMembers.id, pledges.partyMemberId))
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(and(eq(pledges.month, month), ne(pledges.status, 'rejected'), withinScope(pledges.nodePath, { paths: [branchPath] })))
    .orderBy(asc(persons.name), asc(pledges.id));
}

/** Own commitments waiting for the secretary's approval in a scope, oldest first. */
export async function pendingReviews(db: AppDb, scope: Scope) {
  return pledgesWhere(db, and(eq(pledges.status, 'pending'), withinScope(pledges.nodePath, scope)));
}

// ---- 月中督诺 ----------------------------------------------------------------------------------------------------

export type CheckedMember = MemberRow & {
  branchId: number | null;
  check: MemberCheck;
  standing: PledgeStanding;
  /** This month's confirmed pledges, and own commitments still awaiting approval. */
  confirmed: number;
  awaiting: number;
  needsReminder: boolean;
  remindedAt: Date | null;
};
/**
 * One branch's line of the check. Members: pledged (confirmed) + awaiting (only commitments awaiting approval) +
 * noPledge = members; noProgress and overdue are members too. pendingReviews counts the commitments (of any month,
 * as the list to review holds them) awaiting the secretary's approval.
 */
export type BranchCheck = Branch & { members: number; pledged: number; awaiting: number; noPledge: number; noProgress: number; overdue: number; pendingReviews: number };

/**
 * 月中督诺 for a scope and month: every active member with what is missing (no pledge, pledges without progress, late
 * ones), when they were last reminded, and the same counted per branch; with the commitments awaiting approval.
 */
export async function midMonthCheck(db: AppDb, scope: Scope, month: string, now: Date) {
  const [branches, members, monthPledges, pending] = await Promise.all([branchesIn(db, scope), membersIn(db, scope), pledgesOfMonth(db, scope, month), pendingReviews(db, scope)]);
  const byMember = new Map<number, PledgeProgressFacts[]>();
  for (const p of monthPledges) byMember.set(p.partyMemberId, [...(byMember.get(p.partyMemberId) ?? []), p.facts]);
  const reminded = await lastReminders(db, members.flatMap((m) => (m.accountId === null ? [] : [m.accountId])), month);
  const checked: CheckedMember[] = members.map((m) => {
    const facts = byMember.get(m.id) ?? [];
    const check = checkMember(facts, now);
    return {
      ...m,
      branchId: branchOf(branches, m.nodePath)?.id ?? null,
      check,
      standing: pledgeStanding(facts),
      confirmed: facts.filter((f) => f.status === 'approved').length,
      awaiting: facts.filter((f) => f.status === 'pending').length,
      needsReminder: needsReminder(check),
      remindedAt: m.accountId === null ? null : (reminded.get(m.accountId) ?? null),
    };
  });
  const branchChecks: BranchCheck[] = branches.map((b) => {
    const own = checked.filter((m) => m.branchId === b.id);
    return {
      ...b,
      members: own.length,
      pledged: own.filter((m) => m.standing === 'confirmed').length,
      awaiting: own.filter((m) => m.standing === 'awaiting').length,
      noPledge: own.filter((m) => m.standing === 'none').length,
      noProgress: own.filter((m) => m.check.noProgress > 0).length,
      overdue: own.filter((m) => m.check.overdue > 0).length,
      pendingReviews: pending.filter((p) => branchOf(branches, p.nodePath)?.id === b.id).length,
    };
  });
  return { month, daysLeft: daysRemaining(month, now), branches: branchChecks, members: checked, pledges: monthPledges, pendingReviews: pending };
}

/** When each account was last reminded about the month (the reminder's note names the month). */
async function lastReminders(db: AppDb, accountIds: number[], month: string): Promise<Map<number, Date>> {
  if (accountIds.length === 0) return new Map();
  const [y, m] = month.split('-').map(Number) as [number, number];
  const rows = await db
    .select({ accountId: notifications.accountId, at: sql<Date>`max(${notifications.createdAt})`.mapWith(notifications.createdAt) })
    .from(notifications)
    .where(and(eq(notifications.kind, 'pledge_reminder'), inArray(notifications.accountId, accountIds), sql`${notifications.note} like ${`%（${y}年${m}月）%`}`))
    .groupBy(notifications.accountId);
  return new Map(rows.map((r) => [r.accountId, r.at]));
}

// ---- a member's home ---------------------------------------------------------------------------------------------

/** A member's unread pledge reminders, newest first (the home page shows them until read). */
export async function unreadPledgeReminders(db: AppDb, accountId: number) {
  return db
    .select({ id: notifications.id, note: notifications.note, createdAt: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), eq(notifications.kind, 'pledge_reminder'), isNull(notifications.readAt)))
    .orderBy(desc(notifications.id))
    .limit(5);
}

/** What the member's home says: this month's pledges, the days left, and what is missing. */
export async function memberMonth(db: AppDb, partyMemberId: number, now: Date) {
  const month = currentPledgeMonth(now);
  const rows = await memberPledges(db, partyMemberId, month);
  const check = checkMember(
    rows.map((r) => r.facts),
    now,
  );
  return { month, daysLeft: daysRemaining(month, now), pledges: rows, check, flags: rows.map((r) => ({ id: r.id, noProgress: lacksProgress(r.facts, now), overdue: isOverdue(r.facts, now) })) };
}

// ---- 月末评诺: results ---------------------------------------------------------------------------------------------

export type YearResults = {
  year: number;
  months: { month: string; totals: Totals; unevaluated: boolean }[];
  branches: (Branch & { totals: Totals; perMonth: Totals[] })[];
  members: { id: number; name: string; branchId: number | null; branchName: string; totals: Totals; perMonth: (Totals & { pledged: boolean })[] }[];
  totals: Totals;
};

/**
 * A year's evaluation for a scope: per month (with the unevaluated months flagged), per branch and per member, and
 * the year's totals. One grouped query: a community's year is a few thousand pledges, counted in the database.
 */
export async function yearResults(db: AppDb, scope: Scope, year: number, now: Date): Promise<YearResults> {
  const months = monthsOfYear(year);
  const [branches, members, grouped] = await Promise.all([
    branchesIn(db, scope),
    membersIn(db, scope),
    db
      .select({ memberId: pledges.partyMemberId, nodePath: pledges.nodePath, month: pledges.month, status: pledges.status, evaluation: pledges.evaluation, n: count() })
      .from(pledges)
      .where(and(gte(pledges.month, months[0]!), lte(pledges.month, months[11]!), withinScope(pledges.nodePath, scope)))
      .groupBy(pledges.partyMemberId, pledges.nodePath, pledges.month, pledges.status, pledges.evaluation),
  ]);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const perMonth = months.map(() => ({ ...EMPTY_TOTALS }));
  const perBranch = new Map<number, Totals[]>(branches.map((b) => [b.id, months.map(() => ({ ...EMPTY_TOTALS }))]));
  const perMember = new Map<number, Totals[]>();
  const memberBranch = new Map<number, Branch>();
  const add = (t: Totals, g: (typeof grouped)[number]) => addToTotals(t, g, Number(g.n));
  for (const g of grouped) {
    const i = monthIndex.get(g.month)!;
    perMonth[i] = add(perMonth[i]!, g);
    const branch = branchOf(branches, g.nodePath);
    if (branch) {
      const list = perBranch.get(branch.id)!;
      list[i] = add(list[i]!, g);
    }
    const list = perMember.get(g.memberId) ?? months.map(() => ({ ...EMPTY_TOTALS }));
    list[i] = add(list[i]!, g);
    perMember.set(g.memberId, list);
    if (branch) memberBranch.set(g.memberId, branch);
  }
  const sum = (list: Totals[]) => list.reduce(sumTotals, EMPTY_TOTALS);
  // Members who pledged in the year and are no longer active still count in it.
  const known = new Map(members.map((m) => [m.id, m]));
  const missing = [...perMember.keys()].filter((id) => !known.has(id));
  const extra = missing.length === 0 ? [] : await db.select({ id: partyMembers.id, name: persons.name, nodePath: partyMembers.nodePath }).from(partyMembers).innerJoin(persons, eq(persons.id, partyMembers.personId)).where(inArray(partyMembers.id, missing));
  const everyone = [...members.map((m) => ({ id: m.id, name: m.name, nodePath: m.nodePath })), ...extra];
  return {
    year,
    months: months.map((month, i) => ({ month, totals: perMonth[i]!, unevaluated: unevaluated(month, perMonth[i]!, now) })),
    branches: branches.map((b) => ({ ...b, perMonth: perBranch.get(b.id)!, totals: sum(perBranch.get(b.id)!) })),
    members: everyone.map((m) => {
      const list = perMember.get(m.id) ?? months.map(() => ({ ...EMPTY_TOTALS }));
      return {
        id: m.id,
        name: m.name,
        branchId: (memberBranch.get(m.id) ?? branchOf(branches, m.nodePath))?.id ?? null,
        branchName: (memberBranch.get(m.id) ?? branchOf(branches, m.nodePath))?.name ?? '—',
        totals: sum(list),
        perMonth: list.map((t) => ({ ...t, pledged: t.pledges > 0 })),
      };
    }),
    totals: sum(perMonth),
  };
}
