// The month's notable requests for the printed report: supervised, escalated, reopened, longest overdue, praised party-member claims.
import { and, asc, desc, eq, gte, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DB } from '@/db/client';
import { accounts, cases, orgNodes, type CaseStatus, type Rating } from '@/db/schema';
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

const lastNote = (action: string) =>
  sql<string | null>`(select e.note from case_events e where e.case_id = ${cases.id} and e.action = ${action} order by e.id desc limit 1)`;

function eventInSpan(action: string, span: { from: Date; to: Date }, extra: SQL = sql`1`): SQL {
  // One pass over the month's timeline entries, not one probe per case in scope.
  return sql`${cases.id} in (select e.case_id from case_events e where e.action = ${action} and e.at >= ${span.from.getTime()} and e.at < ${span.to.getTime()} and ${extra})`;
}

/**
 * A few requests per reason (a dozen or so in all), each read with one statement. The
 * conditions read the append-only timeline, so "supervised this month" means a 督办 entry
 * dated this month, whatever has happened to the case since.
 */
export function notableCases(db: DB, viewer: Viewer, span: { from: Date; to: Date }, now: Date, perReason = 3): { reason: NotableReason; items: NotableCase[] }[] {
  const lateness = sql<number>`(coalesce(${cases.resolvedAt}, ${now.getTime()}) - ${cases.resolveDueAt}) / 3600000.0`;
  const queries: Record<NotableReason, { where: SQL; order: SQL[]; detail: SQL<string | null> }> = {
    supervised: {
      where: eventInSpan('supervise', span),
      order: [desc(cases.reopenCount), asc(cases.createdAt)],
      detail: sql<string | null>`${cases.supervisionNote}`,
    },
    escalated: {
      where: eventInSpan('escalate', span),
      order: [desc(cases.escalationLevel), asc(cases.createdAt)],
      detail: lastNote('escalate'),
    },
    reopened: {
      where: eventInSpan('rate', span, sql`json_extract(e.data, '$.rating') = 'unsatisfied'`),
      order: [desc(cases.reopenCount), asc(cases.createdAt)],
      detail: sql<string | null>`(select e.note from case_events e where e.case_id = ${cases.id} and e.action = 'rate' and json_extract(e.data, '$.rating') = 'unsatisfied' order by e.id desc limit 1)`,
    },
    longestOverdue: {
      where: and(
        gte(cases.resolveDueAt, span.from),
        lt(cases.resolveDueAt, span.to),
        notInArray(cases.status, ['rejected', 'duplicate']),
        sql`coalesce(${cases.resolvedAt}, ${now.getTime()}) > ${cases.resolveDueAt}`,
      )!,
      order: [desc(lateness)],
      detail: sql<string | null>`null`,
    },
    partyPraise: {
      where: and(eq(cases.rating, 'satisfied'), gte(cases.ratedAt, span.from), lt(cases.ratedAt, span.to), eq(cases.handlerKind, 'party_member'))!,
      order: [desc(cases.ratedAt)],
      detail: sql<string | null>`${handler.displayName}`,
    },
  };
  return NOTABLE_REASONS.map((reason) => {
    const q = queries[reason];
    const rows = db
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
      .limit(perReason)
      .all();
    return { reason, items: rows };
  });
}
