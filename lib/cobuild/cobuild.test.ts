// 大党委 on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL): resources, needs gathering
// residents' requests, projects (a liaison reaches their own unit's only), the status rules, the secretary-only
// confirmation, the summary and its workbook, joint meetings, and what the resident's status page learns.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, describe, it, type TestContext } from 'node:test';
import { and, asc, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { accounts } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, coProjects, communityNeeds, needCases, orgNodes, projectPhotos, units } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { createCase, hashToken } from '@/lib/cases/commands';
import type { CoActor } from './access';
import { meetingsOfCommunity, listMeetings, recordMeeting } from './meetings';
import { createNeed, gatherCases, listNeeds, needRequests, updateNeed } from './needs';
import { createProject, getProject, projectPhotoForViewer, projectsOfUnit, takeProjectStep } from './projects';
import { projectNoticeForToken } from './public-notice';
import { listResources, saveResource, setResourceActive } from './resources';
import { decideProjectStep } from './rules';
import { gatherSchema, meetingSchema, needSchema, projectSchema, projectStepSchema, resourceSchema } from './schemas';
import { prepareSummaryExport, summaryOf } from './summary';

const NOW = new Date('2026-11-20T02:00:00Z');
const storeFor = registerTestStore({ demo: true });
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

const user = (username: string): CoActor => loadUserSync(fixtures, fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const unitNamed = async (name: string) => (await db.select().from(units).where(eq(units.name, name)).limit(1))[0]!;
const community = async (name: string) => (await db.select().from(orgNodes).where(and(eq(orgNodes.name, name), eq(orgNodes.kind, 'community'))).limit(1))[0]!;
const buildingIn = async (communityName: string) => {
  const c = await community(communityName);
  const rows = await db.select().from(orgNodes).where(eq(orgNodes.kind, 'building')).orderBy(asc(orgNodes.id));
  return rows.find((n) => n.path.startsWith(c.path))!;
};
const auditCount = async (subject: string) => (await db.select({ n: count() }).from(auditLog).where(eq(auditLog.subject, subject)))[0]!.n;

/** A resident's request in a community, with its status token. */
async function request(communityName: string, description: string) {
  const building = await buildingIn(communityName);
  const r = await createCase(store, { kind: 'resident' }, { description, source: 'online', nodeId: building.id, urgency: 'normal' }, [], NOW);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return { number: r.number, tokenHash: hashToken(r.token) };
}

/** A need of 龙湖社区 with a project owned by the power company (dw01's unit), the hospital (dw02's) taking part. */
async function needAndProject(title: string, opts: { partners?: string[]; caseNumbers?: string[] } = {}) {
  const shuji = user('shuji');
  const longhu = await community('龙湖社区');
  const need = await createNeed(store, shuji, needSchema.parse({ communityId: String(longhu.id), title, description: '', caseNumbers: opts.caseNumbers ?? [] }), NOW);
  assert.ok(need.ok, JSON.stringify(need));
  const power = await unitNamed('国网新绛县供电公司');
  const partnerIds = await Promise.all((opts.partners ?? []).map(async (n) => String((await unitNamed(n)).id)));
  const project = await createProject(
    store,
    shuji,
    projectSchema.parse({ needId: String(need.needId), title: `${title}项目`, ownerUnitId: String(power.id), partnerUnitIds: partnerIds, targetDate: '2026-12-31' }),
    NOW,
  );
  assert.ok(project.ok, JSON.stringify(project));
  return { needId: need.needId, projectId: project.projectId };
}

const step = (projectId: number, action: string, version: number, note = '') => projectStepSchema.parse({ projectId: String(projectId), action, version: String(version), note });
const versionOf = async (projectId: number) => (await db.select({ v: coProjects.version }).from(coProjects).where(eq(coProjects.id, projectId)))[0]!.v;

describe('the project rules (pure)', () => {
  const owner = { role: 'unit_liaison' as const, unitId: 7 };
  const other = { role: 'unit_liaison' as const, unitId: 8 };
  const secretary = { role: 'secretary' as const, unitId: null };
  const open = { status: 'not_started' as const, ownerUnitId: 7, doneReportedAt: null };

  it('the owner unit reports progress and completion; another unit, a grid worker or a party member may do nothing', () => {
    assert.deepEqual(decideProjectStep(open, owner, 'progress'), { ok: true, toStatus: 'in_progress', doneReported: 'keep', confirmed: 'keep', noteRequired: true });
    assert.equal(decideProjectStep({ ...open, status: 'in_progress' }, owner, 'report_done').ok, true);
    for (const who of [other, { role: 'grid_worker' as const, unitId: null }, { role: 'party_member' as const, unitId: null }]) {
      const d = decideProjectStep(open, who, 'progress');
      assert.equal(d.ok ? 'ok' : d.code, 'forbidden');
    }
  });

  it('only the secretary confirms completion; the unit can only report it done, once', () => {
    const reported = { ...open, status: 'in_progress' as const, doneReportedAt: NOW };
    const byUnit = decideProjectStep(reported, owner, 'confirm');
    assert.equal(byUnit.ok ? 'ok' : byUnit.code, 'forbidden');
    assert.equal(decideProjectStep(reported, owner, 'report_done').ok, false);
    const confirmed = decideProjectStep(reported, secretary, 'confirm');
    assert.ok(confirmed.ok && confirmed.toStatus === 'done' && confirmed.confirmed === 'set');
    assert.equal(decideProjectStep(reported, secretary, 'report_done').ok, false, 'the secretary confirms rather than reports');
  });

  it('done and shelved projects take no report; shelve, resume and reopen are the secretary’s, from the right states', () => {
    const done = { ...open, status: 'done' as const };
    const shelved = { ...open, status: 'shelved' as const };
    assert.equal(decideProjectStep(done, owner, 'progress').ok, false);
    assert.equal(decideProjectStep(shelved, owner, 'progress').ok, false);
    assert.equal(decideProjectStep(done, secretary, 'confirm').ok, false);
    assert.equal(decideProjectStep(open, secretary, 'resume').ok, false);
    assert.equal(decideProjectStep(shelved, owner, 'resume').ok, false);
    const resumed = decideProjectStep(shelved, secretary, 'resume');
    assert.ok(resumed.ok && resumed.toStatus === 'in_progress');
    const reopened = decideProjectStep(done, secretary, 'reopen');
    assert.ok(reopened.ok && reopened.toStatus === 'in_progress' && reopened.confirmed === 'clear' && reopened.noteRequired);
    const shelve = decideProjectStep(open, secretary, 'shelve');
    assert.ok(shelve.ok && shelve.toStatus === 'shelved' && shelve.noteRequired);
  });
});

describe('the resource list', () => {
  it("a liaison keeps their own unit's resources, audited, and switches one off; another unit's is not found", async (t) => {
    if (!use(t)) return;
    const dw01 = user('dw01');
    const power = await unitNamed('国网新绛县供电公司');
    const hospital = await unitNamed('新绛县人民医院');
    const made = await saveResource(store, dw01, resourceSchema.parse({ unitId: String(power.id), kind: 'service', description: '免费检查楼道线路', availability: '每月第一个周六' }), NOW);
    assert.ok(made.ok, JSON.stringify(made));
    assert.equal(await auditCount(`resource:${made.resourceId}`), 1);
    const edited = await saveResource(store, dw01, resourceSchema.parse({ resourceId: String(made.resourceId), unitId: String(power.id), kind: 'people', description: '电工志愿者 3 名', availability: '周末' }), NOW);
    assert.ok(edited.ok);
    const off = await setResourceActive(store, dw01, { resourceId: made.resourceId, active: false }, NOW);
    assert.ok(off.ok);
    assert.equal(await auditCount(`resource:${made.resourceId}`), 3);
    const mine = await listResources(db, dw01);
    assert.deepEqual(mine.map((u) => u.id), [power.id]);
    assert.deepEqual(mine[0]!.resources.find((r) => r.id === made.resourceId), { id: made.resourceId, kind: 'people', description: '电工志愿者 3 名', availability: '周末', active: false });

    const foreign = await saveResource(store, dw01, resourceSchema.parse({ unitId: String(hospital.id), kind: 'service', description: '义诊', availability: '每周' }), NOW);
    assert.equal(foreign.ok ? 'ok' : foreign.code, 'not_found');
    const foreignSwitch = await setResourceActive(store, user('dw02'), { resourceId: made.resourceId, active: true }, NOW);
    assert.equal(foreignSwitch.ok ? 'ok' : foreignSwitch.code, 'not_found');
  });

  it('the secretary keeps the resources of their co-building units and sees the county departments serving them; another community’s secretary sees none of them', async (t) => {
    if (!use(t)) return;
    const hospital = await unitNamed('新绛县人民医院');
    const r = await saveResource(store, user('shuji'), resourceSchema.parse({ unitId: String(hospital.id), kind: 'venue', description: '会议室', availability: '工作日晚间' }), NOW);
    assert.ok(r.ok);
    const seen = await listResources(db, user('shuji'));
    assert.ok(seen.find((u) => u.id === hospital.id)!.editable);
    const department = seen.find((u) => u.kind === 'department');
    assert.ok(department && !department.editable, 'the county departments serve the community too, kept by the administrator');
    const fq = await listResources(db, user('fqshuji'));
    assert.ok(!fq.some((u) => u.id === hospital.id));
    const refused = await saveResource(store, user('fqshuji'), resourceSchema.parse({ unitId: String(hospital.id), kind: 'funds', description: '2万元', availability: '年度' }), NOW);
    assert.equal(refused.ok ? 'ok' : refused.code, 'not_found');
  });

  it('refuses empty or over-long input with Chinese messages', () => {
    const r = resourceSchema.safeParse({ unitId: '1', kind: 'cash', description: '', availability: 'x'.repeat(101) });
    assert.ok(!r.success);
    const messages = r.error.issues.map((i) => i.message);
    assert.ok(messages.includes('请选择资源类型') && messages.includes('请填写资源内容') && messages.includes('可提供情况不超过100字'), messages.join());
  });
});

describe('needs gather residents’ requests', () => {
  it('a need gathers requests of its own community, one need per request, audited; another community’s request is refused', async (t) => {
    if (!use(t)) return;
    const shuji = user('shuji');
    const a = await request('龙湖社区', '小区路灯太暗');
    const b = await request('龙湖社区', '晚上散步看不清路');
    const fq = await request('府前社区', '府前的路灯也暗');
    const longhu = await community('龙湖社区');
    const need = await createNeed(store, shuji, needSchema.parse({ communityId: String(longhu.id), title: '小区照明改善', caseNumbers: [`${a.number} ${b.number}`] }), NOW);
    assert.ok(need.ok, JSON.stringify(need));
    assert.deepEqual((await needRequests(db, need.needId)).map((r) => r.number).sort(), [a.number, b.number].sort());
    assert.equal((await db.select().from(communityNeeds).where(eq(communityNeeds.id, need.needId)))[0]!.source, 'requests');
    assert.equal(await auditCount(`need:${need.needId}`), 2, 'created and gathered');

    const other = await createNeed(store, shuji, needSchema.parse({ communityId: String(longhu.id), title: '另一需求', caseNumbers: [a.number] }), NOW);
    assert.ok(!other.ok && other.message.includes('已归入其他需求'), JSON.stringify(other));
    assert.equal((await db.select({ n: count() }).from(communityNeeds).where(eq(communityNeeds.title, '另一需求')))[0]!.n, 0, 'a refused need is not half made');
    const foreign = await gatherCases(store, shuji, gatherSchema.parse({ needId: String(need.needId), caseNumbers: [fq.number] }), NOW);
    assert.ok(!foreign.ok && foreign.message.includes('找不到本社区的诉求'));
    const byOtherSecretary = await gatherCases(store, user('fqshuji'), gatherSchema.parse({ needId: String(need.needId), caseNumbers: [fq.number] }), NOW);
    assert.equal(byOtherSecretary.ok ? 'ok' : byOtherSecretary.code, 'not_found');
    const byLiaison = await gatherCases(store, user('dw01'), gatherSchema.parse({ needId: String(need.needId), caseNumbers: [a.number] }), NOW);
    assert.equal(byLiaison.ok ? 'ok' : byLiaison.code, 'forbidden');
  });

  it('two secretaries gathering the same request at once: it lands in one need only', async (t) => {
    if (!use(t)) return;
    const longhu = await community('龙湖社区');
    const r = await request('龙湖社区', '楼下垃圾桶不够');
    const [n1, n2] = await Promise.all(
      ['环境整治一', '环境整治二'].map((title) => createNeed(store, user('shuji'), needSchema.parse({ communityId: String(longhu.id), title, caseNumbers: [] }), NOW)),
    );
    assert.ok(n1!.ok && n2!.ok);
    const results = await Promise.all([n1!.needId, n2!.needId].map((needId) => gatherCases(store, user(needId === n1!.needId ? 'shuji' : 'zhenshuji'), { needId, caseNumbers: [r.number] }, NOW)));
    assert.equal(results.filter((x) => x.ok).length, 1, JSON.stringify(results));
    const caseRows = await db.select({ n: count() }).from(needCases).innerJoin(communityNeeds, eq(communityNeeds.id, needCases.needId)).where(eq(communityNeeds.communityId, longhu.id));
    assert.ok(caseRows[0]!.n >= 1);
  });

  it('a need withdrawn is kept, off the summary, and gathers no more', async (t) => {
    if (!use(t)) return;
    const { needId } = await needAndProject('撤销测试');
    const r = await updateNeed(store, user('shuji'), { needId, title: '撤销测试', description: null, active: false }, NOW);
    assert.ok(r.ok);
    assert.ok((await listNeeds(db, user('shuji'))).some((n) => n.id === needId && !n.active));
    const summary = await summaryOf(db, user('shuji'));
    assert.ok(!summary.flatMap((c) => c.needs).some((n) => n.id === needId));
    const more = await gatherCases(store, user('shuji'), { needId, caseNumbers: [(await request('龙湖社区', '又一件')).number] }, NOW);
    assert.ok(!more.ok);
  });
});

describe('projects: scope, the liaison’s own projects only, confirmation by the secretary', () => {
  it('the owner liaison reports progress with photos and reports done; the secretary confirms; the resident’s status page says so', async (t) => {
    if (!use(t)) return;
    const res = await request('龙湖社区', '单元门口没有路灯');
    const { projectId } = await needAndProject('楼栋照明', { caseNumbers: [res.number], partners: ['新绛县人民医院'] });
    const dw01 = user('dw01');
    const before = await projectNoticeForToken(db, res.tokenHash);
    assert.equal(before?.projects[0]?.status, 'not_started');

    const photo = { fileName: `${'a'.repeat(32)}.jpg`, mime: 'image/jpeg', width: 10, height: 10, bytes: 100 };
    const progress = await takeProjectStep(store, dw01, step(projectId, 'progress', 0, '已勘察现场，确定安装位置'), [photo], NOW);
    assert.ok(progress.ok && progress.status === 'in_progress', JSON.stringify(progress));
    const [photoRow] = await db.select().from(projectPhotos).where(eq(projectPhotos.projectId, projectId));
    assert.ok(await projectPhotoForViewer(db, dw01, photoRow!.id));
    assert.equal(await projectPhotoForViewer(db, user('fqshuji'), photoRow!.id), null);

    const noNote = await takeProjectStep(store, dw01, step(projectId, 'report_done', 1), [], NOW);
    assert.ok(!noNote.ok && noNote.fieldErrors?.note);
    const reported = await takeProjectStep(store, dw01, step(projectId, 'report_done', 1, '路灯已安装完毕'), [], NOW);
    assert.ok(reported.ok && reported.status === 'in_progress');
    const confirmByUnit = await takeProjectStep(store, dw01, step(projectId, 'confirm', 2), [], NOW);
    assert.equal(confirmByUnit.ok ? 'ok' : confirmByUnit.code, 'forbidden');
    assert.notEqual((await projectNoticeForToken(db, res.tokenHash))?.projects[0]?.status, 'done');

    const confirmed = await takeProjectStep(store, user('shuji'), step(projectId, 'confirm', 2), [], NOW);
    assert.ok(confirmed.ok && confirmed.status === 'done', JSON.stringify(confirmed));
    const notice = await projectNoticeForToken(db, res.tokenHash);
    assert.deepEqual(notice, { needTitle: '楼栋照明', projects: [{ title: '楼栋照明项目', unitName: '国网新绛县供电公司', status: 'done', confirmedAt: NOW }] });
    const detail = (await getProject(db, user('shuji'), projectId))!;
    assert.deepEqual(detail.updates.map((u) => u.step), ['create', 'progress', 'report_done', 'confirm']);
    assert.equal(detail.updates[1]!.photoIds.length, 1);
    assert.equal(detail.updates[1]!.actorLabel, dw01.displayName);
    assert.equal(await auditCount(`project:${projectId}`), 4, 'created and three steps');
  });

  it("a liaison never sees nor touches another unit's project; a partner unit sees it but may not report", async (t) => {
    if (!use(t)) return;
    const { projectId } = await needAndProject('消防通道', { partners: ['新绛县人民医院'] });
    const { projectId: alone } = await needAndProject('电缆改造');
    const dw02 = user('dw02');
    assert.equal(await getProject(db, dw02, alone), null, 'not on the project: not found');
    const touch = await takeProjectStep(store, dw02, step(alone, 'progress', 0, '我来报告'), [], NOW);
    assert.equal(touch.ok ? 'ok' : touch.code, 'not_found');
    assert.ok(!(await projectsOfUnit(db, dw02)).some((p) => p.id === alone));

    assert.ok(await getProject(db, dw02, projectId), 'a partner sees the project');
    const partnerReport = await takeProjectStep(store, dw02, step(projectId, 'progress', 0, '参与单位报告'), [], NOW);
    assert.equal(partnerReport.ok ? 'ok' : partnerReport.code, 'forbidden');
    assert.equal(await versionOf(projectId), 0, 'nothing changed');
    for (const who of ['fqshuji', 'wg01', 'dy01', 'bm01']) assert.equal(await getProject(db, user(who), projectId), null, `${who} does not see it`);
    assert.ok(await getProject(db, user('zhenshuji'), projectId), 'the township secretary sees their communities’ projects');
    const foreignSecretary = await takeProjectStep(store, user('fqshuji'), step(projectId, 'shelve', 0, '搁置'), [], NOW);
    assert.equal(foreignSecretary.ok ? 'ok' : foreignSecretary.code, 'not_found');
  });

  it('a stale version is refused; two confirmations at once: one wins', async (t) => {
    if (!use(t)) return;
    const { projectId } = await needAndProject('并发测试');
    const stale = await takeProjectStep(store, user('dw01'), step(projectId, 'progress', 5, '旧页面'), [], NOW);
    assert.equal(stale.ok ? 'ok' : stale.code, 'conflict');
    const both = await Promise.all([user('shuji'), user('zhenshuji')].map((who) => takeProjectStep(store, who, step(projectId, 'confirm', 0), [], NOW)));
    assert.equal(both.filter((r) => r.ok).length, 1, JSON.stringify(both));
    assert.equal(await versionOf(projectId), 1);
  });

  it('a project is owned by a unit serving the community; another community’s secretary cannot open one on this need', async (t) => {
    if (!use(t)) return;
    const longhu = await community('龙湖社区');
    const need = await createNeed(store, user('shuji'), needSchema.parse({ communityId: String(longhu.id), title: '单位范围', caseNumbers: [] }), NOW);
    assert.ok(need.ok);
    const fqNeed = await createNeed(store, user('fqshuji'), needSchema.parse({ communityId: String((await community('府前社区')).id), title: '府前需求', caseNumbers: [] }), NOW);
    assert.ok(fqNeed.ok);
    const power = await unitNamed('国网新绛县供电公司');
    // The power company serves 龙湖社区 only: not a possible owner for 府前社区.
    const wrongUnit = await createProject(store, user('fqshuji'), projectSchema.parse({ needId: String(fqNeed.needId), title: 'x', ownerUnitId: String(power.id) }), NOW);
    assert.ok(!wrongUnit.ok && wrongUnit.fieldErrors?.ownerUnitId);
    const department = await unitNamed('新绛县住房和城乡建设局');
    const byDepartment = await createProject(store, user('fqshuji'), projectSchema.parse({ needId: String(fqNeed.needId), title: '巷道硬化', ownerUnitId: String(department.id) }), NOW);
    assert.ok(byDepartment.ok, 'a county department serves every community');
    const foreign = await createProject(store, user('fqshuji'), projectSchema.parse({ needId: String(need.needId), title: 'x', ownerUnitId: String(department.id) }), NOW);
    assert.equal(foreign.ok ? 'ok' : foreign.code, 'not_found');
    const byLiaison = await createProject(store, user('dw01'), projectSchema.parse({ needId: String(need.needId), title: 'x', ownerUnitId: String(power.id) }), NOW);
    assert.equal(byLiaison.ok ? 'ok' : byLiaison.code, 'forbidden');
    assert.ok(!projectSchema.safeParse({ needId: '1', title: 'x', ownerUnitId: '1', targetDate: '2026-02-30' }).success, 'a date that does not exist');
  });
});

describe('joint meetings, the summary and its workbook', () => {
  it('a meeting records the units present and raises needs; a project decided at it and a step taken at it are listed under it', async (t) => {
    if (!use(t)) return;
    const shuji = user('shuji');
    const longhu = await community('龙湖社区');
    const power = await unitNamed('国网新绛县供电公司');
    const hospital = await unitNamed('新绛县人民医院');
    const m = await recordMeeting(
      store,
      shuji,
      meetingSchema.parse({ communityId: String(longhu.id), heldOn: '2026-11-18', unitIds: [String(power.id), String(hospital.id)], topics: '冬季供暖与用电安全', decisions: '供电公司牵头排查老旧线路', newNeeds: '老旧线路排查\n独居老人冬季探访\n' }),
      NOW,
    );
    assert.ok(m.ok, JSON.stringify(m));
    assert.deepEqual((await meetingsOfCommunity(db, longhu.id)).map((x) => x.id), [m.meetingId]);
    const [raised] = await db.select().from(communityNeeds).where(and(eq(communityNeeds.meetingId, m.meetingId), eq(communityNeeds.title, '老旧线路排查')));
    assert.equal(raised!.source, 'meeting');
    const project = await createProject(store, shuji, projectSchema.parse({ needId: String(raised!.id), title: '线路排查', ownerUnitId: String(power.id), meetingId: String(m.meetingId) }), NOW);
    assert.ok(project.ok);
    const { projectId: earlier } = await needAndProject('会前项目');
    const started = await takeProjectStep(store, shuji, projectStepSchema.parse({ projectId: String(earlier), action: 'start', version: '0', meetingId: String(m.meetingId) }), [], NOW);
    assert.ok(started.ok);
    const [listed] = (await listMeetings(db, shuji)).filter((x) => x.id === m.meetingId);
    assert.deepEqual(listed!.units, ['国网新绛县供电公司', '新绛县人民医院']);
    assert.deepEqual(listed!.needs.map((n) => n.title), ['老旧线路排查', '独居老人冬季探访']);
    assert.deepEqual(listed!.projects.map((p) => p.title), ['线路排查']);
    assert.deepEqual(listed!.updates, [{ projectId: earlier, step: 'start', title: '会前项目项目' }]);
    assert.equal(await auditCount(`meeting:${m.meetingId}`), 1);
    assert.deepEqual(await listMeetings(db, user('fqshuji')), []);
    const outsider = await recordMeeting(store, user('fqshuji'), meetingSchema.parse({ communityId: String(longhu.id), heldOn: '2026-11-18', unitIds: [String(power.id)], topics: 'x', decisions: 'y' }), NOW);
    assert.ok(!outsider.ok);
  });

  it('the summary shows needs ↔ projects ↔ completion per community, the township sees both communities, and the workbook holds it', async (t) => {
    if (!use(t)) return;
    const { projectId } = await needAndProject('汇总测试');
    assert.ok((await takeProjectStep(store, user('shuji'), step(projectId, 'confirm', 0), [], NOW)).ok);
    const summary = await summaryOf(db, user('shuji'));
    assert.deepEqual(summary.map((c) => c.name), ['龙湖社区']);
    const need = summary[0]!.needs.find((n) => n.title === '汇总测试')!;
    assert.equal(need.projects[0]!.status, 'done');
    const f = summary[0]!.figures;
    assert.equal(f.projects, summary[0]!.needs.reduce((s, n) => s + n.projects.length, 0));
    assert.ok(f.byStatus.done >= 1 && f.needsMet >= 1);
    assert.deepEqual((await summaryOf(db, user('zhenshuji'))).map((c) => c.name).sort(), ['府前社区', '龙湖社区'].sort());
    assert.deepEqual(await summaryOf(db, user('dw01')), []);

    const download = (await prepareSummaryExport(store, user('shuji'), NOW))!;
    assert.match(download.fileName, /^大党委项目清单汇总表_龙湖社区_2026-11-20\.xlsx$/);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await download.write(out);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('汇总表')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    assert.deepEqual(rows[0]!.slice(0, 5), ['社区', '需求', '需求来源', '归集诉求数', '项目']);
    const row = rows.find((r) => r[1] === '汇总测试')!;
    assert.deepEqual([row[4], row[5], row[8], row[9]], ['汇总测试项目', '国网新绛县供电公司', '已完成', '2026-11-20']);
    assert.equal(await prepareSummaryExport(store, user('dw01'), NOW), null);
    assert.ok((await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'export')))[0]!.n >= 1);
  });
});
