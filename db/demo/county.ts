// A whole county for measuring scale: 新绛县 with ~10 townships, ~25 communities, ~200 villages and a million requests over three years.
import type { DB } from '../client';
import { seedDemoCases, type DemoCasesSummary } from './cases';
import {
  ADMIN,
  COUNTY,
  FUQIAN,
  LONGHU,
  TOWNSHIP,
  TOWNSHIP_SECRETARY,
  type BuildingStyle,
  type CommunitySpec,
  type GridSpec,
  type StaffSpec,
  type TownshipSpec,
  type TreeSpec,
} from './catalog';
import { DEFAULT_DEMO_SEED, seedDemo, type DemoSummary } from './generate';
import { personName, STAFF_PHONE_PREFIX } from './names';
import { Random } from './random';
import { seedDemoVisits, type DemoVisitsSummary } from './visits';
import { createDemoIntakePointsSync } from '@/lib/cases/intake-points';

/** The size of the county: how many townships, urban communities and villages, and households in all. */
export interface CountyShape {
  townships: number;
  /** Urban communities (社区), 龙湖社区 and 府前社区 of the demo among them. */
  communities: number;
  /** Villages (村): communities whose grids are all rural, without buildings. */
  villages: number;
  households: number;
}

/**
 * 新绛县 at full size. Seed 002 gives the county its shape: the county town's communities (龙湖社区
 * with 4,321 households, 学府城社区, 四府街社区), 151 village party organisations and towns such as
 * 三泉镇 (51 全科网格) and 泽掌镇 (光村, 王守庄村, 新和村); the issue asks for ~10 townships,
 * ~25 communities, ~200 villages, ~120,000 households and ~330,000 residents.
 */
export const COUNTY_SHAPE: CountyShape = { townships: 10, communities: 25, villages: 200, households: 120_000 };
export const COUNTY_REQUESTS = 1_000_000;
export const COUNTY_DAYS = 3 * 365;

/** Share of the households outside 龙湖社区 and 府前社区 that live in villages (the county is mostly rural). */
const VILLAGE_SHARE = 0.58;
/** 龙湖社区's proportions (seed 002): 501 in-service party members and 20 流动党员 for 4,321 households. */
const IN_SERVICE_PER_HOUSEHOLD = LONGHU.inServicePartyMembers / LONGHU.households;
const FLOATING_PER_HOUSEHOLD = LONGHU.floatingPartyMembers / LONGHU.households;
/** 龙湖社区 has 12 grids for 4,321 households; a village grid (全科网格) covers about 250. */
const URBAN_HOUSEHOLDS_PER_GRID = 360;
const VILLAGE_HOUSEHOLDS_PER_GRID = 250;

interface TownshipPlan {
  name: string;
  /** Takes urban communities (the county town and its two 街道). */
  urban: boolean;
  /** Relative share of the villages. */
  villages: number;
  /** Villages of the seeds, kept under their own town. */
  seedVillages?: readonly string[];
}

/** 龙兴镇 is the county town (龙湖社区, 府前社区); the two 街道 split the rest of the town's communities. */
const TOWNSHIPS: readonly TownshipPlan[] = [
  { name: TOWNSHIP.name, urban: true, villages: 0.4 },
  { name: '城东街道', urban: true, villages: 0 },
  { name: '城西街道', urban: true, villages: 0 },
  { name: '三泉镇', urban: false, villages: 1, seedVillages: ['新和村'] },
  { name: '泽掌镇', urban: false, villages: 1, seedVillages: ['光村', '王守庄村'] },
  { name: '北张镇', urban: false, villages: 1 },
  { name: '古交镇', urban: false, villages: 1 },
  { name: '万安镇', urban: false, villages: 1 },
  { name: '阳王镇', urban: false, villages: 1 },
  { name: '横桥乡', urban: false, villages: 1 },
];

const COMMUNITY_NAMES = [
  '学府城社区', '四府街社区', '鼓楼社区', '绛州社区', '正平社区', '汾河社区', '文庙社区', '新华社区', '桥东社区', '城南社区',
  '西关社区', '东关社区', '北关社区', '南关社区', '龙泉社区', '天池社区', '绛园社区', '东街社区', '西街社区', '贡院社区',
  '华丰社区', '迎宾社区', '和平社区', '长青社区', '振兴社区', '育才社区', '滨河社区', '阳光社区',
];
const VILLAGE_HEADS = [
  '白', '柳', '杨', '槐', '桃', '杏', '枣', '泉', '河', '沟', '坡', '古', '新', '东', '西', '南', '北', '上', '下', '前',
  '后', '中', '王', '李', '张', '刘', '郭', '贾', '薛', '卫', '柴', '裴', '段', '席', '乔', '吉', '畅', '景', '宁', '苏',
];
const VILLAGE_TAILS = ['村', '庄村', '家庄村', '堡村', '店村', '营村', '寨村', '沟村', '坡村', '头村', '峪村', '王村'];
const COMPOUND_HEADS = [
  '锦华', '阳光', '和园', '汾滨', '绛都', '书香', '龙城', '金地', '华府', '御景', '滨河', '翠苑', '康乐', '幸福', '紫荆',
  '文景', '丽景', '润园', '鑫源', '怡和', '南苑', '北苑', '世纪', '万象', '嘉园', '桂园', '兰亭', '安居', '新城', '绛韵',
];
const COMPOUND_TAILS = ['小区', '花园', '家园', '苑', '华庭', '新村', '公寓', '佳苑'];
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const STYLES: readonly (readonly [BuildingStyle, number])[] = [
  ['walkup', 35],
  ['midrise', 40],
  ['highrise', 25],
];
/** Rooms per building at the middle of each style's ranges (catalog BUILDING_STYLES), a little under. */
const ROOMS_PER_BUILDING: Record<BuildingStyle, number> = { walkup: 36, midrise: 40, highrise: 62 };

/**
 * The county as a tree spec for seedDemo, deterministic for a seed. 龙湖社区 and 府前社区 are the
 * demo's, with the demo's accounts, so a community secretary (`shuji`) and a grid worker (`wg01`)
 * sign in to the same community in both databases. Usernames elsewhere follow the tree:
 * `xianshuji` the county, `zs02`… the townships, `sq003`… the communities and villages in tree
 * order, `wg00301`… their grids (community number, then grid number).
 */
export function countyTree(shape: CountyShape = COUNTY_SHAPE, seed = DEFAULT_DEMO_SEED): TreeSpec {
  if (shape.townships < 1 || shape.communities < 2 || shape.villages < 0) throw new Error('countyTree: at least one township and two communities (龙湖社区, 府前社区)');
  const rng = new Random(seed).fork(30);
  const nameRng = rng.fork(1);
  let nextPhone = 2000;
  const staff = (username: string): StaffSpec & { displayName: string } => {
    const gender = nameRng.chance(0.55) ? 'F' : 'M';
    const name = personName(nameRng, gender, nameRng.int(1968, 1996));
    if (nextPhone > 9999) throw new Error('countyTree: out of staff phone numbers');
    return { username, name, displayName: name, phone: `${STAFF_PHONE_PREFIX}${nextPhone++}` };
  };

  const plans = TOWNSHIPS.slice(0, Math.min(shape.townships, TOWNSHIPS.length));
  for (let i = plans.length; i < shape.townships; i++) plans.push({ name: `第${i + 1}乡`, urban: false, villages: 1 });
  const urbanPlans = plans.filter((p) => p.urban);
  const villagePlans = plans.some((p) => p.villages > 0) ? plans.filter((p) => p.villages > 0) : [plans[0] as TownshipPlan];

  // ---- how many households where ----
  const rest = Math.max(0, shape.households - LONGHU.households - FUQIAN.households);
  const otherCommunities = shape.communities - 2;
  const villageTotal = shape.villages === 0 ? 0 : otherCommunities === 0 ? rest : Math.round(rest * VILLAGE_SHARE);
  const communitySizes = spread(rng, otherCommunities, rest - villageTotal, 0.5, 1.6);
  const villageSizes = spread(rng, shape.villages, villageTotal, 0.4, 1.8);

  // ---- names ----
  const usedGridNames = new Set([...LONGHU.grids, ...FUQIAN.grids].map((g) => g.name));
  const compoundNames = rng.shuffle(COMPOUND_HEADS.flatMap((h) => COMPOUND_TAILS.map((t) => h + t))).filter((n) => !usedGridNames.has(n));
  let nextCompound = 0;
  const compoundName = () => compoundNames[nextCompound++] ?? `第${nextCompound}小区`;
  const seedVillages = new Set(plans.flatMap((p) => p.seedVillages ?? []));
  const villageNames = rng.shuffle(VILLAGE_HEADS.flatMap((h) => VILLAGE_TAILS.map((t) => h + t))).filter((n) => !seedVillages.has(n));
  let nextVillage = 0;

  // ---- which township holds what ----
  const communitiesOf = plans.map((): CommunitySpec[] => []);
  let number = 2;
  // The 街道 first: 龙兴镇 already has 龙湖社区 and 府前社区.
  const urbanOrder = [...urbanPlans.slice(1), ...urbanPlans.slice(0, 1)];
  const urbanIndex = (i: number) => plans.indexOf(urbanOrder.length > 0 ? (urbanOrder[i % urbanOrder.length] as TownshipPlan) : (plans[0] as TownshipPlan));
  communitiesOf[0]?.push(LONGHU, FUQIAN);
  communitySizes.forEach((households, i) => {
    const name = COMMUNITY_NAMES[i] ?? `第${i + 1}社区`;
    const code = String(++number).padStart(3, '0');
    const gridCount = Math.max(2, Math.round(households / URBAN_HOUSEHOLDS_PER_GRID));
    // Every third community still has a piece of old village inside it (城中村), like 龙湖村东片.
    const ruralHouseholds = i % 3 === 2 && households > 600 ? Math.round(households * 0.06) : 0;
    const grids: GridSpec[] = [];
    const built = households - ruralHouseholds;
    const buildingGrids = ruralHouseholds > 0 ? gridCount - 1 : gridCount;
    for (let g = 0; g < Math.max(1, buildingGrids); g++) {
      const style = rng.weighted(STYLES);
      const perGrid = built / Math.max(1, buildingGrids);
      const name = compoundName();
      grids.push({ name, partyOrgName: `${name}党支部`, style, buildings: Math.max(2, Math.ceil(perGrid / (ROOMS_PER_BUILDING[style] * 0.78))) });
    }
    if (ruralHouseholds > 0) {
      const ruralName = `${name.replace(/社区$/, '')}村片区`;
      grids.push({ name: ruralName, partyOrgName: `${ruralName}党支部`, rural: true, households: ruralHouseholds, lastHouseNumber: Math.ceil(ruralHouseholds * 1.12) + 3 });
    }
    communitiesOf[urbanIndex(i)]?.push(community(name, `${name}党总支`, code, households, grids));
  });

  // Villages go to the towns by their shares, the seeds' villages to their own towns.
  const weights = villagePlans.map((p) => p.villages);
  const villageCounts = apportion(weights, shape.villages);
  let v = 0;
  villagePlans.forEach((plan, pi) => {
    const own = [...(plan.seedVillages ?? [])];
    for (let k = 0; k < (villageCounts[pi] ?? 0); k++) {
      const households = villageSizes[v++] as number;
      const name = own.shift() ?? villageNames[nextVillage++] ?? `第${nextVillage}村`;
      const code = String(++number).padStart(3, '0');
      const gridCount = Math.max(1, Math.round(households / VILLAGE_HOUSEHOLDS_PER_GRID));
      const sizes = apportion(Array.from({ length: gridCount }, () => 1), households);
      const grids: GridSpec[] = sizes.map((h, g) => {
        const gridName = gridCount === 1 ? `${name}网格` : `${name}第${NUMERALS[g] ?? g + 1}网格`;
        return { name: gridName, partyOrgName: `${gridName}党小组`, rural: true, households: h, lastHouseNumber: Math.ceil(h * 1.12) + 3 };
      });
      communitiesOf[plans.indexOf(plan)]?.push(community(name, `${name}党支部`, code, households, grids));
    }
  });

  function community(name: string, partyOrgName: string, code: string, households: number, grids: GridSpec[]): CommunitySpec {
    return {
      key: `c${code}`,
      name,
      partyOrgName,
      households,
      inServicePartyMembers: Math.round(households * IN_SERVICE_PER_HOUSEHOLD),
      floatingPartyMembers: Math.round(households * FLOATING_PER_HOUSEHOLD),
      grids,
      secretary: staff(`sq${code}`),
      gridWorkers: grids.map((_, g) => ({ ...staff(`wg${code}${String(g + 1).padStart(2, '0')}`), grids: [g] })),
    };
  }

  const countySecretary = staff('xianshuji');
  const townships: TownshipSpec[] = plans.map((p, i) => ({
    name: p.name,
    partyOrgName: i === 0 ? TOWNSHIP.partyOrgName : `中共新绛县${p.name}委员会`,
    secretary: i === 0 ? TOWNSHIP_SECRETARY : staff(`zs${String(i + 1).padStart(2, '0')}`),
    communities: communitiesOf[i] ?? [],
  }));
  return { county: COUNTY, admin: ADMIN, countySecretary, townships };
}

/** `n` sizes summing to `total`, each drawn between lo and hi times the mean (largest remainder). */
function spread(rng: Random, n: number, total: number, lo: number, hi: number): number[] {
  if (n === 0) return [];
  return apportion(
    Array.from({ length: n }, () => lo + rng.next() * (hi - lo)),
    total,
  );
}

/** Splits `total` in proportion to `weights`, exactly (largest remainder, ties to the earlier). */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const desired = weights.map((w) => (w * total) / sum);
  const out = desired.map(Math.floor);
  let missing = total - out.reduce((a, b) => a + b, 0);
  const order = desired.map((d, i) => ({ i, r: d - Math.floor(d) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    missing--;
  }
  return out;
}

export interface CountyOptions {
  seed?: number;
  shape?: CountyShape;
  /** About how many requests over `days`: a million over three years by default. */
  requests?: number;
  days?: number;
  /** The last day of requests (and visits); now by default, as `npm run demo`. */
  now: Date;
  /** Writes a line of progress (the build takes minutes). */
  log?: (line: string) => void;
}

export interface CountySummary {
  tree: TreeSpec;
  community: DemoSummary;
  intakePoints: number;
  cases: DemoCasesSummary;
  visits: DemoVisitsSummary;
  /** Milliseconds per stage. */
  timings: { tree: number; cases: number; visits: number };
}

/**
 * Seeds the county into an empty, migrated database: the tree, households and accounts
 * (seedDemo), the QR codes, the requests (seedDemoCases in bulk mode: the same model as the
 * demo's year, over three years) and a year of visits.
 */
export function seedCounty(db: DB, opts: CountyOptions): CountySummary {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const log = opts.log ?? (() => {});
  const tree = countyTree(opts.shape ?? COUNTY_SHAPE, seed);
  let t = performance.now();
  const community = seedDemo(db, { seed, tree });
  const intakePoints = createDemoIntakePointsSync(db, new Random(seed).fork(10));
  const timings = { tree: performance.now() - t, cases: 0, visits: 0 };
  log(`tree, households and accounts in ${Math.round(timings.tree)} ms`);

  t = performance.now();
  const cases = seedDemoCases(db, {
    seed,
    now: opts.now,
    tree,
    count: opts.requests ?? COUNTY_REQUESTS,
    days: opts.days ?? COUNTY_DAYS,
    bulk: true,
    onBatch: (p) => {
      if (p.until === Infinity) log(`requests: ${p.cases} cases, ${p.events} events written; building indexes`);
      else if (new Date(p.until + 8 * 3_600_000).getUTCMonth() % 3 === 0) log(`requests up to ${new Date(p.until + 8 * 3_600_000).toISOString().slice(0, 7)}: ${p.cases} cases, ${p.events} events`);
    },
  });
  timings.cases = performance.now() - t;
  log(`requests and their indexes in ${Math.round(timings.cases)} ms`);

  t = performance.now();
  const visits = seedDemoVisits(db, { seed, now: opts.now, bulk: true });
  timings.visits = performance.now() - t;
  log(`${visits.visits} visits in ${Math.round(timings.visits)} ms`);
  return { tree, community, intakePoints, cases, visits, timings };
}
