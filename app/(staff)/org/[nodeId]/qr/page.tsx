import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/org/breadcrumbs';
import { PrintButton } from '@/components/intake/print-button';
import { QrSheet } from '@/components/intake/qr-sheet';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { isWithinScope } from '@/lib/auth/scope';
import { listIntakePointsForPrint } from '@/lib/cases/intake-points';
import { publicBaseUrl, submitPath } from '@/lib/cases/public-url';
import { getAncestors, getNodeInScope } from '@/lib/org/queries';
import { parseId } from '@/lib/org/schemas';
import { createMissingIntakePoints } from './actions';

export const metadata: Metadata = { title: '打印二维码' };

/** Printable A4 QR sheets for a grid (its code and its 微光心愿箱) or a building. */
export default async function QrSheetsPage({
  params,
  searchParams,
}: {
  params: Promise<{ nodeId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser(['admin', 'secretary']);
  const nodeId = parseId((await params).nodeId);
  if (nodeId === null) notFound();
  const db = appStore().db;
  const node = await getNodeInScope(db, user.scope, nodeId);
  if (!node || (node.kind !== 'grid' && node.kind !== 'building')) notFound();
  const withBuildings = node.kind === 'grid' && (await searchParams).buildings === '1';
  const points = await listIntakePointsForPrint(db, node, { withBuildings });
  const ancestors = await getAncestors(db, node);
  const base = publicBaseUrl(await headers());

  return (
    <>
      <div data-print-hide>
        <Breadcrumbs
          crumbs={[...ancestors, node].map((a) => ({ id: a.id, name: a.name, linked: isWithinScope(user.scope, a.path) }))}
          current="打印二维码"
        />
        <PageHeader title={`打印二维码 · ${node.name}`} subtitle={`共 ${points.length} 张，每张一页 A4`}>
          {points.length > 0 && <PrintButton label="打印" />}
        </PageHeader>
        {node.retiredAt && (
          <p role="status" className="mb-2 rounded-lg border border-stone-300 bg-stone-50 px-3 py-2 text-sm">
            该{node.kind === 'grid' ? '网格' : '楼栋'}已撤销：它的二维码已停止受理，不再打印。
          </p>
        )}
        <p className="mb-2 text-sm text-stone-700">
          张贴在{node.kind === 'grid' ? '小区公示栏、党群服务站的微光心愿箱上' : '楼栋单元门口'}。居民扫码即可提交诉求，诉求会自动定位到这里。打印时请选择 A4、无页边距（或“默认”）、100% 缩放。
        </p>
        {node.kind === 'grid' && (
          <p className="mb-4 text-sm">
            {withBuildings ? (
              <Link href={`/org/${node.id}/qr`} className="text-blue-800 underline">
                只打印本网格和心愿箱的二维码
              </Link>
            ) : (
              <Link href={`/org/${node.id}/qr?buildings=1`} className="text-blue-800 underline">
                连同本网格各楼栋的二维码一起打印
              </Link>
            )}
          </p>
        )}
        {points.length === 0 && (
          <form action={createMissingIntakePoints} className="rounded-xl border border-stone-200 bg-white p-4">
            <input type="hidden" name="nodeId" value={node.id} />
            <p className="mb-3">这里还没有二维码。</p>
            <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800">
              生成二维码
            </button>
          </form>
        )}
      </div>
      <div>
        {points.map((p) => (
          <QrSheet key={p.id} kind={p.kind} name={p.name} url={`${base}${submitPath(p.code)}`} footer={p.partyOrgName} />
        ))}
      </div>
    </>
  );
}
