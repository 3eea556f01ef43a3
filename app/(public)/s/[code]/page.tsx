import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmergencyNumbers, GridContactCard } from '@/components/intake/help-contacts';
import { MyRequests } from '@/components/intake/my-requests';
import { SupportList } from '@/components/board/support-list';
import { SubmitForm } from '@/components/intake/submit-form';
import { appStore } from '@/db/store';
import { findActiveIntakePoint, RETIRED_PLACE_MESSAGE } from '@/lib/cases/intake-points';
import { listActiveCategories } from '@/lib/cases/public-intake';
import { publicBaseUrl, submitPath } from '@/lib/cases/public-url';
import { getGridContact, type GridContact } from '@/lib/org/grid-contact';
import { boardIdOfPath } from '@/lib/board/board';
import { DEVICE_COOKIE, listSupportable, SUPPORT_MESSAGES } from '@/lib/board/supports';
import { deviceIdSchema } from '@/lib/board/schemas';
import { submitRequest, supportRequest } from './actions';

type Params = { params: Promise<{ code: string }> };

/** What a refused 附议 returns with (?support=…). */
const SUPPORT_REFUSALS: Record<string, string> = {
  already: SUPPORT_MESSAGES.already,
  closed: SUPPORT_MESSAGES.closed,
  not_found: SUPPORT_MESSAGES.closed,
  rate_limited: SUPPORT_MESSAGES.tooMany,
  retired: SUPPORT_MESSAGES.closed,
  phone: '请输入 11 位手机号码，或不填。',
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const point = await findActiveIntakePoint(appStore().db, (await params).code);
  // Each code is one place; there is nothing here for a search engine.
  return { title: point ? `提交诉求 · ${point.name}` : '提交诉求', robots: { index: false, follow: false } };
}

const INTRO = {
  wish_box: { eyebrow: '扫码提交诉求', lead: '说出您的微心愿或身边的难事，党员和网格员帮您办。' },
  grid: { eyebrow: '扫码提交诉求', lead: '身边有需要解决的问题？告诉网格员，我们尽快受理办理。' },
  building: { eyebrow: '扫码提交诉求', lead: '楼里楼外有需要解决的问题？告诉网格员，我们尽快受理办理。' },
} as const;

const PLACE_HINT = { wish_box: '如：3号楼 2单元 301，或小区东门', grid: '如：3号楼 2单元 301，或小区东门', building: '如：2单元 301，或楼道、电梯' } as const;

/** The page behind a QR code on a wish box, a grid's notice board or a building door. */
export default async function SubmitPage({ params, searchParams }: Params & { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { code } = await params;
  const refusal = (await searchParams).support;
  const db = appStore().db;
  const point = await findActiveIntakePoint(db, code);
  if (!point) notFound();
  if (point.retired) return <RetiredPlace name={point.name} contact={await getGridContact(db, point.nodePath)} />;
  const intro = INTRO[point.kind];
  const baseUrl = publicBaseUrl(await headers());
  const device = deviceIdSchema.safeParse((await cookies()).get(DEVICE_COOKIE)?.value);
  const supportable = await listSupportable(db, point, device.success ? device.data : null);
  const boardId = await boardIdOfPath(db, point.nodePath);

  return (
    <main className="mx-auto min-h-dvh max-w-lg px-4 pb-12 pt-5">
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · {intro.eyebrow}
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-snug text-stone-900">{point.name}</h1>
      <p className="mt-2 text-base text-stone-700">{intro.lead}</p>
      <ol className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-600">
        <li>① 填写诉求</li>
        <li>② 得到事项编号和专属链接</li>
        <li>③ 凭链接查看进度、评价</li>
      </ol>
      <div className="mt-3 space-y-2">
        <EmergencyNumbers />
        <GridContactCard contact={await getGridContact(db, point.nodePath)} />
      </div>

      <SupportList items={supportable} action={supportRequest.bind(null, code)} message={typeof refusal === 'string' ? (SUPPORT_REFUSALS[refusal] ?? null) : null} />

      <div className="mt-6">
        <SubmitForm
          action={submitRequest.bind(null, code)}
          categories={await listActiveCategories(db)}
          placeHint={PLACE_HINT[point.kind]}
          placeName={point.name}
          baseUrl={baseUrl}
          submitPath={submitPath(code)}
        />
      </div>
      <MyRequests />
      {boardId !== null && (
        <p className="mt-6 text-center text-base">
          <Link href={`/b/${boardId}`} className="font-medium text-blue-800 underline" prefetch={false}>
            查看社区公开栏和心愿墙
          </Link>
        </p>
      )}
    </main>
  );
}

/** The QR code of a retired grid or building: it still resolves, and says plainly why nothing can be submitted here. */
function RetiredPlace({ name, contact }: { name: string; contact: GridContact | null }) {
  return (
    <main className="mx-auto min-h-dvh max-w-lg px-4 pb-12 pt-5">
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 扫码提交诉求
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-snug text-stone-900">{name}</h1>
      <p role="alert" className="mt-4 rounded-lg border border-amber-400 bg-amber-50 px-4 py-3 text-base text-stone-900">
        <strong className="block">已撤销，暂停受理</strong>
        {RETIRED_PLACE_MESSAGE}
      </p>
      <div className="mt-4 space-y-2">
        <EmergencyNumbers />
        <GridContactCard contact={contact} />
      </div>
    </main>
  );
}
