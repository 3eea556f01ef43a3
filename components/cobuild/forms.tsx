'use client';
// The 大党委 forms: resources, needs, gathering requests, projects, project steps (with photos) and joint meetings.
// Phone-first (the liaisons report from the site); the server checks role, scope and every field again.

import { useActionState, useState } from 'react';
import {
  createNeedAction,
  createProjectAction,
  gatherCasesAction,
  projectStepAction,
  recordMeetingAction,
  saveResourceAction,
  setResourceActiveAction,
  updateNeedAction,
} from '@/app/(staff)/cobuild/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { FormNotice } from '@/components/org/node-forms';
import type { TreeFormState } from '@/components/org/tree-form-state';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '@/components/photos/photo-picker';

export type Choice = { value: string; label: string };

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base aria-[invalid=true]:border-red-700';
const primary = 'min-h-12 w-full rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70 sm:w-auto';
const secondary = 'min-h-11 rounded-lg border border-stone-500 bg-white px-4 text-sm font-medium hover:bg-stone-100 disabled:opacity-70';

function Text({ id, name, label, state, value, hint, max, area, type }: { id: string; name: string; label: string; state: TreeFormState; value?: string | null; hint?: string; max: number; area?: boolean; type?: 'date' | 'tel' }) {
  const error = state.fieldErrors?.[name]?.[0];
  const shown = state.values?.[name] ?? value ?? '';
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {hint && <span className="ml-1 text-xs font-normal text-stone-600">（{hint}）</span>}
      </label>
      {area ? (
        <textarea key={shown} id={id} name={name} rows={3} maxLength={max} defaultValue={shown} className={inputClass} {...errorProps(id, error)} />
      ) : (
        <input key={shown} id={id} name={name} type={type ?? 'text'} maxLength={max} defaultValue={shown} inputMode={type === 'tel' ? 'tel' : undefined} className={inputClass} {...errorProps(id, error)} />
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

function Select({ id, name, label, choices, value, state, empty }: { id: string; name: string; label: string; choices: Choice[]; value: string; state: TreeFormState; empty?: string }) {
  const error = state.fieldErrors?.[name]?.[0];
  const shown = state.values?.[name] ?? value;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {/* Keyed by the value to show: React resets a form after its action. */}
      <select key={shown} id={id} name={name} defaultValue={shown} className={inputClass} {...errorProps(id, error)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

function Checks({ id, name, legend, choices, state }: { id: string; name: string; legend: string; choices: Choice[]; state: TreeFormState }) {
  const error = state.fieldErrors?.[name]?.[0];
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      {choices.length === 0 ? (
        <p className="mt-1 text-sm text-stone-600">暂无可选项。</p>
      ) : (
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {choices.map((c) => (
            <label key={c.value} className="flex min-h-11 items-center gap-2 rounded-lg border border-stone-200 px-3 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
              <input type="checkbox" name={name} value={c.value} className="size-5" />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
      )}
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

const RESOURCE_KINDS: Choice[] = [
  { value: 'service', label: '服务' },
  { value: 'people', label: '人员' },
  { value: 'venue', label: '场地' },
  { value: 'funds', label: '资金' },
];

/** Adds a resource of a unit, or edits one. */
export function ResourceForm({ unitId, resource }: { unitId: number; resource?: { id: number; kind: string; description: string; availability: string } }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(saveResourceAction, {});
  const prefix = resource ? `resource-${resource.id}` : `resource-new-${unitId}`;
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-3" noValidate>
      <input type="hidden" name="unitId" value={unitId} />
      {resource && <input type="hidden" name="resourceId" value={resource.id} />}
      <Select id={`${prefix}-kind`} name="kind" label="类型" choices={RESOURCE_KINDS} value={resource?.kind ?? 'service'} state={state} />
      <Text id={`${prefix}-description`} name="description" label="资源内容" hint="必填" max={200} value={resource?.description} state={state} />
      <Text id={`${prefix}-availability`} name="availability" label="可提供时间或数量" hint="必填" max={100} value={resource?.availability} state={state} />
      <div className="space-y-2 sm:col-span-3">
        <FormNotice state={state} />
        <button type="submit" disabled={pending} className={primary}>
          {pending ? '正在保存…' : resource ? '保存' : '添加资源'}
        </button>
      </div>
    </form>
  );
}

export function ResourceActiveForm({ resourceId, active }: { resourceId: number; active: boolean }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(setResourceActiveAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="resourceId" value={resourceId} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <button type="submit" disabled={pending} className={secondary}>
        {active ? '停用此资源' : '重新启用'}
      </button>
      <FormNotice state={state} />
    </form>
  );
}

export type Candidate = { number: string; description: string };

function CandidatePicker({ id, candidates, state }: { id: string; candidates: Candidate[]; state: TreeFormState }) {
  return (
    <>
      {candidates.length > 0 && (
        // Folded: a community's recent requests are dozens of lines, in the way of the fields below.
        <details className="rounded-lg border border-stone-200 px-3">
          <summary className="min-h-11 cursor-pointer py-3 text-sm font-medium text-blue-800">从本社区近期未归集的诉求中勾选（{candidates.length} 件）</summary>
          <div className="pb-3">
            <Checks id={`${id}-picked`} name="caseNumbers" legend="勾选本社区近期未归集的诉求" choices={candidates.map((c) => ({ value: c.number, label: `${c.number} ${c.description.slice(0, 30)}` }))} state={{}} />
          </div>
        </details>
      )}
      <Text id={id} name="caseNumbers" label="或填写诉求编号" hint="可填多个，用空格或逗号分隔" max={1000} state={state} />
    </>
  );
}

/** A new need of a community, with the residents' requests it gathers. */
export function NeedForm({ communities, candidates }: { communities: Choice[]; candidates: Candidate[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(createNeedAction, {});
  return (
    <form action={action} className="space-y-3" noValidate>
      <Select id="need-community" name="communityId" label="社区" choices={communities} value={communities[0]?.value ?? ''} state={state} />
      <Text id="need-title" name="title" label="需求名称" hint="必填，不超过60字" max={60} state={state} />
      <Text id="need-description" name="description" label="需求说明" max={500} area state={state} />
      <CandidatePicker id="need-cases" candidates={candidates} state={state} />
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={primary}>
        {pending ? '正在保存…' : '新增需求'}
      </button>
    </form>
  );
}

export function NeedEditForm({ need }: { need: { id: number; title: string; description: string | null; active: boolean } }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(updateNeedAction, {});
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="needId" value={need.id} />
      <Text id="need-edit-title" name="title" label="需求名称" max={60} value={need.title} state={state} />
      <Text id="need-edit-description" name="description" label="需求说明" max={500} area value={need.description} state={state} />
      <Select
        id="need-edit-active"
        name="active"
        label="状态"
        choices={[
          { value: 'true', label: '有效' },
          { value: 'false', label: '已撤销（保留记录）' },
        ]}
        value={String(need.active)}
        state={state}
      />
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={primary}>
        {pending ? '正在保存…' : '保存需求'}
      </button>
    </form>
  );
}

export function GatherForm({ needId, candidates }: { needId: number; candidates: Candidate[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(gatherCasesAction, {});
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="needId" value={needId} />
      <CandidatePicker id="gather-cases" candidates={candidates} state={state} />
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={primary}>
        {pending ? '正在归集…' : '归集到此需求'}
      </button>
    </form>
  );
}

/** A project for a need: owner unit, partners, contact, target date, and the meeting that decided it. */
export function ProjectForm({ needId, units, meetings }: { needId: number; units: Choice[]; meetings: Choice[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(createProjectAction, {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-2" noValidate>
      <input type="hidden" name="needId" value={needId} />
      <Text id="project-title" name="title" label="项目名称" hint="必填，不超过60字" max={60} state={state} />
      <Select id="project-owner" name="ownerUnitId" label="牵头单位" choices={units} value="" empty="请选择" state={state} />
      <div className="sm:col-span-2">
        <Text id="project-description" name="description" label="项目内容" max={500} area state={state} />
      </div>
      <div className="sm:col-span-2">
        <Checks id="project-partners" name="partnerUnitIds" legend="参与单位（可选）" choices={units} state={state} />
      </div>
      <Text id="project-contact" name="contactName" label="联系人" hint="不填则用单位联系人" max={20} state={state} />
      <Text id="project-phone" name="contactPhone" label="联系电话" max={20} type="tel" state={state} />
      <Text id="project-target" name="targetDate" label="计划完成日期" max={10} type="date" state={state} />
      <Select id="project-meeting" name="meetingId" label="议定会议" choices={meetings} value="" empty="（不关联联席议事）" state={state} />
      <div className="space-y-2 sm:col-span-2">
        <FormNotice state={state} />
        <button type="submit" disabled={pending} className={primary}>
          {pending ? '正在保存…' : '立项'}
        </button>
      </div>
    </form>
  );
}

export type StepSpec = { action: string; label: string; note: 'required' | 'optional' | 'none'; photos: boolean; tone: 'primary' | 'default' | 'danger'; hint?: string };

/** One step on a project. A progress report carries a note and up to three photos taken on the spot. */
export function ProjectStepForm({ projectId, version, spec, meetings }: { projectId: number; version: number; spec: StepSpec; meetings?: Choice[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(projectStepAction, {});
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const prefix = `step-${spec.action}`;
  const tone = spec.tone === 'danger' ? 'border border-red-700 bg-white text-red-800 hover:bg-red-50' : spec.tone === 'default' ? 'bg-stone-800 text-white hover:bg-stone-900' : 'bg-brand-700 text-white hover:bg-brand-800';
  return (
    <form
      noValidate
      action={(form) => {
        form.delete('photos');
        for (const p of photos) form.append('photos', p.file, p.file.name);
        action(form);
      }}
      className="space-y-3"
      aria-label={spec.label}
    >
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="action" value={spec.action} />
      <input type="hidden" name="version" value={version} />
      {spec.note !== 'none' && (
        <Text id={`${prefix}-note`} name="note" label={spec.action === 'shelve' ? '搁置原因' : '说明'} hint={spec.note === 'required' ? '必填' : undefined} max={1000} area state={state} />
      )}
      {spec.hint && <p className="text-sm text-stone-600">{spec.hint}</p>}
      {spec.photos && (
        <PhotoPicker
          id={`${prefix}-photos`}
          label="现场照片"
          hint="拍下施工或服务现场，照片中的位置等信息会被自动去除。"
          photos={photos}
          error={state.fieldErrors?.photos?.[0]}
          onAdd={(added) => setPhotos([...photos, ...added])}
          onRemove={(gone) => {
            releasePhotos(photos.filter((p) => p.id === gone));
            setPhotos(photos.filter((p) => p.id !== gone));
          }}
        />
      )}
      {meetings && meetings.length > 0 && <Select id={`${prefix}-meeting`} name="meetingId" label="议定会议" choices={meetings} value="" empty="（不关联联席议事）" state={state} />}
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={`min-h-12 w-full rounded-lg px-4 font-semibold disabled:opacity-60 ${tone}`}>
        {pending ? '正在提交…' : spec.label}
      </button>
    </form>
  );
}

/** 联席议事: date, units present, topics, decisions, and the new needs it raised (one per line). */
export function MeetingForm({ communities, units }: { communities: Choice[]; units: Choice[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(recordMeetingAction, {});
  return (
    <form action={action} className="space-y-3" noValidate>
      <Select id="meeting-community" name="communityId" label="社区" choices={communities} value={communities[0]?.value ?? ''} state={state} />
      <Text id="meeting-date" name="heldOn" label="会议日期" hint="必填" max={10} type="date" state={state} />
      <Checks id="meeting-units" name="unitIds" legend="参会单位" choices={units} state={state} />
      <Text id="meeting-topics" name="topics" label="议题" hint="必填" max={1000} area state={state} />
      <Text id="meeting-decisions" name="decisions" label="议定事项" hint="必填" max={2000} area state={state} />
      <Text id="meeting-needs" name="newNeeds" label="形成的新需求" hint="每行一条，可不填" max={1300} area state={state} />
      <FormNotice state={state} />
      <button type="submit" disabled={pending} className={primary}>
        {pending ? '正在保存…' : '记录联席议事'}
      </button>
    </form>
  );
}
