// The fixed, hand-written parts of the demo: the organisation tree, units, categories and staff.
import type { PLEDGE_GROUPS, Urgency } from '../schema';

export const COUNTY = { name: '新绛县', partyOrgName: '中共新绛县委员会' } as const;
export const TOWNSHIP = { name: '龙兴镇', partyOrgName: '中共新绛县龙兴镇委员会' } as const;

/**
 * Unit and floor ranges per kind of compound: 1990s walk-ups in the old town, 2000s mid-rises,
 * recent high-rises. Two rooms per floor per unit everywhere (301, 302).
 */
export type BuildingStyle = 'walkup' | 'midrise' | 'highrise';
export const BUILDING_STYLES: Record<BuildingStyle, { units: readonly [number, number]; floors: readonly [number, number] }> = {
  walkup: { units: [2, 4], floors: [6, 7] },
  midrise: { units: [2, 3], floors: [7, 11] },
  highrise: { units: [2, 3], floors: [11, 18] },
};
export const ROOMS_PER_FLOOR = 2;
export const MAX_FLOORS = 18;

export interface StaffSpec {
  username: string;
  name: string;
  phone: string;
}

interface GridBase {
  name: string;
  partyOrgName: string;
}
export interface BuildingGridSpec extends GridBase {
  rural?: false;
  style: BuildingStyle;
  buildings: number;
}
/** A village piece inside the community: houses with numbers, no buildings. */
export interface RuralGridSpec extends GridBase {
  rural: true;
  households: number;
  /** House numbers run 1..lastHouseNumber with gaps, as village numbering does. */
  lastHouseNumber: number;
}
export type GridSpec = BuildingGridSpec | RuralGridSpec;

export interface CommunitySpec {
  /** Stable handle; 'longhu' marks the community of seed 002 (its co-building units, the demo's party-member accounts). */
  key: string;
  name: string;
  partyOrgName: string;
  /** Exact number of households the generator must produce. */
  households: number;
  inServicePartyMembers: number;
  floatingPartyMembers: number;
  grids: readonly GridSpec[];
  secretary: StaffSpec & { displayName: string };
  /** One worker per entry, scoped to the listed grids (by index into `grids`). */
  gridWorkers: readonly (StaffSpec & { grids: readonly number[] })[];
}

export interface TownshipSpec {
  name: string;
  partyOrgName: string;
  secretary: (StaffSpec & { displayName: string }) | null;
  communities: readonly CommunitySpec[];
}

/**
 * The whole tree a demo database holds: the county, its townships and their communities and
 * villages (a village is a community whose grids are all rural). The one-community demo is
 * DEMO_TREE; the county-sized one is built by db/demo/county.ts.
 */
export interface TreeSpec {
  county: { name: string; partyOrgName: string };
  admin: { username: string; displayName: string; phone: string };
  /** A secretary acting for the whole county (县委书记's desk); the one-community demo has none. */
  countySecretary: (StaffSpec & { displayName: string }) | null;
  townships: readonly TownshipSpec[];
}

/**
 * 龙湖社区 is the community of seed 002: 4,321 households, 501 in-service party members, 10
 * co-building units. 龙盛华庭 (the compound with the 52 charging piles) is the first grid.
 */
export const LONGHU: CommunitySpec = {
  key: 'longhu',
  name: '龙湖社区',
  partyOrgName: '龙湖社区党总支',
  households: 4321,
  inServicePartyMembers: 501,
  floatingPartyMembers: 20,
  grids: [
    { name: '龙盛华庭', partyOrgName: '龙盛华庭小区党支部', style: 'highrise', buildings: 8 },
    { name: '龙湖花园', partyOrgName: '龙湖花园小区党支部', style: 'midrise', buildings: 10 },
    { name: '绛州府邸', partyOrgName: '绛州府邸小区党支部', style: 'highrise', buildings: 7 },
    { name: '汾河湾', partyOrgName: '汾河湾小区党支部', style: 'midrise', buildings: 9 },
    { name: '鼓楼小区', partyOrgName: '鼓楼小区党支部', style: 'walkup', buildings: 13 },
    { name: '福胜苑', partyOrgName: '福胜苑小区党支部', style: 'walkup', buildings: 10 },
    { name: '天福家园', partyOrgName: '天福家园小区党支部', style: 'midrise', buildings: 9 },
    { name: '碧水云天', partyOrgName: '碧水云天小区党支部', style: 'highrise', buildings: 6 },
    { name: '学府名苑', partyOrgName: '学府名苑小区党支部', style: 'midrise', buildings: 9 },
    { name: '龙兴新村', partyOrgName: '龙兴新村党支部', style: 'walkup', buildings: 14 },
    { name: '锦绣苑', partyOrgName: '锦绣苑小区党支部', style: 'midrise', buildings: 8 },
    { name: '龙湖村东片', partyOrgName: '龙湖村东片党支部', rural: true, households: 150, lastHouseNumber: 168 },
  ],
  secretary: { username: 'shuji', name: '李秀梅', displayName: '李秀梅', phone: '13900000001' },
  gridWorkers: [
    { username: 'wg01', name: '张丽娟', phone: '13900000101', grids: [0] },
    { username: 'wg02', name: '王海燕', phone: '13900000102', grids: [1] },
    { username: 'wg03', name: '刘晓东', phone: '13900000103', grids: [2] },
    { username: 'wg04', name: '赵婷婷', phone: '13900000104', grids: [3] },
    { username: 'wg05', name: '杨志刚', phone: '13900000105', grids: [4] },
    { username: 'wg06', name: '郭丽萍', phone: '13900000106', grids: [5] },
    { username: 'wg07', name: '贾晓燕', phone: '13900000107', grids: [6] },
    { username: 'wg08', name: '薛鹏飞', phone: '13900000108', grids: [7] },
    { username: 'wg09', name: '李佳慧', phone: '13900000109', grids: [8] },
    { username: 'wg10', name: '卫建芳', phone: '13900000110', grids: [9] },
    { username: 'wg11', name: '陈俊峰', phone: '13900000111', grids: [10] },
    { username: 'wg12', name: '柴永刚', phone: '13900000112', grids: [11] },
  ],
};

/**
 * A small second community in the same township, so that scope rules (a secretary sees only
 * their own community, a township secretary sees both) have something to bite on.
 */
export const FUQIAN: CommunitySpec = {
  key: 'fuqian',
  name: '府前社区',
  partyOrgName: '府前社区党支部',
  households: 100,
  inServicePartyMembers: 14,
  floatingPartyMembers: 2,
  grids: [
    { name: '府前花园', partyOrgName: '府前花园小区党支部', style: 'walkup', buildings: 3 },
    { name: '文庙巷小区', partyOrgName: '文庙巷小区党支部', style: 'walkup', buildings: 2 },
  ],
  secretary: { username: 'fqshuji', name: '赵丽华', displayName: '赵丽华', phone: '13900000003' },
  // One worker for both grids of a small community: the multi-grid scope case.
  gridWorkers: [{ username: 'wg21', name: '裴文静', phone: '13900000121', grids: [0, 1] }],
};

export const COMMUNITIES: readonly CommunitySpec[] = [LONGHU, FUQIAN];

export const ADMIN = { username: 'admin', displayName: '张建华', phone: '13900000000' } as const;
export const TOWNSHIP_SECRETARY: StaffSpec & { displayName: string } = {
  username: 'zhenshuji',
  name: '王建军',
  displayName: '王建军',
  phone: '13900000002',
};

/** The one-community demo: 新绛县 › 龙兴镇 › 龙湖社区 and 府前社区. */
export const DEMO_TREE: TreeSpec = {
  county: COUNTY,
  admin: ADMIN,
  countySecretary: null,
  townships: [{ ...TOWNSHIP, secretary: TOWNSHIP_SECRETARY, communities: COMMUNITIES }],
};

export interface UnitSpec {
  name: string;
  /** How the unit is named in timelines and account names, e.g. "县供电公司". */
  shortName: string;
  partyOrgName: string;
  contactName: string;
  contactPhone: string;
  /** Relative share of the in-service party members who work there. */
  staffWeight: number;
}

/** The 10 包联单位 of 龙湖社区 (契约化共建); their node is the community. */
export const CO_BUILDING_UNITS: readonly UnitSpec[] = [
  { name: '国家税务总局新绛县税务局', shortName: '县税务局', partyOrgName: '国家税务总局新绛县税务局第一党支部', contactName: '郭振华', contactPhone: '13500003101', staffWeight: 14 },
  { name: '国网新绛县供电公司', shortName: '县供电公司', partyOrgName: '国网新绛县供电公司城区供电所党支部', contactName: '刘海涛', contactPhone: '13800003102', staffWeight: 14 },
  { name: '新绛县人民医院', shortName: '县人民医院', partyOrgName: '新绛县人民医院第二党支部', contactName: '王丽萍', contactPhone: '15900003103', staffWeight: 18 },
  { name: '新绛县实验中学', shortName: '县实验中学', partyOrgName: '新绛县实验中学党支部', contactName: '杨建伟', contactPhone: '13700003104', staffWeight: 12 },
  { name: '中国移动新绛分公司', shortName: '移动新绛分公司', partyOrgName: '中国移动新绛分公司党支部', contactName: '赵晓东', contactPhone: '18300003105', staffWeight: 6 },
  { name: '新绛县农商银行龙兴支行', shortName: '农商银行龙兴支行', partyOrgName: '新绛县农商银行龙兴支行党支部', contactName: '贾慧芳', contactPhone: '15300003106', staffWeight: 6 },
  { name: '新绛县融媒体中心', shortName: '县融媒体中心', partyOrgName: '新绛县融媒体中心党支部', contactName: '薛俊峰', contactPhone: '17800003107', staffWeight: 6 },
  { name: '新绛县消防救援大队', shortName: '县消防救援大队', partyOrgName: '新绛县消防救援大队党支部', contactName: '卫国栋', contactPhone: '18900003108', staffWeight: 7 },
  { name: '新绛县图书馆', shortName: '县图书馆', partyOrgName: '新绛县图书馆党支部', contactName: '段晓燕', contactPhone: '13300003109', staffWeight: 4 },
  { name: '新绛县市场监督管理局', shortName: '县市场监管局', partyOrgName: '新绛县市场监督管理局机关党支部', contactName: '孙志强', contactPhone: '15800003110', staffWeight: 10 },
];

/** 职能部门 that escalated cases are whistled up to (吹哨报到); their node is the county. */
export const DEPARTMENTS: readonly UnitSpec[] = [
  { name: '新绛县住房和城乡建设局', shortName: '县住建局', partyOrgName: '新绛县住房和城乡建设局机关党支部', contactName: '李建平', contactPhone: '13500003201', staffWeight: 0 },
  { name: '新绛县城市管理局', shortName: '县城管局', partyOrgName: '新绛县城市管理局机关党支部', contactName: '张国平', contactPhone: '13800003202', staffWeight: 0 },
  { name: '新绛县公安局龙兴派出所', shortName: '龙兴派出所', partyOrgName: '新绛县公安局龙兴派出所党支部', contactName: '王卫兵', contactPhone: '15900003203', staffWeight: 0 },
  { name: '新绛县民政局', shortName: '县民政局', partyOrgName: '新绛县民政局机关党支部', contactName: '吴丽华', contactPhone: '13700003204', staffWeight: 0 },
  { name: '新绛县供水公司', shortName: '县供水公司', partyOrgName: '新绛县供水公司党支部', contactName: '高云峰', contactPhone: '18300003205', staffWeight: 0 },
];

/** Unit liaison accounts: which unit each answers for. */
export const UNIT_LIAISONS: readonly { username: string; unitName: string }[] = [
  { username: 'dw01', unitName: '国网新绛县供电公司' },
  { username: 'dw02', unitName: '新绛县人民医院' },
  { username: 'bm01', unitName: '新绛县住房和城乡建设局' },
];

/**
 * Where in-service party members who are not with a co-building unit work. None of these
 * is a co-building unit, so a workplace text never pretends to a link that unitId lacks.
 */
export const OTHER_WORKPLACES: readonly string[] = [
  '龙兴镇人民政府', '新绛县教育局', '新绛县财政局', '新绛县人民法院', '新绛县人民检察院', '新绛县自然资源局',
  '新绛县中医医院', '新绛县第二中学', '新绛县第一实验小学', '龙兴镇中心校', '新绛县妇幼保健院', '新绛县交通运输局',
  '新绛县农业农村局', '新绛县人力资源和社会保障局', '新绛县文化和旅游局', '中国邮政新绛县分公司', '中国石化新绛分公司',
  '新绛县水利局', '新绛县统计局', '新绛县退役军人事务局', '新绛县疾病预防控制中心', '运城市生态环境局新绛分局',
  '个体经营', '新绛县绛州澄泥砚有限公司', '新绛县云雕工艺品厂', '新绛县光村玫瑰种植合作社',
];

/** What 流动党员 here do: mostly the 新就业群体 that the county's 暖"新"驿站 serve. */
export const FLOATING_WORKPLACES: readonly string[] = [
  '外卖骑手（组织关系在太原市）', '快递员（组织关系在运城市盐湖区）', '网约车司机（组织关系在临汾市）',
  '在外务工（西安市）', '在外务工（太原市）', '个体经营（组织关系在稷山县）', '货车司机（组织关系在侯马市）',
];

export interface TimeLimitSpec {
  acceptHours: number;
  resolveHours: number;
}

export interface CategorySpec {
  code: string;
  name: string;
  group: (typeof PLEDGE_GROUPS)[number];
  description: string;
  limits: Record<Urgency, TimeLimitSpec>;
}

const DEFAULT_LIMITS: Record<Urgency, TimeLimitSpec> = {
  normal: { acceptHours: 24, resolveHours: 120 },
  urgent: { acceptHours: 2, resolveHours: 24 },
};

function limits(overrides: Partial<Record<Urgency, Partial<TimeLimitSpec>>> = {}): Record<Urgency, TimeLimitSpec> {
  return {
    normal: { ...DEFAULT_LIMITS.normal, ...overrides.normal },
    urgent: { ...DEFAULT_LIMITS.urgent, ...overrides.urgent },
  };
}

/** The kinds of request the seeds describe, with 限时办理 limits per urgency. */
export const CATEGORIES: readonly CategorySpec[] = [
  { code: 'charging', name: '飞线充电/充电桩', group: '社会管理类', description: '电动车飞线充电隐患、充电桩安装与维修', limits: limits({ urgent: { resolveHours: 12 }, normal: { resolveHours: 168 } }) },
  { code: 'parking', name: '停车管理', group: '社会管理类', description: '乱停乱放、夜间停车位、占用消防通道', limits: limits() },
  { code: 'street_light', name: '路灯照明', group: '民生服务类', description: '路灯、楼道灯不亮或损坏', limits: limits({ normal: { resolveHours: 72 } }) },
  { code: 'drainage', name: '下水/排水', group: '民生服务类', description: '下水道堵塞、污水外溢、雨后积水、巷道未硬化', limits: limits({ urgent: { resolveHours: 12 } }) },
  { code: 'access_gate', name: '门禁', group: '社会管理类', description: '单元门禁、小区道闸损坏或需更换', limits: limits({ normal: { resolveHours: 72 } }) },
  { code: 'lift', name: '电梯维修', group: '民生服务类', description: '电梯故障、困人、年检与维保', limits: limits({ urgent: { acceptHours: 1, resolveHours: 12 }, normal: { resolveHours: 72 } }) },
  { code: 'greening', name: '绿化环境', group: '民生服务类', description: '绿地养护、树木修剪、毁绿种菜', limits: limits({ normal: { acceptHours: 48, resolveHours: 240 }, urgent: { acceptHours: 4, resolveHours: 48 } }) },
  { code: 'sanitation', name: '环境卫生', group: '民生服务类', description: '垃圾清运、楼道堆物、卫生死角', limits: limits({ normal: { resolveHours: 72 } }) },
  { code: 'elderly_care', name: '独居老人关爱/送餐', group: '民生服务类', description: '独居、高龄老人探访、助餐送餐、代购代办', limits: limits({ normal: { acceptHours: 12, resolveHours: 72 }, urgent: { acceptHours: 1, resolveHours: 12 } }) },
  { code: 'dispute', name: '矛盾纠纷', group: '社会管理类', description: '邻里、家庭、物业纠纷调解（小事不出村、大事不出镇）', limits: limits({ normal: { resolveHours: 240 }, urgent: { resolveHours: 48 } }) },
  { code: 'safety', name: '安全隐患', group: '社会管理类', description: '消防通道、燃气、电线老化、危房等隐患', limits: limits({ normal: { acceptHours: 12, resolveHours: 72 }, urgent: { acceptHours: 1, resolveHours: 12 } }) },
  { code: 'policy', name: '政策咨询/同城通办代办', group: '改革创新类', description: '社保、医保、养老、证照等政策咨询与代办', limits: limits({ urgent: { acceptHours: 4, resolveHours: 48 } }) },
  { code: 'employment', name: '就业创业', group: '经济发展类', description: '就业岗位、技能培训、创业帮扶、农产品销售', limits: limits({ normal: { acceptHours: 48, resolveHours: 240 }, urgent: { acceptHours: 8, resolveHours: 72 } }) },
  { code: 'micro_wish', name: '微心愿', group: '基层党建类', description: '困难群众、独居老人、留守儿童的“微光心愿”，由党员认领点亮', limits: limits({ normal: { acceptHours: 48, resolveHours: 240 }, urgent: { acceptHours: 4, resolveHours: 72 } }) },
  { code: 'other', name: '其他', group: '民生服务类', description: '其他诉求', limits: limits() },
];

/**
 * 办理回复模板 of the demo county: phrases for every category and a few for one category (its code), as a county
 * keeps them; the administrator and secretaries add their own on /desk/templates.
 */
export const REPLY_TEMPLATES: readonly { category: string | null; purpose: 'progress' | 'resolve' | 'return'; text: string }[] = [
  { category: null, purpose: 'progress', text: '已联系物业，预计三日内修复。' },
  { category: null, purpose: 'progress', text: '已上门查看情况，正在协调相关单位处理。' },
  { category: null, purpose: 'progress', text: '已与居民电话沟通，约定上门时间。' },
  { category: null, purpose: 'resolve', text: '已现场处理完毕，并向居民说明了处理结果。' },
  { category: null, purpose: 'resolve', text: '已协调共建单位上门服务，问题已解决。' },
  { category: null, purpose: 'return', text: '不属于本单位职责范围，请重新派单。' },
  { category: null, purpose: 'return', text: '地址信息不全，无法核实，请补充后重新派单。' },
  { category: 'street_light', purpose: 'resolve', text: '已联系物业更换灯泡，楼道照明已恢复。' },
  { category: 'drainage', purpose: 'resolve', text: '已疏通下水管道，积水已排除。' },
  { category: 'sanitation', purpose: 'resolve', text: '已清理楼道堆物，并联系环卫及时清运。' },
  { category: 'lift', purpose: 'progress', text: '已通知电梯维保单位，预计24小时内到场检修。' },
  { category: 'lift', purpose: 'resolve', text: '维保单位已完成检修，电梯恢复正常运行。' },
  { category: 'parking', purpose: 'resolve', text: '已联系物业加强夜间巡查，劝离占用消防通道的车辆。' },
  { category: 'charging', purpose: 'resolve', text: '已拆除飞线充电线路，并告知居民到集中充电桩充电。' },
];
