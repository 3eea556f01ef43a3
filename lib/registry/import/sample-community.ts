// A second community that exists only as Excel ledgers, for the import tests and bench/import.ts: its empty tree in a database, and its workbook as a community office would keep it.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { PhoneBook, personName, pickSurname } from '@/db/demo/names';
import { Random } from '@/db/demo/random';
import type { Store } from '@/db/store';
import { accounts, accountScopes, orgNodes, units } from '@/db/tables';
import { hashPassword } from '@/lib/auth/password';
import { idNumberCheckChar } from '@/lib/registry/identity';

export const SAMPLE_COMMUNITY = '汾水社区';
export const SAMPLE_GRIDS = ['汾水苑', '滨河花园', '阳光小区', '金水湾', '绛州新城', '文苑小区', '河畔家园', '汾水村'] as const;
/** The last grid is rural: households by house number, no buildings. */
const RURAL_GRID = '汾水村';
export const SAMPLE_UNIT = '新绛县第二中学';

export type SampleTree = {
  countyId: number;
  countyPath: string;
  communityId: number;
  communityPath: string;
  adminId: number;
  secretaryId: number;
  gridIds: Map<string, number>;
};

/** The tree a community sets up before its first import: county, township, community, grids, one co-building unit, an admin and the secretary. */
export async function setupSampleTree(store: Store): Promise<SampleTree> {
  const hash = hashPassword('Import@2026');
  return store.write(async (tx) => {
    const add = async (parent: { id: number; path: string; depth: number } | null, kind: 'county' | 'township' | 'community' | 'grid', name: string, order: number, rural = false) => {
      const [row] = await tx
        .insert(orgNodes)
        .values({ parentId: parent?.id ?? null, kind, name, path: `tmp:${name}`, depth: parent ? parent.depth + 1 : 0, sortOrder: order, rural })
        .returning({ id: orgNodes.id });
      const id = row!.id;
      const path = `${parent?.path ?? '/'}${id}/`;
      await tx.update(orgNodes).set({ path }).where(eq(orgNodes.id, id));
      return { id, path, depth: parent ? parent.depth + 1 : 0 };
    };
    const county = await add(null, 'county', '新绛县', 0);
    const township = await add(county, 'township', '古交镇', 1);
    const community = await add(township, 'community', SAMPLE_COMMUNITY, 1);
    const gridIds = new Map<string, number>();
    for (const [i, name] of SAMPLE_GRIDS.entries()) gridIds.set(name, (await add(community, 'grid', name, i + 1, name === RURAL_GRID)).id);
    await tx.insert(units).values({ kind: 'co_building', name: SAMPLE_UNIT, nodeId: community.id, nodePath: community.path });
    const account = async (username: string, role: 'admin' | 'secretary', nodeId: number, phone: string) => {
      const [row] = await tx
        .insert(accounts)
        .values({ username, role, displayName: username, phone, passwordHash: hash, createdAt: new Date() })
        .returning({ id: accounts.id });
      await tx.insert(accountScopes).values({ accountId: row!.id, nodeId });
      return row!.id;
    };
    return {
      countyId: county.id,
      countyPath: county.path,
      communityId: community.id,
      communityPath: community.path,
      adminId: await account('fs_admin', 'admin', county.id, '13900009901'),
      secretaryId: await account('fs_shuji', 'secretary', community.id, '13900009902'),
      gridIds,
    };
  });
}

export type SampleCounts = { households: number; residents: number; partyMembers: number; centralHouseholds: number; links: number; accounts: number; buildings: number };

type Resident = { name: string; gender: 'M' | 'F'; birth: string; id: string; phone: string; relation: string };
type Home = { grid: string; building: string; unit: string; room: string; tags: string; residents: Resident[] };

function idNumber(rng: Random, birth: string, gender: 'M' | 'F', used: Set<string>): string {
  for (;;) {
    const seq = rng.int(0, 99) * 10 + (gender === 'M' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]));
    const first17 = `140825${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    const id = first17 + idNumberCheckChar(first17);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/**
 * Writes the community's ledgers to `file`: 人口台账 (with a title row and the header variants
 * offices use: 楼号, 房号, 公民身份号码, 手机号码), 党员报到台账, 党员中心户台账 and 账号.
 */
export async function writeSampleWorkbook(file: string, opts: { households: number; seed?: number; largerFamilies?: boolean }): Promise<SampleCounts> {
  const rng = new Random(opts.seed ?? 2026);
  const phones = new PhoneBook(rng.fork(1));
  const ids = new Set<string>();
  const homes: Home[] = [];
  const urbanGrids = SAMPLE_GRIDS.filter((g) => g !== RURAL_GRID);
  const ruralCount = Math.round(opts.households * 0.06);
  let buildings = 0;
  // Urban grids: 6-storey buildings of 2 units × 2 flats per floor (24 flats), about 90 % lived in.
  for (let g = 0, made = 0; made < opts.households - ruralCount; g++) {
    const grid = urbanGrids[g % urbanGrids.length]!;
    const building = `${Math.floor(g / urbanGrids.length) + 1}号楼`;
    buildings++;
    for (let u = 1; u <= 2; u++) {
      for (let f = 1; f <= 6; f++) {
        for (let r = 1; r <= 2; r++) {
          if (made >= opts.households - ruralCount || rng.chance(0.1)) continue;
          homes.push({ grid, building, unit: `${u}单元`, room: `${f}0${r}`, tags: '', residents: [] });
          made++;
        }
      }
    }
  }
  for (let n = 1; n <= ruralCount; n++) homes.push({ grid: RURAL_GRID, building: '', unit: '', room: `${n}号`, tags: '', residents: [] });

  let residents = 0;
  for (const home of homes) {
    const surname = pickSurname(rng);
    // About 2.7 residents a household (≈ 8,400 for 3,100 households), or 3.1 for the benchmark's 15,000 in 5,000.
    const size = rng.weighted<number>(opts.largerFamilies ? [[1, 1], [2, 2], [3, 3], [4, 3], [5, 1]] : [[1, 2], [2, 3], [3, 3], [4, 2], [5, 1]]);
    const headYear = rng.int(1938, 1995);
    const plan: { relation: string; year: number; gender: 'M' | 'F'; surname: string }[] = [{ relation: '户主', year: headYear, gender: rng.chance(0.6) ? 'M' : 'F', surname }];
    if (size >= 2) plan.push({ relation: '配偶', year: headYear + rng.int(-3, 3), gender: plan[0]!.gender === 'M' ? 'F' : 'M', surname: pickSurname(rng) });
    for (let i = 2; i < size; i++) plan.push({ relation: '子女', year: Math.min(2024, headYear + rng.int(22, 32)), gender: rng.chance(0.5) ? 'M' : 'F', surname });
    for (const p of plan) {
      const birth = `${p.year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const adult = 2026 - p.year >= 18;
      home.residents.push({
        name: personName(rng, p.gender, p.year, p.surname),
        gender: p.gender,
        birth,
        id: rng.chance(0.75) ? idNumber(rng, birth, p.gender, ids) : '',
        phone: adult && rng.chance(0.85) ? phones.next() : '',
        relation: p.relation,
      });
      residents++;
    }
    // Names repeat within a household only by accident; keep them apart so the ledger matches by name where nothing else is given.
    const names = new Set<string>();
    for (const r of home.residents) {
      while (names.has(r.name)) r.name += '子';
      names.add(r.name);
    }
    if (home.residents.length === 1 && headYear < 1950) home.tags = '独居';
    else if (rng.chance(0.02)) home.tags = rng.pick(['特困', '残疾', '残疾、特困', '留守儿童']);
  }

  // Party members: an adult with a phone in about one household in eight, plus members living elsewhere.
  type Member = { r: Resident; home: Home | null; kind: string; workplace: string; unit: string };
  const members: Member[] = [];
  for (const home of homes) {
    if (!rng.chance(0.13)) continue;
    const r = home.residents.find((x) => x.phone && Number(x.birth.slice(0, 4)) > 1960);
    if (r) members.push({ r, home, kind: rng.chance(0.9) ? '在职党员' : '流动党员', workplace: rng.pick(['县人民医院', '县供电公司', '县第二中学', '镇政府', '县农商银行']), unit: rng.chance(0.2) ? SAMPLE_UNIT : '' });
  }
  for (let i = 0; i < 40; i++) {
    const gender = rng.chance(0.5) ? 'M' : 'F';
    const year = rng.int(1970, 1998);
    const birth = `${year}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
    const home = rng.pick(homes.filter((h) => h.grid !== RURAL_GRID).slice(0, 200));
    members.push({ r: { name: personName(rng, gender, year), gender, birth, id: idNumber(rng, birth, gender, ids), phone: phones.next(), relation: '' }, home: { ...home, residents: [] }, kind: '在职党员', workplace: '县城区', unit: '' });
  }

  // Central households: in each building, a member's household looks after its next neighbours.
  const centralRows: string[][] = [];
  const linked = new Set<Home>();
  const memberHomes = new Set(members.filter((m) => m.home && m.home.residents.length > 0).map((m) => m.home!));
  let centrals = 0;
  for (const m of members) {
    if (!m.home || m.home.residents.length === 0 || linked.has(m.home) || m.kind !== '在职党员') continue;
    const neighbours = homes.filter((h) => h.grid === m.home!.grid && h.building === m.home!.building && h !== m.home && !linked.has(h) && !memberHomes.has(h)).slice(0, 10);
    if (neighbours.length < 5) continue;
    centrals++;
    linked.add(m.home);
    for (const n of neighbours) {
      linked.add(n);
      centralRows.push([m.home.grid, m.home.building, m.home.unit, m.home.room, m.r.name, m.r.id, m.r.phone, n.grid, n.building, n.unit, n.room]);
    }
  }

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const people = workbook.addWorksheet('人口台账');
  people.addRow([`${SAMPLE_COMMUNITY}人口信息台账`]).commit();
  people.addRow(['序号', '网格', '楼号', '单元', '房号', '关爱标签', '姓名', '与户主关系', '性别', '出生日期', '公民身份号码', '手机号码']).commit();
  let n = 0;
  for (const h of homes) {
    for (const r of h.residents) {
      people.addRow([++n, h.grid, h.building, h.unit, h.room, h.tags, r.name, r.relation, r.gender === 'M' ? '男' : '女', r.birth, r.id, r.phone]).commit();
    }
  }
  people.commit();

  const party = workbook.addWorksheet('党员报到台账');
  party.addRow(['姓名', '性别', '出生日期', '身份证号', '联系电话', '党员类型', '工作单位', '共建单位', '报到网格', '服务楼栋', '报到日期']).commit();
  for (const m of members) {
    party.addRow([m.r.name, m.r.gender === 'M' ? '男' : '女', m.r.birth, m.r.id, m.r.phone, m.kind, m.workplace, m.unit, m.home!.grid, m.home!.building, '2025-03-01']).commit();
  }
  party.commit();

  const central = workbook.addWorksheet('党员中心户台账');
  central.addRow(['中心户网格', '中心户楼栋', '中心户单元', '中心户门牌号', '中心户党员', '党员身份证号', '党员联系电话', '联系户网格', '联系户楼栋', '联系户单元', '联系户门牌号']).commit();
  for (const row of centralRows) central.addRow(row).commit();
  central.commit();

  const acc = workbook.addWorksheet('账号');
  acc.addRow(['账号', '姓名', '手机号码', '角色', '管辖网格', '所属单位', '党员身份证号', '账号状态']).commit();
  let accountCount = 0;
  urbanGrids.forEach((g, i) => {
    acc.addRow([`fs_wg${String(i + 1).padStart(2, '0')}`, `网格员${i + 1}`, `1390000${String(9910 + i)}`, '网格员', i === urbanGrids.length - 1 ? `${g}、${RURAL_GRID}` : g, '', '', '启用']).commit();
    accountCount++;
  });
  for (const m of members.filter((x) => x.r.id).slice(0, 5)) {
    acc.addRow([`fs_dy${++accountCount}`, m.r.name, '', '党员', '', '', m.r.id, '启用']).commit();
  }
  acc.commit();
  await workbook.commit();

  return {
    households: homes.length,
    residents,
    partyMembers: members.length,
    centralHouseholds: centrals,
    links: centralRows.length,
    accounts: accountCount,
    buildings,
  };
}
