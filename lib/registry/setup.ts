// First run of a real deployment: an empty database gets its county, township, community and first administrator, nothing else.
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { URGENCIES } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { CATEGORIES } from '@/db/demo/catalog';
import { accountScopes, accounts, cases, categories, households, orgNodes, persons, timeLimits } from '@/db/tables';
import { hashPassword } from '@/lib/auth/password';
import { writeChange } from './audit';
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
async function existingRows(db: AppDb): Promise<number> {
  let n = 0;
  for (const table of [orgNodes, accounts, households, persons, cases, categories]) n += (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return n;
}

/**
 * Writes the three top levels of the tree, the standard request categories with their default
 * time limits (the administrator adjusts them at /admin/limits; without categories no request
 * can be accepted), and the first administrator acting for the county, with a `setup` audit
 * row. Refuses a database that holds anything: setup never overwrites a running community.
 * The caller has applied the migrations.
 */
export async function runSetup(store: Store, raw: SetupInput, now = new Date()): Promise<SetupResult> {
  const parsed = setupSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join('；') };
  const input = parsed.data;
  return store.write(async (tx): Promise<SetupResult> => {
    // Two setups at once (two terminals): the second waits here and then finds the first one's rows.
    await store.lockKey(tx, 'setup');
    if ((await existingRows(tx)) > 0) return { ok: false as const, message: '数据库中已有数据，初始化只能在空数据库上进行（已有的数据不会被改动）。' };

    const addNode = async (kind: 'county' | 'township' | 'community', name: string, parent: { id: number; path: string; depth: number } | null) => {
      const [row] = await tx
        .insert(orgNodes)
        .values({ kind, name, parentId: parent?.id ?? null, path: `new-${kind}`, depth: parent ? parent.depth + 1 : 0 })
        .returning({ id: orgNodes.id });
      // The path holds the node's own id, known only after the insert.
      const path = `${parent?.path ?? '/'}${row!.id}/`;
      await tx.update(orgNodes).set({ path }).where(eq(orgNodes.id, row!.id));
      return { id: row!.id, path, depth: parent ? parent.depth + 1 : 0 };
    };
    const county = await addNode('county', input.county, null);
    const township = await addNode('township', input.township, county);
    const community = await addNode('community', input.community, township);

    for (const [i, c] of CATEGORIES.entries()) {
      const [category] = await tx
        .insert(categories)
        .values({ code: c.code, name: c.name, group: c.group, description: c.description, sortOrder: (i + 1) * 10, active: true })
        .returning({ id: categories.id });
      await tx.insert(timeLimits).values(URGENCIES.map((urgency) => ({ categoryId: category!.id, urgency, ...c.limits[urgency] })));
    }

    const generatedPassword = input.adminPassword ? null : generateOneTimePassword();
    const admin = {
      username: input.adminUsername,
      displayName: input.adminName,
      role: 'admin' as const,
      active: true,
      mustChangePassword: generatedPassword !== null,
    };
    const [created] = await tx
      .insert(accounts)
      .values({ ...admin, passwordHash: hashPassword(input.adminPassword ?? generatedPassword!), createdAt: now })
      .returning({ id: accounts.id });
    const adminId = created!.id;
    await tx.insert(accountScopes).values({ accountId: adminId, nodeId: county.id });
    await writeChange(
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
  });
}
