// What each lifecycle action asks of the person taking it: the fields of its form, in Chinese.
import { ESCALATION_LABELS, URGENCY_LABELS, RATING_LABELS, ACTION_LABELS } from './labels';
import type { ActionName } from './lifecycle';
import type { CaseTemplates } from '@/lib/templates/templates';
import type { RoutingOptions } from './routing';

export type FieldSpec =
  | { kind: 'textarea' | 'text'; name: string; label: string; required?: boolean; placeholder?: string; /** 回复模板: phrases one tap puts in the box, to edit before sending. */ suggestions?: string[] }
  | { kind: 'number'; name: string; label: string; min: number; max: number; required?: boolean }
  | { kind: 'select'; name: string; label: string; options: { value: string; label: string }[]; required?: boolean; defaultValue?: string }
  | { kind: 'radio'; name: string; label: string; options: { value: string; label: string }[]; defaultValue?: string }
  | { kind: 'datetime'; name: string; label: string }
  | { kind: 'photos'; name: 'photos'; label: string }
  | { kind: 'checkbox'; name: string; label: string; hint?: string; defaultChecked?: boolean };

export type ActionFormSpec = {
  action: ActionName;
  title: string;
  submitLabel: string;
  tone: 'primary' | 'default' | 'danger';
  fields: FieldSpec[];
};

type CaseFacts = { categoryId: number | null; urgency: 'normal' | 'urgent'; escalationLevel: number; extensionRequestedHours: number | null; extensionReason: string | null };

const note = (label = '说明（可选）'): FieldSpec => ({ kind: 'textarea', name: 'note', label });
const reason = (label = '原因'): FieldSpec => ({ kind: 'textarea', name: 'reason', label, required: true });
const photos: FieldSpec = { kind: 'photos', name: 'photos', label: '照片（最多 3 张）' };
/** Resolution photos are the resident's proof, so they are shown by default; progress photos are not. */
const photosPublic = (defaultChecked: boolean): FieldSpec => ({
  kind: 'checkbox',
  name: 'photosPublic',
  label: '公开给居民',
  hint: '居民可在办理进度页看到这些照片；照片中如有他人面部、门牌等信息请不要公开。',
  defaultChecked,
});

/**
 * What is usually next comes first: take the case on, record progress, finish; routing it
 * elsewhere after that; refusing, escalating or returning it last.
 */
const ORDER: readonly ActionName[] = [
  'accept',
  'sign',
  'claim',
  'handle_self',
  'progress',
  'resolve',
  'rate',
  'decide_extension',
  'assign_worker',
  'post_to_board',
  'hand_to_unit',
  'request_extension',
  'supervise',
  'escalate',
  'return',
  'mark_duplicate',
  'reject',
];

/** The actions shown at once; the rest wait behind 更多操作, one tap away. */
const MAIN: ReadonlySet<ActionName> = new Set(['accept', 'sign', 'claim', 'handle_self', 'progress', 'resolve', 'rate', 'decide_extension']);

/** The confirmation after each action, shown as a toast and announced. */
export const ACTION_DONE: Record<ActionName, string> = {
  accept: '已受理',
  reject: '已不予受理',
  mark_duplicate: '已标记为重复',
  handle_self: '已由您办理',
  assign_worker: '已派单',
  post_to_board: '已发布到认领台',
  claim: '已认领',
  hand_to_unit: '已转交',
  escalate: '已吹哨上报',
  sign: '已签收',
  return: '已退回',
  progress: '进展已保存',
  request_extension: '延期申请已提交',
  decide_extension: '延期审批已提交',
  resolve: '已办结',
  rate: '回访评价已记录',
  supervise: '已督办',
  auto_close: '已关闭',
};

/** The forms split into what is shown at once and what sits behind 更多操作, each in the order above. */
export function groupActionForms(forms: ActionFormSpec[]): { main: ActionFormSpec[]; more: ActionFormSpec[] } {
  const main = forms.filter((f) => MAIN.has(f.action));
  // With nothing usual to do (e.g. a secretary's 督办), the first of the rest becomes the main one.
  if (main.length === 0 && forms.length > 0) return { main: forms.slice(0, 1), more: forms.slice(1) };
  return { main, more: forms.filter((f) => !MAIN.has(f.action)) };
}

/** The form for each action the viewer may take, in the order the UI shows them. */
export function actionForms(actions: ActionName[], c: CaseFacts, options: RoutingOptions | null, templates: CaseTemplates = {}): ActionFormSpec[] {
  const o = options ?? { gridWorkers: [], coBuildingUnits: [], departments: [], categories: [] };
  const offered = (purpose: keyof CaseTemplates) => (templates[purpose]?.length ? { suggestions: templates[purpose] } : {});
  const specs: Partial<Record<ActionName, Omit<ActionFormSpec, 'action' | 'title'> & { title?: string }>> = {
    accept: {
      submitLabel: '确认受理',
      tone: 'primary',
      fields: [
        {
          kind: 'select',
          name: 'categoryId',
          label: '事项分类',
          required: true,
          defaultValue: c.categoryId ? String(c.categoryId) : undefined,
          options: o.categories.map((x) => ({ value: String(x.id), label: `${x.name}（${x.group}）` })),
        },
        { kind: 'radio', name: 'urgency', label: '紧急程度', defaultValue: c.urgency, options: Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label })) },
        note(),
      ],
    },
    handle_self: { submitLabel: '由我办理', tone: 'primary', fields: [note()] },
    claim: { submitLabel: '认领这件事', tone: 'primary', fields: [note('认领说明（可选）')] },
    sign: { submitLabel: '签收', tone: 'primary', fields: [note()] },
    progress: {
      submitLabel: '保存进展',
      tone: 'default',
      fields: [{ kind: 'textarea', name: 'note', label: '办理进展', required: true, ...offered('progress') }, photos, photosPublic(false)],
    },
    resolve: {
      submitLabel: '确认办结',
      tone: 'primary',
      fields: [{ kind: 'textarea', name: 'note', label: '办理结果（做了什么）', required: true, ...offered('resolve') }, photos, photosPublic(true)],
    },
    rate: {
      title: '回访评价',
      submitLabel: '记录回访评价',
      tone: 'primary',
      fields: [
        { kind: 'radio', name: 'rating', label: '居民评价', options: Object.entries(RATING_LABELS).map(([value, label]) => ({ value, label })) },
        { kind: 'textarea', name: 'comment', label: '居民意见（可选）' },
      ],
    },
    post_to_board: { submitLabel: '发布到认领台', tone: 'default', fields: [note('给认领党员的说明（可选）')] },
    assign_worker: {
      submitLabel: '派单',
      tone: 'default',
      fields: [{ kind: 'select', name: 'accountId', label: '网格员', required: true, options: o.gridWorkers.map((w) => ({ value: String(w.id), label: w.name })) }, note()],
    },
    hand_to_unit: {
      submitLabel: '转交',
      tone: 'default',
      fields: [
        {
          kind: 'select',
          name: 'unitId',
          label: '共建单位或职能部门',
          required: true,
          options: [...o.coBuildingUnits.map((u) => ({ value: String(u.id), label: `${u.name}（共建单位）` })), ...o.departments.map((u) => ({ value: String(u.id), label: `${u.name}（职能部门）` }))],
        },
        note(),
      ],
    },
    escalate: {
      title: `吹哨上报到${ESCALATION_LABELS[Math.min(c.escalationLevel + 1, 2)]}`,
      submitLabel: '吹哨上报',
      tone: 'default',
      fields:
        c.escalationLevel >= 1
          ? [{ kind: 'select', name: 'unitId', label: '职能部门', required: true, options: o.departments.map((u) => ({ value: String(u.id), label: u.name })) }, reason('上报原因')]
          : [reason('上报原因')],
    },
    request_extension: {
      submitLabel: '提交延期申请',
      tone: 'default',
      fields: [{ kind: 'number', name: 'hours', label: '延期小时数', min: 1, max: 720, required: true }, reason('延期原因')],
    },
    decide_extension: {
      title: `审批延期（申请 ${c.extensionRequestedHours ?? 0} 小时：${c.extensionReason ?? ''}）`,
      submitLabel: '提交审批',
      tone: 'primary',
      fields: [
        { kind: 'radio', name: 'grant', label: '审批结果', defaultValue: 'true', options: [{ value: 'true', label: '同意延期' }, { value: 'false', label: '不同意' }] },
        note('审批意见（可选）'),
      ],
    },
    supervise: {
      submitLabel: '督办',
      tone: 'default',
      fields: [{ kind: 'textarea', name: 'note', label: '督办意见', required: true }, { kind: 'datetime', name: 'dueAt', label: '新的办理时限（可选）' }],
    },
    return: { submitLabel: '退回', tone: 'danger', fields: [{ ...reason('退回原因（如派错单位）'), ...offered('return') }] },
    mark_duplicate: {
      submitLabel: '标记为重复',
      tone: 'danger',
      fields: [{ kind: 'text', name: 'duplicateOf', label: '原事项编号', required: true, placeholder: 'YH20261124-0001' }, note()],
    },
    reject: { submitLabel: '不予受理', tone: 'danger', fields: [reason('不予受理的原因')] },
  };
  const ordered = [...actions].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return ordered.flatMap((action) => {
    const spec = specs[action];
    return spec ? [{ action, title: spec.title ?? ACTION_LABELS[action], ...spec }] : [];
  });
}
