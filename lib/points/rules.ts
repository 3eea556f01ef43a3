// The points rules (积分规则): how many points an activity of each kind is worth at most, and what a party member's
// resolved claim earns their household; the administrator edits them, a key without a row uses its default.
import { z } from 'zod';
import { POINT_RULE_KEYS, type PointRuleKey } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { pointRules } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import type { PointsActor } from './scope';

export const DEFAULT_RULES: Record<PointRuleKey, number> = {
  environment: 5,
  elderly_care: 5,
  safety_patrol: 5,
  civility: 3,
  culture: 2,
  other: 2,
  claim: 5,
};

export type PointRules = Record<PointRuleKey, number>;

export async function getRules(db: AppDb): Promise<PointRules> {
  const rows = await db.select({ key: pointRules.key, points: pointRules.points }).from(pointRules);
  const rules = { ...DEFAULT_RULES };
  for (const r of rows) rules[r.key] = r.points;
  return rules;
}

const pointsField = z
  .string({ error: '请填写分值' })
  .trim()
  .regex(/^\d{1,4}$/, '分值须为0到1000之间的整数')
  .transform(Number)
  .pipe(z.number().int().min(0, '分值须为0到1000之间的整数').max(1000, '分值须为0到1000之间的整数'));

export const rulesSchema = z.object(Object.fromEntries(POINT_RULE_KEYS.map((k) => [k, pointsField])) as Record<PointRuleKey, typeof pointsField>);

export type RulesResult = { ok: true; message: string; changed: number } | { ok: false; code: 'forbidden'; message: string };

/** Only the administrator sets the rules (they hold for the whole county). Each change is audited before → after. */
export async function saveRules(store: Store, actor: PointsActor, input: PointRules, now = new Date()): Promise<RulesResult> {
  if (actor.role !== 'admin') return { ok: false, code: 'forbidden', message: '只有系统管理员可以修改积分规则。' };
  return store.write(async (tx) => {
    const before = await getRules(tx);
    const changed: Record<string, [number, number]> = {};
    for (const key of POINT_RULE_KEYS) {
      if (before[key] === input[key]) continue;
      changed[key] = [before[key], input[key]];
      await tx
        .insert(pointRules)
        .values({ key, points: input[key], updatedAt: now, updatedByAccountId: actor.id })
        .onConflictDoUpdate({ target: pointRules.key, set: { points: input[key], updatedAt: now, updatedByAccountId: actor.id } });
    }
    const n = Object.keys(changed).length;
    if (n > 0) await writeAudit(tx, { accountId: actor.id, action: 'update_point_rules', subject: 'point_rules', detail: JSON.stringify(changed) }, now);
    return { ok: true, changed: n, message: n > 0 ? `已保存 ${n} 项积分规则` : '没有修改' };
  });
}
