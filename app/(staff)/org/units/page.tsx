import type { Metadata } from 'next';
import Link from 'next/link';
import { UnitActiveForm, UnitForm, type PlaceChoice } from '@/components/org/unit-forms';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { UNIT_KIND_LABELS } from '@/lib/org/labels';
import { activeNodesOf } from '@/lib/registry/nodes';
import { listUnits, UNIT_NODE_KINDS, type UnitKind } from '@/lib/registry/units';

export const metadata: Metadata = { title: '共建单位与职能部门' };

/** 共驻共建单位 and 职能部门 of the reader's scope, with their liaisons; a secretary keeps their community's co-building units. */
export default async function UnitsPage() {
  const user = await requireUser(['admin', 'secretary']);
  const db = appStore().db;
  const kinds: UnitKind[] = user.role === 'admin' ? ['co_building', 'department'] : ['co_building'];
  const places: PlaceChoice[] = (await activeNodesOf(db, user.scope, ['county', 'township', 'community']))
    .map((n) => ({ id: n.id, label: n.name, kinds: kinds.filter((k) => UNIT_NODE_KINDS[k].includes(n.kind)) }))
    .filter((p) => p.kinds.length > 0);
  const units = await listUnits(db, user.scope);
  const kindChoices = kinds.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

  return (
    <>
      <PageHeader title="共建单位与职能部门" subtitle="共驻共建单位、职能部门及其联络人；联络人账号在账号管理中创建" />
      <Section title="新建单位" id="new-unit">
        <UnitForm places={places} kinds={kindChoices} />
      </Section>
      {kinds.map((kind) => {
        const list = units.filter((u) => u.kind === kind);
        return (
          <Section key={kind} title={`${UNIT_KIND_LABELS[kind]}（${list.length}）`} id={kind}>
            {list.length === 0 ? (
              <p className="text-sm text-stone-600">暂无。</p>
            ) : (
              <ul className="space-y-3">
                {list.map((u) => (
                  <li key={u.id} className="rounded-lg border border-stone-200 p-3" aria-label={u.name}>
                    <p className="font-medium">
                      {u.name}
                      {!u.active && <span className="ml-2 rounded bg-stone-600 px-1.5 py-0.5 text-xs text-white">已停用</span>}
                      {u.partyOrgName && <span className="ml-2 text-xs font-normal text-red-800">{u.partyOrgName}</span>}
                    </p>
                    <p className="mt-1 text-sm text-stone-700">
                      服务：{u.nodeName}
                      {u.contactName && ` · 联系人 ${u.contactName}`}
                      {u.contactPhone && ` ${u.contactPhone}`}
                    </p>
                    <p className="mt-1 text-sm">
                      联络人账号：
                      {u.liaisons.length === 0
                        ? '未设置'
                        : u.liaisons.map((l, i) => (
                            <span key={l.id}>
                              {i > 0 && '、'}
                              <Link href={`/admin/accounts/${l.id}`} className="text-blue-800 underline">
                                {l.displayName}（{l.username}）
                              </Link>
                              {!l.active && '（已停用）'}
                            </span>
                          ))}
                    </p>
                    <details className="mt-2">
                      <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-blue-800">编辑「{u.name}」</summary>
                      <div className="mt-2 space-y-4">
                        <UnitForm unit={u} places={places.filter((p) => p.kinds.includes(u.kind))} kinds={kindChoices} />
                        <UnitActiveForm unitId={u.id} active={u.active} name={u.name} />
                      </div>
                    </details>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        );
      })}
    </>
  );
}
