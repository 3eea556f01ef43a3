'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import {
  createAccountAction,
  resetPasswordAction,
  updateAccountAction,
  type AccountFormState,
  type AccountFormValues,
} from '@/app/(staff)/admin/accounts/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import type { OrgKind, Role } from '@/db/schema';

export type ScopeChoice = { id: number; label: string; kind: OrgKind };
export type RoleChoice = { role: Role; label: string; kinds: readonly OrgKind[] };

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base';

type Props = {
  roles: RoleChoice[];
  scopes: ScopeChoice[];
  units: { id: number; name: string }[];
  /** Editing an existing account: its id and current values; creating otherwise. */
  account?: { id: number; values: AccountFormValues };
};

/** Create or edit an account: the roles and nodes offered are only those the signed-in manager may give. */
export function AccountForm({ roles, scopes, units, account }: Props) {
  const [state, formAction, pending] = useActionState<AccountFormState, FormData>(account ? updateAccountAction : createAccountAction, {});
  const values = state.values ?? account?.values;
  // Most new accounts are grid workers; an administrator is never the default.
  const [role, setRole] = useState<string>(values?.role ?? (roles.find((r) => r.role === 'grid_worker') ?? roles[0])?.role ?? '');
  const [nodeIds, setNodeIds] = useState<string[]>(values?.nodeIds ?? []);
  const kinds = roles.find((r) => r.role === role)?.kinds ?? [];
  const offered = scopes.filter((s) => kinds.includes(s.kind));
  const e = state.fieldErrors ?? {};
  if (state.issued) return <IssuedPassword {...state.issued} created />;
  return (
    <form action={formAction} className="max-w-xl space-y-5" noValidate>
      {account && <input type="hidden" name="accountId" value={account.id} />}
      {!account && (
        <div>
          <label htmlFor="account-username" className="block text-sm font-medium">
            账号（登录名）
          </label>
          <input id="account-username" name="username" required autoComplete="off" defaultValue={values?.username} className={inputClass} {...errorProps('account-username', e.username?.[0])} />
          <FieldError id="account-username" error={e.username?.[0]} />
        </div>
      )}
      <div>
        <label htmlFor="account-name" className="block text-sm font-medium">
          姓名
        </label>
        <input id="account-name" name="displayName" required maxLength={32} defaultValue={values?.displayName} className={inputClass} {...errorProps('account-name', e.displayName?.[0])} />
        <FieldError id="account-name" error={e.displayName?.[0]} />
      </div>
      <div>
        <label htmlFor="account-phone" className="block text-sm font-medium">
          手机（可选，可用于登录）
        </label>
        <input id="account-phone" name="phone" type="tel" inputMode="tel" defaultValue={values?.phone} className={inputClass} {...errorProps('account-phone', e.phone?.[0])} />
        <FieldError id="account-phone" error={e.phone?.[0]} />
      </div>
      <div>
        <label htmlFor="account-role" className="block text-sm font-medium">
          角色
        </label>
        <select id="account-role" name="role" value={role} onChange={(ev) => setRole(ev.target.value)} className={inputClass} {...errorProps('account-role', e.role?.[0])}>
          {roles.map((r) => (
            <option key={r.role} value={r.role}>
              {r.label}
            </option>
          ))}
        </select>
        <FieldError id="account-role" error={e.role?.[0]} />
      </div>
      {role === 'unit_liaison' ? (
        <div>
          <label htmlFor="account-unit" className="block text-sm font-medium">
            所在单位
          </label>
          <select id="account-unit" name="unitId" defaultValue={values?.unitId ?? ''} className={inputClass} {...errorProps('account-unit', e.unitId?.[0])}>
            <option value="">请选择单位</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldError id="account-unit" error={e.unitId?.[0]} />
        </div>
      ) : (
        <fieldset aria-describedby={e.nodeIds ? 'account-scope-error' : undefined}>
          <legend className="text-sm font-medium">管辖范围</legend>
          {offered.length === 0 ? (
            <p className="mt-1 text-sm text-stone-600">您的范围内还没有可选的{role === 'grid_worker' ? '网格' : '组织'}，请先在“组织架构”中建立。</p>
          ) : (
            <ul className="mt-1 max-h-72 space-y-1 overflow-y-auto rounded-lg border border-stone-300 p-2">
              {offered.map((s) => (
                <li key={s.id}>
                  <label className="flex min-h-11 items-center gap-3 rounded px-2 hover:bg-stone-50">
                    <input
                      type="checkbox"
                      name="nodeIds"
                      value={s.id}
                      checked={nodeIds.includes(String(s.id))}
                      onChange={(ev) => setNodeIds((ids) => (ev.target.checked ? [...ids, String(s.id)] : ids.filter((x) => x !== String(s.id))))}
                      className="size-5"
                    />
                    {s.label}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <FieldError id="account-scope" error={e.nodeIds?.[0]} />
        </fieldset>
      )}
      {state.message && (
        <p role={state.saved ? 'status' : 'alert'} className={`rounded-lg border px-3 py-2 text-sm ${state.saved ? 'border-green-300 bg-green-50 text-green-900' : 'border-red-300 bg-red-50 text-red-800'}`}>
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending} className="min-h-12 w-full rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70 sm:w-auto">
        {pending ? '正在保存…' : account ? '保存修改' : '创建账号'}
      </button>
    </form>
  );
}

/** Issues a new one-time password for the account; the old password and every session stop working. */
export function ResetPasswordForm({ accountId, username }: { accountId: number; username: string }) {
  const [state, formAction, pending] = useActionState<AccountFormState, FormData>(resetPasswordAction, {});
  if (state.issued) return <IssuedPassword {...state.issued} />;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="username" value={username} />
      <p className="text-sm text-stone-700">生成一次性密码后，原密码立即失效，该账号在所有设备上的登录都会退出；持有人用一次性密码登录后必须设置新密码。</p>
      {state.message && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending} className="min-h-12 rounded-lg border border-stone-500 bg-white px-5 font-medium hover:bg-stone-100 disabled:opacity-70">
        {pending ? '正在生成…' : '重置密码'}
      </button>
    </form>
  );
}

function IssuedPassword({ accountId, username, password, created = false }: { accountId: number; username: string; password: string; created?: boolean }) {
  return (
    <div role="status" className="rounded-lg border-2 border-amber-500 bg-amber-50 p-4">
      <p className="font-semibold">{created ? `账号 ${username} 已创建` : `已为 ${username} 生成一次性密码`}</p>
      <p className="mt-1 text-sm text-stone-700">
        <strong>一次性密码只显示这一次。</strong>请当面或电话告知本人；对方登录后必须立即设置自己的新密码。
      </p>
      <p className="mt-3 text-sm font-medium">一次性密码</p>
      <p className="mt-1 select-all rounded-lg border border-stone-400 bg-white px-3 py-3 font-mono text-lg tracking-wider" data-testid="one-time-password">
        {password}
      </p>
      {created && (
        <p className="mt-3 flex flex-wrap gap-3 text-sm">
          <Link href={`/admin/accounts/${accountId}`} className="font-medium text-brand-800 underline">
            查看该账号
          </Link>
          <Link href="/admin/accounts" className="font-medium text-brand-800 underline">
            返回账号列表
          </Link>
        </p>
      )}
    </div>
  );
}
