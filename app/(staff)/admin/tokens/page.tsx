import type { Metadata } from 'next';
import { CreateTokenForm } from '@/components/api-tokens/create-token-form';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { listApiTokens, tokenScopeOptions, type ApiTokenRow } from '@/lib/api/tokens';
import { requireUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format/datetime';
import { ORG_KIND_LABELS } from '@/lib/org/labels';
import { revokeTokenAction } from './actions';

export const metadata: Metadata = { title: '接口令牌' };

export default async function ApiTokensPage() {
  const user = await requireUser(['admin']);
  const db = appStore().db;
  const [tokens, options] = await Promise.all([listApiTokens(db), tokenScopeOptions(db, user.scope)]);
  const scopes = options.map((s) => ({ id: s.id, depth: s.depth, label: `${s.name}（${ORG_KIND_LABELS[s.kind]}）` }));
  const active = tokens.filter((t) => t.revokedAt === null).length;
  return (
    <>
      <PageHeader title="接口令牌" subtitle="为 12345 热线平台等外部系统签发访问令牌，按组织范围授权">
        <a href="/api/v1/openapi.json" className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-100">
          接口文档（OpenAPI）
        </a>
      </PageHeader>
      <Section title="签发新令牌" id="new-token">
        <CreateTokenForm scopes={scopes} />
      </Section>
      <Section title={`已签发的令牌（有效 ${active} 个，共 ${tokens.length} 个）`} id="tokens">
        {tokens.length === 0 ? (
          <p className="text-stone-600">还没有签发任何令牌。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {tokens.map((t) => (
              <TokenItem key={t.id} token={t} />
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

/** One token as a small card: a list reads better than a wide table on a phone. */
function TokenItem({ token: t }: { token: ApiTokenRow }) {
  const revoked = t.revokedAt !== null;
  return (
    <li className={`py-3 sm:flex sm:items-start sm:justify-between sm:gap-3 ${revoked ? 'text-stone-500' : ''}`}>
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {t.name}
          <span className={`ml-2 rounded px-1.5 py-0.5 text-xs font-medium ${revoked ? 'bg-stone-200 text-stone-700' : 'bg-green-100 text-green-900'}`}>
            {revoked ? '已吊销' : '有效'}
          </span>
        </p>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          <dt className="text-stone-500">令牌开头</dt>
          <dd className="font-mono">{t.prefix}…</dd>
          <dt className="text-stone-500">授权范围</dt>
          <dd>
            {t.nodeName}（{ORG_KIND_LABELS[t.nodeKind]}）
          </dd>
          <dt className="text-stone-500">签发</dt>
          <dd className="tabular-nums">
            {formatDateTime(t.createdAt)}
            {t.createdByName && ` · ${t.createdByName}`}
          </dd>
          <dt className="text-stone-500">最近使用</dt>
          <dd className="tabular-nums">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : '从未使用'}</dd>
          {revoked && (
            <>
              <dt className="text-stone-500">吊销于</dt>
              <dd className="tabular-nums">{formatDateTime(t.revokedAt!)}</dd>
            </>
          )}
        </dl>
      </div>
      {!revoked && <RevokeToken id={t.id} name={t.name} />}
    </li>
  );
}

/** Two steps, no script needed: open the disclosure, then confirm. */
function RevokeToken({ id, name }: { id: number; name: string }) {
  return (
    <details className="mt-2 sm:mt-0">
      <summary className="inline-flex min-h-11 items-center rounded-lg border border-red-300 px-3 font-medium text-red-800 hover:bg-red-50">
        吊销<span className="sr-only">「{name}」</span>
      </summary>
      <form action={revokeTokenAction} className="mt-2 max-w-64 rounded-lg border border-red-300 bg-red-50 p-3">
        <input type="hidden" name="tokenId" value={id} />
        <p className="text-sm text-red-900">吊销后，使用该令牌的系统将立即无法访问，且不能恢复。</p>
        <button type="submit" className="mt-2 min-h-11 w-full rounded-lg bg-red-700 px-3 font-semibold text-white hover:bg-red-800">
          确认吊销「{name}」
        </button>
      </form>
    </details>
  );
}
