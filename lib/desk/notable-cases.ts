// The month's notable requests for the printed report: supervised, escalated, reopened, longest overdue, praised party-member claims.
import { and, asc, desc, eq, gte, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { atMs, epochMs, EVERYTHING, jsonText } from '@/db/dialect';
import type { CaseStatus, Rating } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { accounts, caseEvents, cases, orgNodes } from '@/db/tables';
import { visibleCases, type Viewer } from '@/lib/cases/visibility';

export const NOTABLE_REASONS = ['supervised', 'escalated', 'reopened', 'longestOverdue', 'partyPraise'] as const;
export type NotableReason = (typeof NOTABLE_REASONS)[number];

export const NOTABLE_LABELS: Record<NotableReason, { title: string; why: string }> = {
  supervised: { title: '督办事项', why: '本月被督办' },
  escalated: { title: '吹哨上报', why: '本月吹哨上报到社区或职能部门' },
  reopened: { title: '不满意重办', why: '本月居民评价不满意，重新办理' },
  longestOverdue: { title: '超期最久', why: '办结时限在本月、超期时间最长' },
  partyPraise: { title: '党员认领获好评', why: '党员认领办理，本月获“满意”评价' },
};

export type NotableCase = {
  number: string;
  description: string;
  grid: string;
  status: CaseStatus;
  rating: Rating | null;
  /** The handler's note when resolving, the closest the ledger has to "what was done". */
  outcome: string | null;
  /** Per reason: the supervision note, the escalation reason, the rating comment, the hours late, the member's name. */
  detail: string | null;
  hoursLate: number | null;
};

const grid = alias(orgNodes, 'grid');
const handler = alias(accounts, 'handler');

// The timeline's columns as drizzle names them ("case_events"."note"): the subqueries read case_events unaliased,
// next to the outer query's cases, so a JSON key is read the same way on both engines (jsonText).
const lastNote = (action: string, extra: SQL = EVERYTHING) =>
  sql<string | null>`(select ${caseEvents.note} from ${caseEvents} where ${caseEvents.caseId} = ${cases.id} and ${caseEvents.action} = ${action} and ${extra} order by ${caseEvents.id} desc limit 1)`;

function eventInSpan(action: string, span: { from: Date; to: Date }, extra: SQL = EVERYTHING): SQL {
  // One pass over the month's timeline entries, not one probe per case in scope.
  return sql`${cases.id} in (select ${caseEvents.caseId} from ${caseEvents} where ${caseEvents.action} = ${action} and ${caseEvents.at} >= ${atMs(span.from.getTime())} and ${caseEvents.at} < ${atMs(span.to.getTime())} and ${extra})`;
}

const ratedUnsatisfied = sql`${jsonText(caseEvents.data, 'rating')} = 'unsatisfied'`;

/**
 * A few requests per reason (a dozen or so in all), each read with one statement. The
 * conditions read the append-only timeline, so "supervised this month" means a 督办 entry
 * dated this month, whatever has happened to the case since.
 */
export async function notableCases(db: AppDb, viewer: Viewer, span: { from: Date; to: Date }, now: Date, perReason = 3): Promise<{ reason: NotableReason; items: NotableCase[] }[]> {
  const resolvedOrNow = sql`coalesce(${cases.resolvedAt}, ${atMs(now.getTime())})`;
  const lateness = sql<number>`(${epochMs(resolvedOrNow)} - ${epochMs(cases.resolveDueAt)}) / 3600000.0`.mapWith(Number);
  const queries: Record<NotableReason, { where: SQL; order: SQL[]; detail: SQL<string | null> }> = {
    supervised: {
      where: eventInSpan('supervise', span),
      order: [desc(cases.reopenCount), asc(cases.createdAt), asc(cases.id)],
      detail: sql<string | null>`${cases.supervisionNote}`,
    },
    escalated: {
      where: eventInSpan('escalate', span),
      order: [desc(cases.escalationLevel), asc(cases.createdAt), asc(cases.id)],
      detail: lastNote('escalate'),
    },
    reopened: {
      where: eventInSpan('rate', span, ratedUnsatisfied),
      order: [desc(cases.reopenCount), asc(cases.createdAt), asc(cases.id)],
      detail: lastNote('rate', ratedUnsatisfied),
    },
    longestOverdue: {
      where: and(
        gte(cases.resolveDueAt, span.from),
        lt(cases.resolveDueAt, span.to),
        notInArray(cases.status, ['rejected', 'duplicate']),
        sql`${resolvedOrNow} > ${cases.resolveDueAt}`,
      )!,
      order: [desc(lateness), asc(cases.id)],
      detail: sql<string | null>`null`,
    },
    partyPraise: {
      where: and(eq(cases.rating, 'satisfied'), gte(cases.ratedAt, span.from), lt(cases.ratedAt, span.to), eq(cases.handlerKind, 'party_member'))!,
      order: [desc(cases.ratedAt), asc(cases.id)],
      detail: sql<string | null>`${handler.displayName}`,
    },
  };
  return Promise.all(NOTABLE_REASONS.map(async (reason) => {
    const q = queries[reason];
    const rows = await db
      .select({
        number: cases.number,
        description: cases.description,
        grid: grid.name,
        status: cases.status,
        rating: cases.rating,
        outcome: lastNote('resolve'),
        detail: q.detail,
        hoursLate: reason === 'longestOverdue' ? lateness : sql<number | null>`null`,
      })
      .from(cases)
      .innerJoin(grid, eq(grid.id, cases.gridId))
      .leftJoin(handler, eq(handler.id, cases.handlerAccountId))
      .where(and(visibleCases(viewer), q.where))
      .orderBy(...q.order)
      .limit(perReason);
    return { reason, items: rows };
  }));
}
