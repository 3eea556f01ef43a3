// How a decision of the state machine becomes a timeline row, for live commands and the demo alike.
import type { caseEvents } from '@/db/schema';
import { ROLE_LABELS } from '@/lib/auth/roles';
import type { Actor, Decision } from './lifecycle';

/** The actor as the timeline names them, e.g. "网格员 张丽娟". */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'account':
      return `${ROLE_LABELS[actor.role]} ${actor.name}`;
    case 'integration':
      return `对接系统 ${actor.name}`;
    case 'resident':
      return '居民';
    case 'system':
      return '系统';
  }
}

type DecidedEvent = Extract<Decision, { ok: true }>['event'];

export function eventRow(caseId: number, actor: Actor, event: DecidedEvent, at: Date): typeof caseEvents.$inferInsert {
  return {
    caseId,
    at,
    action: event.action,
    actorKind: actor.kind,
    actorAccountId: actor.kind === 'account' ? actor.id : null,
    actorLabel: actorLabel(actor),
    fromStatus: event.from,
    toStatus: event.to,
    note: event.note,
    targetAccountId: event.targetAccountId ?? null,
    targetUnitId: event.targetUnitId ?? null,
    data: event.data ?? null,
  };
}
