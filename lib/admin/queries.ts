// Reads for the administrator: categories with their time limits.
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { categories, timeLimits } from '@/db/tables';

export type CategoryWithLimits = {
  id: number;
  code: string;
  name: string;
  group: string;
  limits: { urgency: 'normal' | 'urgent'; acceptHours: number; resolveHours: number }[];
};

export async function listCategoriesWithLimits(db: AppDb): Promise<CategoryWithLimits[]> {
  const rows = await db
    .select({
      id: categories.id,
      code: categories.code,
      name: categories.name,
      group: categories.group,
      urgency: timeLimits.urgency,
      acceptHours: timeLimits.acceptHours,
      resolveHours: timeLimits.resolveHours,
    })
    .from(categories)
    .leftJoin(timeLimits, eq(timeLimits.categoryId, categories.id))
    .where(eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.id), asc(timeLimits.urgency));
  const byId = new Map<number, CategoryWithLimits>();
  for (const r of rows) {
    const c = byId.get(r.id) ?? { id: r.id, code: r.code, name: r.name, group: r.group, limits: [] };
    if (r.urgency && r.acceptHours !== null && r.resolveHours !== null) {
      c.limits.push({ urgency: r.urgency, acceptHours: r.acceptHours, resolveHours: r.resolveHours });
    }
    byId.set(r.id, c);
  }
  return [...byId.values()];
}
