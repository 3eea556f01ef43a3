import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { TemplateActiveForm, TemplateForm, type Choice } from '@/components/templates/template-forms';
import { TEMPLATE_PURPOSES } from '@/db/schema';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { activeNodesOf } from '@/lib/registry/nodes';
import { listTemplates, PURPOSE_LABELS, TEMPLATE_NODE_KINDS, templateCategories } from '@/lib/templates/templates';

export const metadata: Metadata = { title: '回复模板' };

/** 办理回复模板 of the reader's scope (editable) and of the places above it (read only), by purpose. */
export default async function TemplatesPage() {
  const user = await requireUser(['admin', 'secretary']);
  const db = appStore().db;
  const [templates, categoryRows, nodes] = await Promise.all([listTemplates(db, user.scope), templateCategories(db), activeNodesOf(db, user.scope, TEMPLATE_NODE_KINDS)]);
  const purposes: Choice[] = TEMPLATE_PURPOSES.map((p) => ({ value: p, label: PURPOSE_LABELS[p] }));
  const categories: Choice[] = categoryRows.map((c) => ({ value: String(c.id), label: c.name }));
  const places: Choice[] = nodes.map((n) => ({ value: String(n.id), label: n.name }));

  return (
    <>
      <PageHeader title="回复模板" subtitle="网格员、党员和共建单位在记录进展、办结、退回时可一键选用，选用后仍可修改" />
      <Section title="添加模板" id="new-template">
        <TemplateForm purposes={purposes} categories={categories} places={places} />
      </Section>
      {TEMPLATE_PURPOSES.map((purpose) => {
        const list = templates.filter((t) => t.purpose === purpose);
        return (
          <Section key={purpose} title={`${PURPOSE_LABELS[purpose]}（${list.length}）`} id={`purpose-${purpose}`}>
            {list.length === 0 ? (
              <p className="text-sm text-stone-600">暂无。</p>
            ) : (
              <ul className="space-y-3">
                {list.map((t) => (
                  <li key={t.id} className="rounded-lg border border-stone-200 p-3" aria-label={t.text}>
                    <p className="font-medium">
                      {t.text}
                      {!t.active && <span className="ml-2 rounded bg-stone-600 px-1.5 py-0.5 text-xs text-white">已停用</span>}
                    </p>
                    <p className="mt-1 text-sm text-stone-700">
                      {t.categoryName ?? '全部分类'} · 适用于{t.nodeName}
                      {t.inherited && '（上级设置，仅可查看）'}
                    </p>
                    {!t.inherited && (
                      <details className="mt-2">
                        <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-blue-800">编辑此模板</summary>
                        <div className="mt-2 space-y-4">
                          <TemplateForm template={t} purposes={purposes} categories={categories} places={places} />
                          <TemplateActiveForm templateId={t.id} active={t.active} />
                        </div>
                      </details>
                    )}
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
