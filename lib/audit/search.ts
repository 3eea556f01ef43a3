// The administrator's search of the audit log: by account, action, subject and date range, newest first, paged.
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { likeCaseless } from '@/db/dialect';
import { AUDIT_ACTIONS, type AuditAction, type Role } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { accounts, auditLog } from '@/db/tables';
import { daySchema } from '@/lib/validation/dates';
import { textSchema } from '@/lib/validation/text';
import { parseLeniently } from '@/lib/validation/lenient';

export const AUDIT_PAGE_SIZE = 50;

// URL values arrive as string | string[] | undefined; a blank form field means "not set".
const single = (v: unknown) => {
  const first = Array.isArray(v) ? v[0] : v;
  return first === '' || first === null ? undefined : first;
};
const one = <T extends z.ZodType>(schema: T) => z.preprocess(single, schema.optional());

export const auditSearchSchema = z
  .object({
    /** Account name (username) of whoever acted. */
    account: one(textSchema().trim().max(40, '账号不超过 40 字')),
    action: one(z.enum(AUDIT_ACTIONS, { error: '未知的操作类型' })),
    /** Part of the subject, e.g. "household:12", "YH20261124-0001" or a phone number. */
    subject: one(textSchema().trim().max(60, '对象不超过 60 字')),
    from: one(daySchema),
    to: one(daySchema),
    page: z.preprocess(single, z.coerce.number({ error: '页码无效' }).int('页码无效').min(1, '页码从 1 开始').max(100_000, '页码过大').default(1)),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
  });
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export type AuditRow = { id: number; at: Date; username: string; displayName: string; role: Role; action: AuditAction; subject: string; detail: string | null };

const DAY_MS = 86_400_000;
const chinaDayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`));

/** LIKE with the user's % and _ taken literally, and ASCII case ignored on both engines. */
function contains(column: typeof auditLog.subject, text: string): SQL {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return likeCaseless(column, `%${escaped}%`);
}

function where(f: Partial<AuditSearch>): SQL | undefined {
  return and(
    f.account ? eq(accounts.username, f.account) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.subject ? contains(auditLog.subject, f.subject) : undefined,
    f.from ? gte(auditLog.at, chinaDayStart(f.from)) : undefined,
    f.to ? lt(auditLog.at, new Date(chinaDayStart(f.to).getTime() + DAY_MS)) : undefined,
  );
}

/** One page of matching rows, newest first, and how many match in all. Admins only: the caller checks the role. */
export async function searchAudit(db: AppDb, f: Partial<AuditSearch>, pageSize = AUDIT_PAGE_SIZE): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> {
  const condition = where(f);
  const [counted] = await db.select({ n: count() }).from(auditLog).innerJoin(accounts, eq(accounts.id, auditLog.accountId)).where(condition);
  const total = counted!.n;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.page ?? 1, pages);
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      username: accounts.username,
      displayName: accounts.displayName,
      role: accounts.role,
      action: auditLog.action,
      subject: auditLog.subject,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .innerJoin(accounts, eq(accounts.id, auditLog.accountId))
    .where(condition)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total, page, pages };
}

const FIELD_LABELS: Record<string, string> = { account: '账号', action: '操作', subject: '对象', from: '开始日期', to: '结束日期', page: '页码' };

/** Parses the page's query string leniently: a bad field is dropped and explained, the rest still filters. */
export function parseAuditSearch(raw: Record<string, unknown>): { filters: AuditSearch; problems: string[] } {
  const { value, problems } = parseLeniently(auditSearchSchema, raw, FIELD_LABELS);
  return { filters: value, problems };
}

/** The filters as URL parameters, for the pager's links. */
export function auditSearchParams(f: Partial<AuditSearch>, page: number): string {
  const p = new URLSearchParams();
  for (const key of ['account', 'action', 'subject', 'from', 'to'] as const) if (f[key]) p.set(key, f[key]);
  if (page > 1) p.set('page', String(page));
  return p.toString();
}
