import type { Metadata } from 'next';
import Link from 'next/link';
import { CaseList } from '@/components/cases/case-list';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { workerHome } from '@/lib/cases/queries';

export const metadata: Metadata = { title: '我的工作' };

const SECTIONS = [
  { key: 'overdue', title: '已超期', empty: '没有超期事项' },
  { key: 'fresh', title: '新诉求（待受理）', empty: '没有待受理的新诉求' },
  { key: 'mine', title: '我的待办', empty: '没有派给您的事项' },
  { key: 'dueToday', title: '今日到期', empty: '今天没有到期事项' },
  { key: 'followUp', title: '待回访', empty: '没有待回访的事项' },
] as const;

/** The grid worker's "my work": one screen, one thumb, every list one tap away. */
export default async function WorkerHome() {
  const user = await requireUser(['grid_worker']);
  const now = new Date();
  const home = workerHome(getDb(), actorFromUser(user), now);
  return (
    <>
      <PageHeader title="我的工作" subtitle={user.scopeNodes.map((n) => n.name).join('、')}>
        <Link href="/work/new" className="inline-flex min-h-12 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800">
          ＋ 登记诉求
        </Link>
      </PageHeader>
      <nav aria-label="工作分类">
        <ul className="mb-5 grid grid-cols-3 gap-2 sm:grid-cols-5">
          {SECTIONS.map((s) => (
            <li key={s.key}>
              <a
                href={`#${s.key}`}
                className={`flex min-h-16 flex-col items-center justify-center rounded-xl border text-center ${
                  s.key === 'overdue' && home.counts.overdue > 0 ? 'border-red-300 bg-red-50 text-red-900' : 'border-stone-200 bg-white'
                }`}
              >
                <span className="text-2xl font-bold tabular-nums" data-testid={`count-${s.key}`}>
                  {home.counts[s.key]}
                </span>
                <span className="text-xs">{s.title.replace(/（.*）/, '')}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {SECTIONS.map((s) => (
        <Section key={s.key} title={`${s.title}（${home.counts[s.key]}）`} id={s.key}>
          <CaseList items={home[s.key]} empty={s.empty} now={now} />
          {home.counts[s.key] > home[s.key].length && <p className="mt-2 text-xs text-stone-600">仅显示前 {home[s.key].length} 条</p>}
        </Section>
      ))}
    </>
  );
}
