'use client';
// The tree's edit panels: create a child, rename, set the party-group leader, move, retire. Each posts to its server action.

import { useActionState } from 'react';
import { createNodeAction } from '@/app/(staff)/org/[nodeId]/new/actions';
import { moveNodeAction, retireNodeAction, setLeaderAction, updateNodeAction } from '@/app/(staff)/org/[nodeId]/edit/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import type { TreeFormState } from './tree-form-state';

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base';
const buttonClass = 'min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70';

export function FormNotice({ state }: { state: TreeFormState }) {
  if (!state.message) return null;
  return state.ok ? (
    <p role="status" className="rounded-lg border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.message}
    </p>
  );
}

function TextField(props: { id: string; name: string; label: string; state: TreeFormState; defaultValue?: string | null; hint?: string; required?: boolean; maxLength?: number; inputMode?: 'tel' }) {
  const error = props.state.fieldErrors?.[props.name]?.[0];
  return (
    <div>
      <label htmlFor={props.id} className="block text-sm font-medium">
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.name}
        required={props.required}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
        defaultValue={props.state.values?.[props.name] ?? props.defaultValue ?? ''}
        className={inputClass}
        {...errorProps(props.id, error)}
      />
      {props.hint && <p className="mt-1 text-sm text-stone-600">{props.hint}</p>}
      <FieldError id={props.id} error={error} />
    </div>
  );
}

export function CreateNodeForm({ parentId, noun, partyOrgLabel, showRural }: { parentId: number; noun: string; partyOrgLabel: string; showRural: boolean }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(createNodeAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="parentId" value={parentId} />
      <TextField id="node-name" name="name" label={`${noun}名称`} state={state} required maxLength={40} hint={noun === '楼栋' ? '如：5号楼' : undefined} />
      <TextField id="node-party-org" name="partyOrgName" label={`${partyOrgLabel}名称（可不填）`} state={state} maxLength={40} />
      {showRural && (
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" name="rural" defaultChecked={state.values?.rural === 'on'} className="size-5" />
          农村网格（住户直接登记在网格下，不设楼栋）
        </label>
      )}
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? '正在保存…' : `新建${noun}`}
      </button>
    </form>
  );
}

export function EditNodeForm({
  node,
  partyOrgLabel,
}: {
  node: { id: number; kind: string; name: string; partyOrgName: string | null; servicePhone: string | null };
  partyOrgLabel: string;
}) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(updateNodeAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="nodeId" value={node.id} />
      <TextField id="edit-name" name="name" label="名称" state={state} defaultValue={node.name} required maxLength={40} />
      <TextField id="edit-party-org" name="partyOrgName" label={`${partyOrgLabel}名称`} state={state} defaultValue={node.partyOrgName} maxLength={40} />
      {node.kind === 'grid' && (
        <TextField
          id="edit-service-phone"
          name="servicePhone"
          label="网格服务电话（公开给居民）"
          state={state}
          defaultValue={node.servicePhone}
          inputMode="tel"
          hint="居民扫码页上显示的电话，不填则不显示"
        />
      )}
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? '正在保存…' : '保存'}
      </button>
    </form>
  );
}

export function LeaderForm({ nodeId, currentId, candidates }: { nodeId: number; currentId: number | null; candidates: { id: number; name: string; kindLabel: string }[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(setLeaderAction, {});
  const error = state.fieldErrors?.partyMemberId?.[0];
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="nodeId" value={nodeId} />
      <div>
        <label htmlFor="leader" className="block text-sm font-medium">
          楼栋党小组长
        </label>
        <select key={state.values?.partyMemberId} id="leader" name="partyMemberId" defaultValue={state.values?.partyMemberId ?? (currentId === null ? '' : String(currentId))} className={inputClass} {...errorProps('leader', error)}>
          <option value="">暂不设置</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}（{c.kindLabel}）
            </option>
          ))}
        </select>
        <p className="mt-1 text-sm text-stone-600">只能从在本楼栋服务的在册党员中选择；请先在党员登记中为其登记服务楼栋。</p>
        <FieldError id="leader" error={error} />
      </div>
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? '正在保存…' : '保存党小组长'}
      </button>
    </form>
  );
}

export function MoveNodeForm({ nodeId, noun, targetNoun, targets }: { nodeId: number; noun: string; targetNoun: string; targets: { id: number; label: string }[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(moveNodeAction, {});
  const error = state.fieldErrors?.targetParentId?.[0];
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="nodeId" value={nodeId} />
      <div>
        <label htmlFor="move-target" className="block text-sm font-medium">
          调整到{targetNoun}
        </label>
        <select key={state.values?.targetParentId} id="move-target" name="targetParentId" defaultValue={state.values?.targetParentId ?? ''} className={inputClass} {...errorProps('move-target', error)}>
          <option value="">请选择{targetNoun}</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        <p className="mt-1 text-sm text-stone-600">
          {noun}下的住户、党员、二维码和全部事项随之调整；负责原{targetNoun}的账号不再能看到它们。
        </p>
        <FieldError id="move-target" error={error} />
      </div>
      <FormNotice state={state} />
      <button type="submit" disabled={pending || targets.length === 0} className={buttonClass}>
        {pending ? '正在调整…' : '调整归属'}
      </button>
    </form>
  );
}

export function RetireNodeForm({ nodeId, name, below }: { nodeId: number; name: string; below: number }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(retireNodeAction, {});
  const error = state.fieldErrors?.confirm?.[0];
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="nodeId" value={nodeId} />
      <p className="text-sm text-stone-700">
        撤销后不再受理新的诉求，二维码显示「已撤销」，也不再出现在选择列表中；住户、事项等历史记录全部保留，不会删除。
        {below > 0 && <strong> 下辖的 {below} 个节点将一并撤销。</strong>}
      </p>
      <div>
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input id="retire-confirm" type="checkbox" name="confirm" className="size-5" {...errorProps('retire-confirm', error)} />
          我确认撤销「{name}」
        </label>
        <FieldError id="retire-confirm" error={error} />
      </div>
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className="min-h-12 rounded-lg border-2 border-red-700 bg-white px-5 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-70">
        {pending ? '正在撤销…' : '撤销'}
      </button>
    </form>
  );
}
