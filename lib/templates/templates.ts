// 办理回复模板: phrases a handler picks when noting progress, resolving or returning a case, and edits before sending.
// The administrator keeps them for the county (or any place), a secretary for the places of their scope; a case is
// offered the active templates of its own place and every place above it, for its category or for all categories.
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { TEMPLATE_PURPOSES, type TemplatePurpose } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { categories, orgNodes, replyTemplates } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { idParamSchema } from '@/lib/org/schemas';
import { writeChange } from '@/lib/registry/audit';
import { pickedId, type TreeActor } from '@/lib/registry/nodes';
import { textSchema } from '@/lib/validation/text';

export const PURPOSE_LABELS: Record<TemplatePurpose, string> = {
  progress: '办理进展',
  resolve: '办结回复',
  return: '退回原因',
};

/** The places a template may be kept for: a county, a township or a community (grids share their community's). */
export const TEMPLATE_NODE_KINDS = ['county', 'township', 'community'] as const;

/** At most this many phrases per form: one thumb's reach on a phone, the most specific first. */
export const TEMPLATES_PER_FORM = 8;

const fields = {
  purpose: z.enum(TEMPLATE_PURPOSES, { error: '请选择模板用途' }),
  categoryId: z
    .string({ error: '事项分类无效' })
    .trim()
    .transform((v, ctx) => {
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) {
        ctx.addIssue({ code: 'custom', message: '事项分类无效' });
        return z.NEVER;
      }
      return n;
    })
    .optional()
    .transform((v) => v ?? null),
  nodeId: pickedId('请选择适用范围'),
  text: textSchema().trim().min(1, '请填写模板内容').max(200, '模板内容不超过200字'),
};

export const createTemplateSchema = z.object(fields);
export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;
export const updateTemplateSchema = z.object({ templateId: idParamSchema, ...fields });
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;
export const setTemplateActiveSchema = z.object({ templateId: idParamSchema, active: z.enum(['true', 'false']).transform((v) => v === 'true') });

export type TemplateResult = { ok: true; templateId: number; message: string } | { ok: false; code: 'not_found' | 'forbidden' | 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

/** Who keeps templates: the administrator and secretaries (grid workers, members and units only use them). */
export function mayManageTemplates(role: TreeActor['role']): boolean {
  return role === 'admin' || role === 'secretary';
}

const FORBIDDEN: TemplateResult = { ok: false, code: 'forbidden', message: '只有系统管理员和社区书记可以维护回复模板。' };
const NOT_FOUND: TemplateResult = { ok: false, code: 'not_found', message: '找不到该模板。' };

function refuse(message: string, field: string): TemplateResult {
  return { ok: false, code: 'invalid_input', message, fieldErrors: { [field]: [message] } };
}

async function placeFor(tx: AppDb, actor: TreeActor, nodeId: number) {
  const [node] = await tx
    .select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind, retiredAt: orgNodes.retiredAt })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, nodeId), withinScope(orgNodes.path, actor.scope)))
    .limit(1);
  if (!node || node.retiredAt !== null || !(TEMPLATE_NODE_KINDS as readonly string[]).includes(node.kind)) return null;
  return node;
}

async function categoryExists(tx: AppDb, id: number | null): Promise<boolean> {
  if (id === null) return true;
  const rows = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, id)).limit(1);
  return rows.length > 0;
}

async function loadInScope(tx: AppDb, actor: TreeActor, templateId: number) {
  const [row] = await tx
    .select()
    .from(replyTemplates)
    .where(and(eq(replyTemplates.id, templateId), withinScope(replyTemplates.nodePath, actor.scope)))
    .limit(1);
  return row ?? null;
}

const auditFields = (t: { purpose: TemplatePurpose; categoryId: number | null; nodeId: number; text: string }) => ({
  purpose: t.purpose,
  categoryId: t.categoryId,
  nodeId: t.nodeId,
  text: t.text,
});

export async function createTemplate(store: Store, actor: TreeActor, input: CreateTemplateInput, now = new Date()): Promise<TemplateResult> {
  if (!mayManageTemplates(actor.role)) return FORBIDDEN;
  return store.write(async (tx): Promise<TemplateResult> => {
    const node = await placeFor(tx, actor, input.nodeId);
    if (!node) return refuse('请选择您负责范围内的县、乡镇或社区', 'nodeId');
    if (!(await categoryExists(tx, input.categoryId))) return refuse('事项分类无效', 'categoryId');
    const [row] = await tx
      .insert(replyTemplates)
      .values({ nodeId: node.id, nodePath: node.path, purpose: input.purpose, categoryId: input.categoryId, text: input.text, createdByAccountId: actor.id, createdAt: now, updatedAt: now })
      .returning({ id: replyTemplates.id });
    await writeChange(tx, { accountId: actor.id, action: 'create_reply_template', subject: `reply_template:${row!.id}`, before: null, after: auditFields({ ...input, nodeId: node.id }) }, now);
    return { ok: true, templateId: row!.id, message: '已添加回复模板。' };
  });
}

export async function updateTemplate(store: Store, actor: TreeActor, input: UpdateTemplateInput, now = new Date()): Promise<TemplateResult> {
  if (!mayManageTemplates(actor.role)) return FORBIDDEN;
  return store.write(async (tx): Promise<TemplateResult> => {
    const current = await loadInScope(tx, actor, input.templateId);
    if (!current) return NOT_FOUND;
    const node = await placeFor(tx, actor, input.nodeId);
    if (!node) return refuse('请选择您负责范围内的县、乡镇或社区', 'nodeId');
    if (!(await categoryExists(tx, input.categoryId))) return refuse('事项分类无效', 'categoryId');
    const next = { purpose: input.purpose, categoryId: input.categoryId, nodeId: node.id, text: input.text };
    const changed = await writeChange(tx, { accountId: actor.id, action: 'update_reply_template', subject: `reply_template:${current.id}`, before: auditFields(current), after: next }, now);
    if (changed) await tx.update(replyTemplates).set({ ...next, nodePath: node.path, updatedAt: now }).where(eq(replyTemplates.id, current.id));
    return { ok: true, templateId: current.id, message: changed ? '已保存。' : '没有需要保存的修改。' };
  });
}

/** 停用 / 启用: a switched-off template is no longer offered; its text stays in the cases that used it. */
export async function setTemplateActive(store: Store, actor: TreeActor, input: { templateId: number; active: boolean }, now = new Date()): Promise<TemplateResult> {
  if (!mayManageTemplates(actor.role)) return FORBIDDEN;
  return store.write(async (tx): Promise<TemplateResult> => {
    const current = await loadInScope(tx, actor, input.templateId);
    if (!current) return NOT_FOUND;
    // Checked in the UPDATE: of two concurrent switches to the same state, one writes (and is audited).
    const updated = await tx
      .update(replyTemplates)
      .set({ active: input.active, updatedAt: now })
      .where(and(eq(replyTemplates.id, current.id), eq(replyTemplates.active, !input.active)))
      .returning({ id: replyTemplates.id });
    if (updated.length > 0) {
      await writeChange(tx, { accountId: actor.id, action: 'update_reply_template', subject: `reply_template:${current.id}`, before: { active: !input.active }, after: { active: input.active } }, now);
    }
    return { ok: true, templateId: current.id, message: input.active ? '已启用该模板。' : '已停用该模板，不再出现在办理表单中。' };
  });
}

/** "/1/2/3/" → ["/1/", "/1/2/", "/1/2/3/"]: the place and every place above it. */
export function pathsAbove(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

export type CaseTemplates = Partial<Record<TemplatePurpose, string[]>>;

/**
 * The phrases offered on a case's forms, per purpose: the active templates of the case's place and the places above
 * it, for its category or for every category; the category's own and the nearest place's first.
 */
export async function templatesForCase(db: AppDb, c: { nodePath: string; categoryId: number | null }): Promise<CaseTemplates> {
  const rows = await db
    .select({ purpose: replyTemplates.purpose, text: replyTemplates.text })
    .from(replyTemplates)
    .where(
      and(
        eq(replyTemplates.active, true),
        inArray(replyTemplates.nodePath, pathsAbove(c.nodePath)),
        c.categoryId === null ? isNull(replyTemplates.categoryId) : or(isNull(replyTemplates.categoryId), eq(replyTemplates.categoryId, c.categoryId)),
      ),
    )
    .orderBy(
      sql`case when ${replyTemplates.categoryId} is null then 1 else 0 end`,
      desc(sql`length(${replyTemplates.nodePath})`),
      asc(replyTemplates.sortOrder),
      asc(replyTemplates.id),
    );
  const out: CaseTemplates = {};
  for (const r of rows) {
    const list = (out[r.purpose] ??= []);
    if (list.length < TEMPLATES_PER_FORM && !list.includes(r.text)) list.push(r.text);
  }
  return out;
}

export type TemplateListItem = {
  id: number;
  purpose: TemplatePurpose;
  categoryId: number | null;
  categoryName: string | null;
  nodeId: number;
  nodeName: string;
  text: string;
  active: boolean;
  /** Kept at a place above the viewer's scope (the county's): shown, not editable here. */
  inherited: boolean;
};

/** The templates a keeper sees: those of their scope (editable) and those of the places above it (read only). */
export async function listTemplates(db: AppDb, scope: Scope): Promise<TemplateListItem[]> {
  const above = [...new Set(scope.paths.flatMap((p) => pathsAbove(p).filter((a) => a !== p)))];
  const rows = await db
    .select({
      id: replyTemplates.id,
      purpose: replyTemplates.purpose,
      categoryId: replyTemplates.categoryId,
      categoryName: categories.name,
      nodeId: replyTemplates.nodeId,
      nodePath: replyTemplates.nodePath,
      nodeName: orgNodes.name,
      text: replyTemplates.text,
      active: replyTemplates.active,
    })
    .from(replyTemplates)
    .innerJoin(orgNodes, eq(orgNodes.id, replyTemplates.nodeId))
    .leftJoin(categories, eq(categories.id, replyTemplates.categoryId))
    .where(above.length > 0 ? or(withinScope(replyTemplates.nodePath, scope), inArray(replyTemplates.nodePath, above)) : withinScope(replyTemplates.nodePath, scope))
    .orderBy(asc(replyTemplates.purpose), sql`${replyTemplates.active} desc`, asc(replyTemplates.nodePath), asc(replyTemplates.sortOrder), asc(replyTemplates.id));
  return rows.map(({ nodePath, ...r }) => ({ ...r, inherited: !scope.paths.some((p) => nodePath.startsWith(p)) }));
}

/** The categories for the template form's picker. */
export async function templateCategories(db: AppDb) {
  return db.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.sortOrder), asc(categories.id));
}
