// 办理回复模板 on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL): which phrases a case's
// forms offer, who keeps which templates, and that refused input changes nothing.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import { asc, count, eq } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, categories, orgNodes, replyTemplates } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import type { TreeActor } from '@/lib/registry/nodes';
import { createTemplate, createTemplateSchema, listTemplates, setTemplateActive, templatesForCase, updateTemplate, updateTemplateSchema } from './templates';

const NOW = new Date('2026-11-20T02:00:00Z');
const storeFor = registerTestStore({ demo: true });
// Who is who, from the same demo generated into SQLite.
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;
let db: AppDb;
function use(t: TestContext): boolean {
  const s = storeFor(t);
  if (!s) return false;
  [store, db] = [s, s.db];
  return true;
}

const user = (username: string) => loadUserSync(fixtures, fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const actor = (username: string): TreeActor => {
  const u = user(username);
  return { id: u.id, role: u.role, scope: u.scope };
};
const nodeNamed = async (name: string) => (await db.select().from(orgNodes).where(eq(orgNodes.name, name)).orderBy(asc(orgNodes.id)).limit(1))[0]!;
const categoryCoded = async (code: string) => (await db.select().from(categories).where(eq(categories.code, code)).limit(1))[0]!.id;
const templateCount = async () => (await db.select({ n: count() }).from(replyTemplates))[0]!.n;
const auditOf = async (id: number) => db.select().from(auditLog).where(eq(auditLog.subject, `reply_template:${id}`)).orderBy(asc(auditLog.id));

describe('reply templates offered on a case', () => {
  it("a street-light case is offered its category's phrase first, then the county's general ones; no category, no category phrase", async (t) => {
    if (!use(t)) return;
    const grid = await nodeNamed('龙盛华庭');
    const offered = await templatesForCase(db, { nodePath: `${grid.path}99/`, categoryId: await categoryCoded('street_light') });
    assert.equal(offered.resolve![0], '已联系物业更换灯泡，楼道照明已恢复。');
    assert.ok(offered.resolve!.includes('已现场处理完毕，并向居民说明了处理结果。'));
    assert.ok(!offered.resolve!.some((p) => p.includes('电梯')), 'no other category’s phrase');
    assert.ok(offered.progress!.includes('已联系物业，预计三日内修复。'));
    assert.ok(offered.return!.length >= 2);
    const uncategorised = await templatesForCase(db, { nodePath: grid.path, categoryId: null });
    assert.ok(!uncategorised.resolve!.includes('已联系物业更换灯泡，楼道照明已恢复。'));
  });

  it("a secretary's own template is offered in their community only, audited; another secretary's place refuses it", async (t) => {
    if (!use(t)) return;
    const shuji = actor('shuji');
    const community = user('shuji').scopeNodes[0]!;
    const text = '龙湖社区：已请楼长协助通知住户。';
    const input = createTemplateSchema.parse({ purpose: 'progress', categoryId: '', nodeId: String(community.id), text });
    const r = await createTemplate(store, shuji, input, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok((await templatesForCase(db, { nodePath: `${community.path}99/`, categoryId: null })).progress!.includes(text));
    const elsewhere = (await db.select().from(orgNodes).where(eq(orgNodes.kind, 'community')).orderBy(asc(orgNodes.id))).find((n) => !n.path.startsWith(community.path))!;
    assert.ok(!(await templatesForCase(db, { nodePath: `${elsewhere.path}99/`, categoryId: null })).progress!.includes(text), 'not in another community');
    const [row] = await auditOf(r.templateId);
    assert.equal(row!.action, 'create_reply_template');
    assert.deepEqual(JSON.parse(row!.detail!).text, [null, text]);

    const before = await templateCount();
    const outside = await createTemplate(store, shuji, { ...input, nodeId: elsewhere.id }, NOW);
    assert.ok(!outside.ok && outside.code === 'invalid_input' && outside.fieldErrors?.nodeId);
    const county = await db.select().from(orgNodes).where(eq(orgNodes.kind, 'county')).limit(1);
    const countyWide = await createTemplate(store, shuji, { ...input, nodeId: county[0]!.id }, NOW);
    assert.ok(!countyWide.ok && countyWide.code === 'invalid_input', 'a community secretary cannot speak for the county');
    assert.equal(await templateCount(), before, 'nothing stored');
  });

  it("grid workers only use templates; a secretary cannot edit the county's or another community's", async (t) => {
    if (!use(t)) return;
    const before = await templateCount();
    const community = user('shuji').scopeNodes[0]!;
    const input = createTemplateSchema.parse({ purpose: 'resolve', nodeId: String(community.id), text: '网格员自拟模板' });
    const worker = await createTemplate(store, actor('wg01'), input, NOW);
    assert.ok(!worker.ok && worker.code === 'forbidden');
    const countyTemplate = (await db.select().from(replyTemplates).where(eq(replyTemplates.text, '已联系物业，预计三日内修复。')).limit(1))[0]!;
    const edit = await updateTemplate(store, actor('shuji'), { templateId: countyTemplate.id, ...input }, NOW);
    assert.ok(!edit.ok && edit.code === 'not_found');
    const off = await setTemplateActive(store, actor('shuji'), { templateId: countyTemplate.id, active: false }, NOW);
    assert.ok(!off.ok && off.code === 'not_found');
    assert.equal(await templateCount(), before);
    assert.equal((await db.select().from(replyTemplates).where(eq(replyTemplates.id, countyTemplate.id)))[0]!.active, true);
  });

  it('bad input gets Chinese messages at the boundary', () => {
    const empty = createTemplateSchema.safeParse({ purpose: 'resolve', nodeId: '3', text: '   ' });
    assert.ok(!empty.success && empty.error.issues.some((i) => i.message === '请填写模板内容'));
    const long = createTemplateSchema.safeParse({ purpose: 'resolve', nodeId: '3', text: '好'.repeat(201) });
    assert.ok(!long.success && long.error.issues.some((i) => i.message === '模板内容不超过200字'));
    const purpose = createTemplateSchema.safeParse({ purpose: 'delete', nodeId: '3', text: '好' });
    assert.ok(!purpose.success && purpose.error.issues.some((i) => i.message === '请选择模板用途'));
    const category = createTemplateSchema.safeParse({ purpose: 'resolve', nodeId: '3', categoryId: '1 or 1=1', text: '好' });
    assert.ok(!category.success && category.error.issues.some((i) => i.message === '事项分类无效'));
    const id = updateTemplateSchema.safeParse({ templateId: 'x', purpose: 'resolve', nodeId: '3', text: '好' });
    assert.ok(!id.success);
  });

  it('the administrator edits and switches off a county template: audited before → after, no longer offered; two switches at once write once', async (t) => {
    if (!use(t)) return;
    const admin = actor('admin');
    const county = (await db.select().from(orgNodes).where(eq(orgNodes.kind, 'county')).limit(1))[0]!;
    const created = await createTemplate(store, admin, createTemplateSchema.parse({ purpose: 'return', nodeId: String(county.id), text: '请转交供电公司处理。' }), NOW);
    assert.ok(created.ok);
    const edited = await updateTemplate(store, admin, updateTemplateSchema.parse({ templateId: String(created.templateId), purpose: 'return', nodeId: String(county.id), text: '请转交国网供电公司处理。' }), NOW);
    assert.ok(edited.ok && edited.message === '已保存。');
    const grid = await nodeNamed('龙盛华庭');
    assert.ok((await templatesForCase(db, { nodePath: grid.path, categoryId: null })).return!.includes('请转交国网供电公司处理。'));

    const results = await Promise.all([1, 2, 3].map(() => setTemplateActive(store, admin, { templateId: created.templateId, active: false }, NOW)));
    assert.ok(results.every((r) => r.ok));
    assert.ok(!(await templatesForCase(db, { nodePath: grid.path, categoryId: null })).return!.includes('请转交国网供电公司处理。'));
    const audit = await auditOf(created.templateId);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['create_reply_template', 'update_reply_template', 'update_reply_template'],
      'created, edited, switched off once',
    );
    assert.deepEqual(JSON.parse(audit[1]!.detail!).text, ['请转交供电公司处理。', '请转交国网供电公司处理。']);
  });

  it("a secretary's list: their own templates to edit, the county's to read", async (t) => {
    if (!use(t)) return;
    const shuji = user('shuji');
    const list = await listTemplates(db, shuji.scope);
    const county = list.filter((l) => l.inherited);
    assert.ok(county.some((l) => l.text === '已联系物业，预计三日内修复。'));
    assert.ok(list.some((l) => !l.inherited && l.text.startsWith('龙湖社区：')), 'their own, editable');
    const theirs = await listTemplates(db, user('fqshuji').scope);
    assert.ok(theirs.some((l) => l.inherited && l.text === '已联系物业，预计三日内修复。'), 'the county’s phrases are everyone’s');
    assert.ok(!theirs.some((l) => l.text.startsWith('龙湖社区：')), 'another community does not see ours');
  });
});
