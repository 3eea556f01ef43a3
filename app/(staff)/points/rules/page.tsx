import type { Metadata } from 'next';
import { Field, PointsForm } from '@/components/points/forms';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { POINT_RULE_KEYS } from '@/db/schema';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { RULE_LABELS } from '@/lib/points/labels';
import { getRules } from '@/lib/points/rules';
import { saveRulesAction } from '../actions';

export const metadata: Metadata = { title: '积分规则' };

/** The administrator's points rules: the most an activity of each kind gives, and what a resolved claim gives (0: none). */
export default async function PointRulesPage() {
  await requireUser(['admin']);
  const rules = await getRules(appStore().db);
  return (
    <>
      <PageHeader title="积分规则" subtitle="活动类别的分值是每次活动每户可得的最高积分；认领办结的分值为0时不计分" />
      <Section title="分值" id="rules">
        <PointsForm action={saveRulesAction} submit="保存规则" className="grid gap-3 sm:grid-cols-2">
          {POINT_RULE_KEYS.map((key) => (
            <Field key={key} id={`rule-${key}`} name={key} label={RULE_LABELS[key]} type="number" inputMode="numeric" defaultValue={String(rules[key])} />
          ))}
        </PointsForm>
      </Section>
    </>
  );
}
