// One demo case told step by step through the lifecycle's decide(), recording what performAction would write.
import type { cases, caseEvents } from '../schema';
import { actorLabel, eventRow } from '@/lib/cases/events';
import { decide, type ActionInput, type Actor, type CaseSnapshot, type DecisionContext, type NotifyTarget } from '@/lib/cases/lifecycle';
import { MINUTE } from './case-clock';

export type CaseRow = typeof cases.$inferInsert & {
  id: number;
  status: CaseSnapshot['status'];
  acceptDueAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
};
export type EventRow = typeof caseEvents.$inferInsert & { caseId: number; at: Date };

/** A notification the step asked for, resolved to accounts later (only recent ones are kept). */
export interface Notice {
  at: Date;
  kind: 'new_case' | Extract<ReturnType<typeof decide>, { ok: true }>['notify'][number]['kind'];
  note: string | null;
  target: NotifyTarget;
  handler: { handlerKind: CaseRow['handlerKind']; handlerAccountId: number | null; handlerUnitId: number | null };
  actorAccountId: number | null;
}

type Extras = Omit<DecisionContext, 'now' | 'limits'>;

/**
 * Steps happen in order; a step whose time lies after the demo's `now` has not happened yet,
 * so the case stays where it is and every later step is skipped as well.
 */
export class Story {
  readonly events: EventRow[] = [];
  readonly notices: Notice[] = [];
  private stopped = false;

  constructor(
    readonly row: CaseRow,
    private readonly now: number,
    private readonly limits: DecisionContext['limits'],
    submitter: Actor,
  ) {
    this.events.push({
      caseId: row.id,
      at: row.createdAt,
      action: 'submit',
      actorKind: submitter.kind,
      actorAccountId: submitter.kind === 'account' ? submitter.id : null,
      actorLabel: actorLabel(submitter),
      fromStatus: null,
      toStatus: 'submitted',
      note: null,
      targetAccountId: null,
      targetUnitId: null,
      data: { source: row.source },
    });
    this.notices.push({
      at: row.createdAt,
      kind: 'new_case',
      note: null,
      target: { to: 'grid_workers' },
      handler: { handlerKind: null, handlerAccountId: null, handlerUnitId: null },
      actorAccountId: submitter.kind === 'account' ? submitter.id : null,
    });
  }

  /** When the last step happened. */
  get clock(): number {
    return this.row.updatedAt.getTime();
  }

  get status() {
    return this.row.status;
  }

  /** False once a step fell after `now`: the rest of the story has not happened yet. */
  get live(): boolean {
    return !this.stopped;
  }

  /** Takes one action at `at` (never before the previous step). Returns whether it happened. */
  act(actor: Actor, input: ActionInput, at: number, extras: Extras = {}): boolean {
    if (this.stopped) return false;
    const when = Math.max(at, this.clock + MINUTE);
    if (when > this.now) {
      this.stopped = true;
      return false;
    }
    const now = new Date(when);
    const decision = decide(snapshot(this.row), actor, input, { now, limits: this.limits, ...extras });
    if (!decision.ok) {
      throw new Error(`demo case ${this.row.number}: ${input.action} by ${actorLabel(actor)} refused in ${this.row.status}: ${decision.message}`);
    }
    Object.assign(this.row, decision.patch, { version: this.row.version + 1, updatedAt: now });
    this.events.push(eventRow(this.row.id, actor, decision.event, now));
    for (const n of decision.notify) {
      this.notices.push({
        at: now,
        kind: n.kind,
        note: n.note ?? null,
        target: n.target,
        handler: { handlerKind: this.row.handlerKind ?? null, handlerAccountId: this.row.handlerAccountId ?? null, handlerUnitId: this.row.handlerUnitId ?? null },
        actorAccountId: actor.kind === 'account' ? actor.id : null,
      });
    }
    return true;
  }

  /** The status the case had at `t`, for judging it as the original of a duplicate. */
  statusAt(t: number): CaseSnapshot['status'] {
    let status: CaseSnapshot['status'] = 'submitted';
    for (const e of this.events) {
      if (e.at.getTime() > t) break;
      status = e.toStatus;
    }
    return status;
  }
}

export function snapshot(c: CaseRow): CaseSnapshot {
  return {
    status: c.status,
    nodePath: c.nodePath,
    categoryId: c.categoryId ?? null,
    urgency: c.urgency ?? 'normal',
    handlerKind: c.handlerKind ?? null,
    handlerAccountId: c.handlerAccountId ?? null,
    handlerUnitId: c.handlerUnitId ?? null,
    escalationLevel: c.escalationLevel ?? 0,
    acceptDueAt: c.acceptDueAt,
    resolveDueAt: c.resolveDueAt ?? null,
    rateDueAt: c.rateDueAt ?? null,
    extensionRequestedHours: c.extensionRequestedHours ?? null,
    reopenCount: c.reopenCount ?? 0,
  };
}
