// The 大党委 project rules, pure: who may take which step on a project, and what status it leads to. No I/O.
import type { ProjectStatus, ProjectStep, Role } from '@/db/schema';

/** The one who acts: a secretary or the administrator (their scope is checked by the caller), or a unit's liaison. */
export type ProjectActor = { role: Role; unitId: number | null };
export type ProjectState = { status: ProjectStatus; ownerUnitId: number; doneReportedAt: Date | null };

/** The steps taken on an existing project (creation is its own command). */
export const PROJECT_ACTIONS = ['progress', 'report_done', 'confirm', 'start', 'shelve', 'resume', 'reopen'] as const satisfies readonly ProjectStep[];
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  done: '已完成',
  shelved: '已搁置',
};

export const PROJECT_STEP_LABELS: Record<ProjectStep, string> = {
  create: '立项',
  progress: '报告进展',
  report_done: '报告完成',
  confirm: '确认完成',
  start: '启动',
  shelve: '搁置',
  resume: '恢复推进',
  reopen: '撤销完成',
};

export type Decision =
  | { ok: true; toStatus: ProjectStatus; doneReported: 'set' | 'clear' | 'keep'; confirmed: 'set' | 'clear' | 'keep'; noteRequired: boolean }
  | { ok: false; code: 'forbidden' | 'invalid_state'; message: string };

const isDesk = (role: Role) => role === 'secretary' || role === 'admin';
const OPEN: readonly ProjectStatus[] = ['not_started', 'in_progress'];

/** Whether the actor acts for the project's owner unit: only that unit's liaison reports on it. */
export function isOwnerLiaison(project: Pick<ProjectState, 'ownerUnitId'>, actor: ProjectActor): boolean {
  return actor.role === 'unit_liaison' && actor.unitId !== null && actor.unitId === project.ownerUnitId;
}

/**
 * Past its target date, still open (未启动 or 推进中) and not reported done: the lists say 已逾期 in words. `today` is the China date
 * (YYYY-MM-DD), the calendar the target date is kept in; a project due today is not late yet.
 */
export function isProjectOverdue(project: { status: ProjectStatus; targetDate: string | null; doneReportedAt: Date | null }, today: string): boolean {
  // Reported done by its unit, it waits for the secretary's confirmation (the status says so): the unit is not late.
  if (project.doneReportedAt !== null) return false;
  return OPEN.includes(project.status) && project.targetDate !== null && project.targetDate < today;
}

function refuse(code: 'forbidden' | 'invalid_state', message: string): Decision {
  return { ok: false, code, message };
}

/**
 * The step's outcome. The owner unit reports progress and reports the project done; only the secretary (or the
 * administrator) confirms completion, starts, shelves, resumes or reopens it. A done or shelved project takes no report.
 */
export function decideProjectStep(project: ProjectState, actor: ProjectActor, action: ProjectAction): Decision {
  const desk = isDesk(actor.role);
  const owner = isOwnerLiaison(project, actor);
  if (!desk && !owner) return refuse('forbidden', '只有项目的牵头单位和社区书记可以操作此项目。');
  const s = project.status;
  switch (action) {
    case 'progress':
      if (!OPEN.includes(s)) return refuse('invalid_state', `项目${PROJECT_STATUS_LABELS[s]}，不能再报告进展。`);
      return { ok: true, toStatus: 'in_progress', doneReported: 'keep', confirmed: 'keep', noteRequired: true };
    case 'report_done':
      if (!owner) return refuse('forbidden', '完成情况由牵头单位报告、社区书记确认；书记请直接确认完成。');
      if (!OPEN.includes(s)) return refuse('invalid_state', `项目${PROJECT_STATUS_LABELS[s]}，不能报告完成。`);
      if (project.doneReportedAt) return refuse('invalid_state', '已报告完成，正等待社区书记确认。');
      return { ok: true, toStatus: 'in_progress', doneReported: 'set', confirmed: 'keep', noteRequired: true };
    case 'confirm':
      if (!desk) return refuse('forbidden', '项目完成须由社区书记确认，单位只能报告完成。');
      if (!OPEN.includes(s)) return refuse('invalid_state', `项目${PROJECT_STATUS_LABELS[s]}，不能确认完成。`);
      return { ok: true, toStatus: 'done', doneReported: 'keep', confirmed: 'set', noteRequired: false };
    case 'start':
      if (!desk) return refuse('forbidden', '只有社区书记可以启动项目；单位报告进展即开始推进。');
      if (s !== 'not_started') return refuse('invalid_state', `项目${PROJECT_STATUS_LABELS[s]}，无需启动。`);
      return { ok: true, toStatus: 'in_progress', doneReported: 'keep', confirmed: 'keep', noteRequired: false };
    case 'shelve':
      if (!desk) return refuse('forbidden', '只有社区书记可以搁置项目。');
      if (!OPEN.includes(s)) return refuse('invalid_state', `项目${PROJECT_STATUS_LABELS[s]}，不能搁置。`);
      return { ok: true, toStatus: 'shelved', doneReported: 'clear', confirmed: 'keep', noteRequired: true };
    case 'resume':
      if (!desk) return refuse('forbidden', '只有社区书记可以恢复项目。');
      if (s !== 'shelved') return refuse('invalid_state', '只有已搁置的项目可以恢复推进。');
      return { ok: true, toStatus: 'in_progress', doneReported: 'keep', confirmed: 'keep', noteRequired: false };
    case 'reopen':
      if (!desk) return refuse('forbidden', '只有社区书记可以撤销完成。');
      if (s !== 'done') return refuse('invalid_state', '只有已完成的项目可以撤销完成。');
      return { ok: true, toStatus: 'in_progress', doneReported: 'clear', confirmed: 'clear', noteRequired: true };
  }
}

/** The steps to offer the actor on the project's page: those the rule allows now. */
export function allowedSteps(project: ProjectState, actor: ProjectActor): ProjectAction[] {
  return PROJECT_ACTIONS.filter((a) => decideProjectStep(project, actor, a).ok);
}
