'use client';
// 在职党员报到 / 流动党员: who (a resident, or someone living elsewhere), workplace, co-building unit, the building they serve.
import { useActionState } from 'react';
import { registerPartyMemberAction, updatePartyMemberAction } from '@/app/(staff)/party-members/actions';
import { PARTY_MEMBER_KIND_LABELS } from '@/lib/org/labels';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { FormAlert, SelectField, SubmitButton, TextField } from './fields';

type Values = { kind: string; workplace: string; unitId: string; nodeId: string; registeredOn: string };

export function PartyMemberForm({
  partyMemberId,
  resident,
  initial,
  nodes,
  units,
}: {
  partyMemberId?: number;
  /** Registering a resident of the community, chosen on their household page. */
  resident?: { id: number; name: string; address: string };
  initial: Values;
  nodes: { id: number; label: string }[];
  units: { id: number; name: string }[];
}) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(partyMemberId ? updatePartyMemberAction : registerPartyMemberAction, {});
  const v = { name: '', gender: '', phone: '', birthDate: '', ...initial, ...state.values };
  const e = state.fieldErrors ?? {};
  return (
    <form key={state.attempt} action={action} className="grid max-w-xl gap-4" noValidate>
      {partyMemberId && <input type="hidden" name="partyMemberId" value={partyMemberId} />}
      {!partyMemberId && resident && (
        <>
          <input type="hidden" name="personId" value={resident.id} />
          <p className="rounded-lg bg-stone-100 px-3 py-2 text-sm">
            登记居民 <span className="font-medium">{resident.name}</span>（{resident.address}）
          </p>
          {e.personId && (
            <p role="alert" className="text-sm font-medium text-red-800">
              {e.personId}
            </p>
          )}
        </>
      )}
      {!partyMemberId && !resident && (
        <fieldset className="grid gap-4 rounded-lg border border-stone-200 p-3">
          <legend className="px-1 text-sm font-medium">党员本人（不住在本社区；本社区居民请从其住户页面登记）</legend>
          <TextField idPrefix="pm" name="name" label="姓名" required defaultValue={v.name} error={e.name} maxLength={20} />
          <SelectField
            idPrefix="pm"
            name="gender"
            label="性别"
            defaultValue={v.gender}
            error={e.gender}
            options={[
              { value: '', label: '按身份证号' },
              { value: 'M', label: '男' },
              { value: 'F', label: '女' },
            ]}
          />
          <TextField idPrefix="pm" name="phone" label="联系电话" type="tel" inputMode="tel" defaultValue={v.phone} error={e.phone} />
          <TextField idPrefix="pm" name="idNumber" label="身份证号" error={e.idNumber} maxLength={22} placeholder="18位，末位可为X" />
        </fieldset>
      )}
      <SelectField
        idPrefix="pm"
        name="kind"
        label="党员类别"
        required
        defaultValue={v.kind}
        error={e.kind}
        options={Object.entries(PARTY_MEMBER_KIND_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <TextField idPrefix="pm" name="workplace" label="工作单位" defaultValue={v.workplace} error={e.workplace} maxLength={60} />
      <SelectField
        idPrefix="pm"
        name="unitId"
        label="共驻共建单位"
        defaultValue={v.unitId}
        error={e.unitId}
        options={[{ value: '', label: '不是共建单位' }, ...units.map((u) => ({ value: String(u.id), label: u.name }))]}
      />
      <SelectField
        idPrefix="pm"
        name="nodeId"
        label="服务楼栋（包楼联户）"
        required
        defaultValue={v.nodeId}
        error={e.nodeId}
        options={[{ value: '', label: '请选择楼栋' }, ...nodes.map((n) => ({ value: String(n.id), label: n.label }))]}
      />
      <TextField idPrefix="pm" name="registeredOn" label="报到日期" type="date" defaultValue={v.registeredOn} error={e.registeredOn} hint="留空为今天" />
      <FormAlert message={state.message} />
      <div>
        <SubmitButton pending={pending}>{partyMemberId ? '保存' : '登记报到'}</SubmitButton>
      </div>
    </form>
  );
}
