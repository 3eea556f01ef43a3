'use client';

import { useActionState, useState } from 'react';
import { createTokenAction, type CreateTokenState } from '@/app/(staff)/admin/tokens/actions';

export type ScopeChoice = { id: number; label: string; depth: number };

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base';

/**
 * The scopes whose name contains the query, each with the chain above it (the list is a tree in
 * order, so a node's ancestors are the nearest earlier entries with a smaller depth).
 */
function filterScopes(scopes: ScopeChoice[], query: string): ScopeChoice[] {
  const q = query.trim();
  if (!q) return scopes;
  const keep = new Set<number>();
  scopes.forEach((s, i) => {
    if (!s.label.includes(q)) return;
    keep.add(i);
    let depth = s.depth;
    for (let j = i - 1; j >= 0 && depth > 0; j--) {
      if (scopes[j]!.depth < depth) {
        keep.add(j);
        depth = scopes[j]!.depth;
      }
    }
  });
  return scopes.filter((_, i) => keep.has(i));
}

export function CreateTokenForm({ scopes }: { scopes: ScopeChoice[] }) {
  const [state, formAction, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, {});
  const [query, setQuery] = useState('');
  const [nodeId, setNodeId] = useState(state.values?.nodeId ?? '');
  const shown = filterScopes(scopes, query);
  const selected = scopes.find((s) => String(s.id) === String(nodeId));
  // The chosen scope stays in the list even when the filter would hide it, so the select never silently changes.
  const options = selected && !shown.includes(selected) ? [selected, ...shown] : shown;
  return (
    <div className="space-y-5">
      {state.issued && <IssuedSecret name={state.issued.name} secret={state.issued.secret} />}
      <form action={formAction} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start" noValidate>
        <div>
          <label htmlFor="token-name" className="block text-sm font-medium">
            对接系统名称
          </label>
          <input
            id="token-name"
            name="name"
            required
            maxLength={40}
            placeholder="如：12345 热线平台"
            defaultValue={state.values?.name}
            aria-invalid={Boolean(state.fieldErrors?.name)}
            aria-describedby={state.fieldErrors?.name ? 'token-name-error' : undefined}
            className={inputClass}
          />
          {state.fieldErrors?.name && (
            <p id="token-name-error" className="mt-1 text-sm text-red-700">
              {state.fieldErrors.name[0]}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="token-node-filter" className="block text-sm font-medium">
            查找授权范围
          </label>
          <input
            id="token-node-filter"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="输入名称，如：龙湖、龙盛华庭"
            aria-controls="token-node"
            aria-describedby="token-node-count"
            className={inputClass}
          />
          <p id="token-node-count" aria-live="polite" className="mt-1 text-sm text-stone-600">
            {query.trim() ? (shown.length > 0 ? `找到 ${shown.filter((s) => s.label.includes(query.trim())).length} 个匹配的范围` : '没有匹配的范围') : `共 ${scopes.length} 个范围`}
          </p>
          <label htmlFor="token-node" className="mt-2 block text-sm font-medium">
            授权范围
          </label>
          <select
            id="token-node"
            name="nodeId"
            required
            value={nodeId}
            onChange={(e) => setNodeId(e.target.value)}
            aria-invalid={Boolean(state.fieldErrors?.nodeId)}
            aria-describedby={state.fieldErrors?.nodeId ? 'token-node-error token-node-hint' : 'token-node-hint'}
            className={inputClass}
          >
            <option value="" disabled>
              请选择县、乡镇、社区或网格
            </option>
            {options.map((s) => (
              <option key={s.id} value={s.id}>
                {'\u3000'.repeat(s.depth)}
                {s.label}
              </option>
            ))}
          </select>
          <p id="token-node-hint" className="mt-1 text-sm text-stone-600">
            令牌只能查看和办理该范围内的事项。
          </p>
          {state.fieldErrors?.nodeId && (
            <p id="token-node-error" className="mt-1 text-sm text-red-700">
              {state.fieldErrors.nodeId[0]}
            </p>
          )}
        </div>
        <button
          type="submit"
          disabled={pending}
          className="min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70 sm:mt-6"
        >
          {pending ? '正在签发…' : '签发令牌'}
        </button>
      </form>
      {state.message && !state.issued && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
    </div>
  );
}

function IssuedSecret({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // Clipboard access needs HTTPS or localhost; the field stays selectable for copying by hand.
      setCopied('failed');
    }
  };
  return (
    <div role="status" className="rounded-lg border-2 border-amber-500 bg-amber-50 p-4">
      <p className="font-semibold">已为「{name}」签发令牌</p>
      <p className="mt-1 text-sm text-stone-700">
        <strong>令牌只显示这一次。</strong>请立即复制，保存到对接系统中；离开或刷新本页后将无法再次查看，遗失后只能吊销并重新签发。
      </p>
      <label htmlFor="issued-secret" className="mt-3 block text-sm font-medium">
        访问令牌
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id="issued-secret"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-lg border border-stone-400 bg-white px-3 py-3 font-mono text-sm"
        />
        <button type="button" onClick={copy} className="min-h-12 rounded-lg border border-stone-500 bg-white px-4 font-medium hover:bg-stone-100">
          复制令牌
        </button>
      </div>
      <p aria-live="polite" className="mt-1 min-h-5 text-sm">
        {copied === 'yes' && '已复制到剪贴板。'}
        {copied === 'failed' && '无法自动复制，请选中上面的令牌后手动复制。'}
      </p>
      <p className="mt-2 text-sm text-stone-700">
        调用时在请求头中携带：<code className="break-all rounded bg-white px-1 font-mono">Authorization: Bearer {secret.slice(0, 10)}…</code>
      </p>
    </div>
  );
}
