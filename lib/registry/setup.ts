// First run of a real deployment: an empty database gets its county, township, community and first administrator, nothing else.
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '@/db/client';
import { CATEGORIES } from '@/db/demo/catalog';
import { accountScopes, accounts, cases, categories, households, orgNodes, persons, timeLimits, URGENCIES } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { recordChange } from './audit';
import { generateOneTimePassword } from './accounts';

const nodeName = (label: string) =>
  z
    .string({ error: `请提供${label}名称` })
    .trim()
    .min(2, `${label}名称至少2个字`)
    .max(40, `${label}名称不超过40个字`);

export const setupSchema = z.object({
  county: nodeName('县（市、区）'),
  township: nodeName('乡镇（街道）'),
  community: nodeName('社区'),
  adminUsername: z
    .string()
    .trim()
    .min(3, '管理员账号至少3位')
    .max(32, '管理员账号不超过32位')
    .regex(/^[A-Za-z0-9_.-]+$/, '管理员账号只能包含字母、数字、下划线、点和横线')
    .default('admin'),
  adminName: z.string().trim().min(1, '请提供管理员姓名').max(32, '管理员姓名不超过32字').default('系统管理员'),
  /** Absent: a one-time password is generated, printed once, and must be changed at the first sign-in. */
  adminPassword: z
    .string()
    .min(10, '管理员密码至少10位')
    .max(128, '管理员密码过长')
    .regex(/[A-Za-z]/, '管理员密码须包含字母')
    .regex(/\d/, '管理员密码须包含数字')
    .optional(),
});
export type SetupInput = z.input<typeof setupSchema>;

export type SetupResult =
  | { ok: true; adminId: number; adminUsername: string; nodeIds: { county: number; township: number; community: number }; generatedPassword: string | null; categories: number }
  | { ok: false; message: string };

/** The tables whose rows mean somebody already uses this database. */
function existingRows(db: Pick<DB, 'select'>): number {
  return [orgNodes, accounts, households, persons, cases, categories].reduce((n, table) => n + (db.select({ n: count() }).from(table).get()?.n ?? 0), 0);
}

/**
 * Writes the three top levels of the tree, the standard request categories with their default
 * time limits (the administrator adjusts them at /admin/limits; without categories no request
 * can be accepted), and the first administrator acting for the county, with a `setup` audit
 * row. Refuses a database that holds anything: setup never overwrites a running community.
 * The caller has applied the migrations.
 */
export function runSetup(db: DB, raw: SetupInput, now = new Date()): SetupResult {
  const parsed = setupSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('；') };
  const input = parsed.data;
  return db.transaction((tx) => {
    if (existingRows(tx) > 0) return { ok: false as const, message: '数据库中已有数据，初始化只能在空数据库上进行（已有的数据不会被改动）。' };

    const addNode = (kind: 'county' | 'township' | 'community', name: string, parent: { id: number; path: string; depth: number } | null) => {
      const row = tx
        .insert(orgNodes)
        .values({ kind, name, parentId: parent?.id ?? null, path: '', depth: parent ? parent.depth + 1 : 0 })
        .returning({ id: orgNodes.id })
        .get();
      // The path holds the node's own id, known only after the insert.
      const path = `${parent?.path ?? '/'}${row.id}/`;
      tx.update(orgNodes).set({ path }).where(eq(orgNodes.id, row.id)).run();
      return { id: row.id, path, depth: parent ? parent.depth + 1 : 0 };
    };
    const county = addNode('county', input.county, null);
    const township = addNode('township', input.township, county);
    const community = addNode('community', input.community, township);

    CATEGORIES.forEach((c, i) => {
      const { id } = tx
        .insert(categories)
        .values({ code: c.code, name: c.name, group: c.group, description: c.description, sortOrder: (i + 1) * 10, active: true })
        .returning({ id: categories.id })
        .get();
      tx.insert(timeLimits).values(URGENCIES.map((urgency) => ({ categoryId: id, urgency, ...c.limits[urgency] }))).run();
    });

    const generatedPassword = input.adminPassword ? null : generateOneTimePassword();
    const admin = {
      username: input.adminUsername,
      displayName: input.adminName,
      role: 'admin' as const,
      active: true,
      mustChangePassword: generatedPassword !== null,
    };
    const { id: adminId } = tx
      .insert(accounts)
      .values({ ...admin, passwordHash: hashPassword(input.adminPassword ?? generatedPassword!), createdAt: now })
      .returning({ id: accounts.id })
      .get();
    tx.insert(accountScopes).values({ accountId: adminId, nodeId: county.id }).run();
    recordChange(
      tx,
      {
        accountId: adminId,
        action: 'setup',
        subject: `node:${county.id}`,
        before: null,
        after: { county: input.county, township: input.township, community: input.community, admin: admin.username, categories: CATEGORIES.length },
        note: 'npm run setup',
      },
      now,
    );
    return {
      ok: true as const,
      adminId,
      adminUsername: admin.username,
      nodeIds: { county: county.id, township: township.id, community: community.id },
      generatedPassword,
      categories: CATEGORIES.length,
    };
  }, { behavior: 'immediate' });
}
