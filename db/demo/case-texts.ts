// What demo requests say: per category, the problems residents raise, how they were dealt with, and the notes along the way.
import type { Random } from './random';

/** Where a request is, in words a resident would use. */
export interface Spot {
  grid: string;
  /** "3号楼"; null in the rural grid. */
  building: string | null;
  unit: string | null;
  room: string | null;
  floor: number;
  /** The lane of a house in the rural grid ("东二巷"). */
  lane: string | null;
  /** How neighbours call the household's elder: "王奶奶". */
  elder: string;
  /** Which side of the building a public problem is on ("东侧"). */
  side: string;
}

export type Text = string | ((s: Spot, r: Random) => string);

export function say(text: Text, spot: Spot, rng: Random): string {
  return typeof text === 'string' ? text : text(spot, rng);
}

/**
 * How a request is routed after it is accepted. `up:` is 吹哨 to the community, after which the
 * secretary whistles up a department, hands it to a co-building unit, or sends it back to the
 * grid worker with what was agreed.
 */
export type Route = 'self' | 'board' | `unit:${CoBuildingKey}` | `up:${CoBuildingKey | DepartmentKey | 'worker'}`;

export const CO_BUILDING_KEYS = {
  power: '国网新绛县供电公司',
  hospital: '新绛县人民医院',
  fire: '新绛县消防救援大队',
  market: '新绛县市场监督管理局',
  mobile: '中国移动新绛分公司',
  tax: '国家税务总局新绛县税务局',
  bank: '新绛县农商银行龙兴支行',
  school: '新绛县实验中学',
  library: '新绛县图书馆',
} as const;
export const DEPARTMENT_KEYS = {
  housing: '新绛县住房和城乡建设局',
  urban: '新绛县城市管理局',
  police: '新绛县公安局龙兴派出所',
  civil: '新绛县民政局',
  water: '新绛县供水公司',
} as const;
export type CoBuildingKey = keyof typeof CO_BUILDING_KEYS;
export type DepartmentKey = keyof typeof DEPARTMENT_KEYS;

export interface Issue {
  text: Text;
  /** What was done, said when resolving; one is picked. */
  done: readonly Text[];
  /** Chance that staff logging it mark it urgent. */
  urgent?: number;
  /** A problem of a place rather than of one home: the request carries a place note. */
  place?: Text;
  /** Households that raise it; anyone when unset. */
  who?: 'elderly' | 'child';
  /** Compounds with buildings, the rural grid, or buildings with lifts. */
  where?: 'building' | 'rural' | 'lift';
  weight?: number;
  /** 飞线充电 before the compound had its charging piles, pile faults after. */
  era?: 'before_piles' | 'after_piles';
  /** Months (1–12) in which it comes up at all. */
  months?: readonly number[];
  routes?: readonly (readonly [Route, number])[];
}

export interface CategoryTexts {
  issues: readonly Issue[];
  routes: readonly (readonly [Route, number])[];
  progress: readonly string[];
  /** Why the grid worker whistles it up to the community. */
  escalate: readonly string[];
}

const bu = (s: Spot) => (s.building ? `${s.building}${s.unit ?? ''}` : (s.lane ?? s.grid));
const b = (s: Spot) => s.building ?? s.lane ?? s.grid;
export const SIDES = ['东侧', '西侧', '南边', '北边', '门口', '后面'] as const;

export const CATEGORY_TEXTS: Record<string, CategoryTexts> = {
  charging: {
    issues: [
      {
        era: 'before_piles',
        weight: 3,
        urgent: 0.15,
        text: (s) => `${bu(s)}有住户从${Math.max(2, s.floor)}楼窗户往下拉电线给电动车充电，电线垂在单元门口，晚上看不清，担心起火。`,
        place: (s) => `${bu(s)}门口`,
        done: ['已上门劝导住户停止飞线充电，现场拆除私拉电线，并讲解电动车安全充电知识。', '联合物业拆除飞线，住户签订了安全充电承诺书。'],
      },
      {
        era: 'before_piles',
        weight: 2,
        text: (s) => `${b(s)}${s.side}车棚有人私拉插排给电动车充电，插排放在地上，下雨容易进水。`,
        place: (s) => `${b(s)}${s.side}车棚`,
        done: ['已拆除车棚内私拉插排，张贴安全充电提示。', '已协调物业在车棚加装防水插座并设专人巡查。'],
      },
      {
        era: 'before_piles',
        text: (s) => `${bu(s)}楼道里停着电动车，有人把电瓶拎回家充电，堵住了楼梯，邻居们很担心。`,
        done: ['已劝导车主将电动车移出楼道，讲解电瓶入户充电的危险。', '组织党员志愿者清理楼道，发放安全充电倡议书。'],
      },
      {
        era: 'before_piles',
        text: '小区电动车多，没有充电的地方，希望在小区里安装集中充电桩。',
        place: '小区内',
        done: ['已将充电桩建设需求报社区，纳入共建项目清单，已选址公示。', '已协调供电公司现场勘查选址，充电桩建设方案已征求居民意见。'],
        routes: [
          ['up:power', 2],
          ['unit:power', 1],
        ],
      },
      {
        era: 'after_piles',
        weight: 2,
        text: (s, r) => `${b(s)}${s.side}的充电桩有${r.int(2, 5)}个扫码后不通电，电动车充不上。`,
        place: (s) => `${b(s)}附近充电桩`,
        done: ['已联系县供电公司更换故障充电模块，现已恢复正常使用。', '运营方已上门维修，故障充电桩全部恢复。'],
        routes: [
          ['unit:power', 3],
          ['self', 1],
        ],
      },
      {
        era: 'after_piles',
        text: '充电桩扫码显示的电价和公示的不一样，感觉多收了钱，请帮忙核实。',
        done: ['已与充电桩运营方核实，多收费用已退回，收费标准已在桩体张贴公示。'],
      },
      {
        era: 'after_piles',
        text: (s) => `希望在${b(s)}附近再增加几组充电桩，晚上高峰时要排队。`,
        place: (s) => `${b(s)}附近`,
        done: ['已将增设需求报社区，供电公司已勘查，新增充电桩4组已投入使用。', '已协调在现有充电区增设6个充电口。'],
        routes: [
          ['unit:power', 2],
          ['up:power', 1],
        ],
      },
      {
        text: (s) => `夜里看到${bu(s)}有人把电动车推进电梯带回家充电，存在很大安全隐患。`,
        where: 'lift',
        done: ['已在电梯内加装电动车阻车识别装置，并对住户进行劝导。', '已上门劝导，住户承诺到集中充电点充电。'],
      },
    ],
    routes: [
      ['self', 50],
      ['unit:power', 30],
      ['unit:fire', 14],
      ['up:fire', 4],
    ],
    progress: ['已现场查看，拍照取证。', '已联系物业一同上门劝导。', '已电话联系住户，约定上门时间。', '供电公司人员已到现场勘查。'],
    escalate: ['住户拒不整改，需要社区协调联合执法。', '涉及线路改造，网格层面无法解决，申请吹哨。'],
  },

  parking: {
    issues: [
      {
        weight: 2,
        text: (s) => `${b(s)}${s.side}长期停着一辆无牌面包车，占了两个车位，几个月没人动过。`,
        place: (s) => `${b(s)}${s.side}`,
        done: ['已联系车主将车辆挪走。', '已张贴挪车通知，逾期未挪由城管部门依法拖移。'],
        routes: [
          ['self', 3],
          ['up:urban', 1],
        ],
      },
      {
        weight: 2,
        urgent: 0.2,
        text: (s) => `有车辆堵在${bu(s)}门口的消防通道上，救护车、消防车进不来，请尽快处理。`,
        place: (s) => `${b(s)}消防通道`,
        done: ['已联系车主挪车，消防通道已恢复畅通，并施划了禁停标线。', '已劝离占道车辆，在消防通道两端设置了隔离桩。'],
      },
      {
        where: 'building',
        text: '晚上下班回来小区里没有车位，车只能停在路边，希望协调夜间停车位。',
        done: ['已协调附近机关单位在夜间开放停车场，居民可凭停车证夜间停放。', '已在小区内重新规划停车位，新增车位30个。'],
        routes: [
          ['up:worker', 2],
          ['self', 1],
        ],
      },
      {
        text: '小区门口外卖、快递电动车乱停，出入不方便，希望划定停放区域。',
        place: '小区门口',
        done: ['已在门口施划非机动车停放区，并与驿站沟通规范停放。'],
      },
      {
        where: 'building',
        text: (s) => `${b(s)}旁边的绿地被人改成了停车位，草坪都轧坏了。`,
        place: (s) => `${b(s)}旁绿地`,
        done: ['已设置隔离桩，受损绿地已补种。'],
      },
      {
        where: 'rural',
        text: (s) => `${s.lane ?? '巷道'}口有人随意停车，车辆进出两难，经常剐蹭。`,
        place: (s) => `${s.lane ?? ''}巷口`,
        done: ['已召集巷内村民议事，划定停车位并安装双向门禁杆，车辆有序停放。', '已劝导车主将车辆停放到村委会门口停车场。'],
      },
      {
        text: '停车位被邻居长期占用，自家车没地方停，沟通多次不听。',
        done: ['已与双方当面沟通，占用方承诺不再占用。'],
      },
    ],
    routes: [
      ['self', 84],
      ['up:urban', 8],
      ['up:worker', 8],
    ],
    progress: ['已现场查看车辆情况。', '已在车辆上张贴挪车提示。', '已电话联系车主，车主答应尽快挪车。', '已与物业商量停车位规划方案。'],
    escalate: ['车主联系不上，需要城管部门依法处置。', '涉及小区整体停车规划，需要社区统筹协调。'],
  },

  street_light: {
    issues: [
      {
        weight: 3,
        where: 'building',
        text: (s) => `${bu(s)}楼道灯坏了一个多星期，晚上上下楼全靠手机照明。`,
        place: (s) => `${bu(s)}楼道`,
        done: ['已更换楼道声控灯。', '已联系物业电工更换灯泡和声控开关，现已恢复照明。'],
        routes: [['self', 1]],
      },
      {
        weight: 2,
        text: (s) => `${b(s)}${s.side}的路灯不亮，晚上小路黑漆漆的，老人孩子出门不安全。`,
        place: (s) => `${b(s)}${s.side}路灯`,
        done: ['供电公司已检修线路并更换灯具，路灯恢复照明。', '已更换路灯灯头，恢复照明。'],
      },
      {
        text: (s) => `小区北门到${b(s)}之间有两盏路灯一直闪，时亮时不亮。`,
        place: '小区北门路段',
        done: ['已更换镇流器，路灯工作正常。'],
      },
      {
        where: 'rural',
        weight: 2,
        text: (s) => `${s.lane ?? '村里'}没有路灯，天黑后村民出行不便，希望安装路灯。`,
        place: (s) => s.lane ?? '村内巷道',
        done: ['已在巷道安装太阳能路灯6盏。', '经议事会商议，已安装路灯并纳入村里日常维护。'],
        routes: [
          ['unit:power', 2],
          ['up:urban', 1],
        ],
      },
      {
        weight: 0.4,
        text: '广场上的路灯杆被车撞歪了，灯罩掉了，存在安全隐患。',
        place: '小区广场',
        urgent: 0.3,
        done: ['已设置警示围挡，城管部门已更换灯杆。'],
        routes: [['up:urban', 1]],
      },
    ],
    routes: [
      ['self', 45],
      ['unit:power', 47],
      ['up:urban', 8],
    ],
    progress: ['已现场查看，确认灯具损坏。', '已报修，等待电工上门。', '配件已采购，预计明天安装。'],
    escalate: ['路灯属市政管理，需要城管部门处理。', '涉及线路改造，需社区协调供电公司。'],
  },

  drainage: {
    issues: [
      {
        weight: 3,
        urgent: 0.3,
        where: 'building',
        text: (s) => `${bu(s)}一楼下水道堵塞，污水从地漏往上返，家里进了水。`,
        done: ['已联系疏通人员疏通主管道，污水已排净。', '已疏通下水主管，并提醒住户不要往下水道倒杂物。'],
      },
      {
        weight: 2,
        months: [5, 6, 7, 8, 9],
        text: (s) => `下雨后${b(s)}门前积水很深，快漫到单元门口了。`,
        place: (s) => `${b(s)}门前`,
        urgent: 0.2,
        done: ['已疏通雨水井并临时抽排积水。', '已对门前路面加铺排水沟，积水问题解决。'],
        routes: [
          ['self', 3],
          ['up:housing', 1],
        ],
      },
      {
        text: (s) => `${b(s)}化粪池满了，污水流到路面，气味很大。`,
        place: (s) => `${b(s)}化粪池`,
        urgent: 0.2,
        done: ['已联系吸污车清掏化粪池，路面已冲洗消毒。'],
        routes: [
          ['self', 2],
          ['up:urban', 1],
        ],
      },
      {
        where: 'building',
        text: (s) => `楼上住户下水管漏水，渗到${s.room ?? ''}卫生间顶上，墙皮都泡起来了。`,
        done: ['已协调楼上住户维修管道，双方就墙面修复达成一致。'],
      },
      {
        where: 'rural',
        weight: 3,
        months: [4, 5, 6, 7, 8, 9, 10],
        text: (s) => `${s.lane ?? '巷道'}还是土路，下雨后泥泞不堪，下水也不顺畅，雨水积得老高，快漫进院子里了。`,
        place: (s) => s.lane ?? '村内巷道',
        done: ['巷道已硬化并铺设排水管网，雨后不再积水。', '已清理排水沟，临时铺设碎石，硬化工程已列入计划。'],
        routes: [
          ['up:housing', 2],
          ['self', 1],
        ],
      },
      {
        weight: 0.4,
        text: '自来水发黄，有时候还停水，也没有提前通知。',
        done: ['供水公司已冲洗管网，水质检测合格；停水将提前在业主群通知。'],
        routes: [['up:water', 1]],
      },
      {
        text: '小区雨水井盖缺了一个，下雨后看不见，容易踩空。',
        urgent: 0.4,
        place: '小区雨水井',
        done: ['已设置警示标志并补装井盖。'],
      },
    ],
    routes: [
      ['self', 72],
      ['up:housing', 12],
      ['up:water', 10],
      ['up:urban', 6],
    ],
    progress: ['已现场查看，确认堵塞位置。', '已联系疏通车，预计今天下午到。', '管道需要开挖，已和住户沟通施工时间。', '已临时抽排积水。'],
    escalate: ['主管道堵塞需要专业疏通车，申请吹哨上报。', '属于市政管网问题，需要职能部门处理。', '巷道硬化需要立项，网格层面解决不了。'],
  },

  access_gate: {
    issues: [
      {
        weight: 3,
        where: 'building',
        text: (s) => `${bu(s)}单元门禁坏了，门一直关不上，陌生人随便进出。`,
        done: ['已更换门禁电磁锁，单元门恢复正常。', '已联系门禁厂家维修，门禁恢复正常。'],
      },
      {
        where: 'building',
        who: 'elderly',
        text: (s) => `${s.elder}的门禁卡刷不开${bu(s)}的门，老人进不了家。`,
        done: ['已为老人重新录入门禁卡。'],
      },
      {
        text: '小区大门道闸杆坏了，外来车辆随意进出。',
        place: '小区大门',
        done: ['已维修道闸电机，恢复车辆识别。'],
      },
      {
        where: 'building',
        text: (s) => `希望给${bu(s)}换成人脸识别门禁，老人经常忘带卡。`,
        done: ['门禁换新已纳入共建项目，已完成人脸识别门禁安装并为住户录入。'],
        routes: [
          ['up:housing', 1],
          ['self', 2],
        ],
      },
      {
        text: '两个小区共用一个门禁，车辆乱停乱放，希望加装双向门禁杆。',
        place: '小区大门',
        done: ['经议事会商议，已在门口加装双向门禁杆并设置隔离桩，引导车辆有序通行。'],
        routes: [
          ['up:worker', 1],
          ['up:housing', 1],
        ],
      },
      {
        where: 'building',
        text: (s) => `${bu(s)}门禁对讲没有声音，快递员进不来，只能下楼取。`,
        done: ['已维修对讲主机。'],
      },
    ],
    routes: [
      ['self', 92],
      ['up:housing', 8],
    ],
    progress: ['已现场查看门禁故障。', '已联系门禁维保单位。', '配件需要从厂家调货。'],
    escalate: ['门禁系统整体老化，需要老旧小区改造资金，申请吹哨。'],
  },

  lift: {
    issues: [
      {
        where: 'lift',
        urgent: 1,
        text: (s) => `${bu(s)}电梯困人，有一位老人被困在${s.floor}层附近，请立即处理！`,
        done: ['电梯维保人员已到场救出被困人员，电梯已检修恢复运行。'],
      },
      {
        where: 'lift',
        weight: 3,
        urgent: 0.1,
        text: (s) => `${bu(s)}电梯运行时有异响，晃动厉害，大家不敢坐。`,
        done: ['维保单位已检修更换导靴，电梯运行平稳。', '已停梯检修，经检测合格后恢复运行。'],
      },
      {
        where: 'lift',
        weight: 2,
        urgent: 0.3,
        text: (s) => `${bu(s)}电梯停运好几天了，${Math.max(s.floor, 8)}楼的老人下不了楼。`,
        done: ['已更换主板，电梯恢复运行。', '已协调维保单位加急维修，电梯恢复运行。'],
      },
      {
        where: 'lift',
        text: '电梯年检合格证过期了，还没有贴新的，请帮忙核实。',
        done: ['经市场监管部门核实，电梯已完成年检，合格证已张贴。'],
        routes: [['unit:market', 1]],
      },
      {
        where: 'lift',
        text: (s) => `${bu(s)}电梯按钮失灵，按了不停。`,
        done: ['已更换按钮面板。'],
      },
    ],
    routes: [
      ['self', 62],
      ['unit:market', 32],
      ['up:housing', 6],
    ],
    progress: ['已通知电梯维保单位。', '维保人员已到场检修。', '需要更换配件，已订货。', '已在电梯口张贴停运告示。'],
    escalate: ['维保单位迟迟不修，需要监管部门督促。', '电梯需要大修，涉及维修资金使用，申请吹哨。'],
  },

  greening: {
    issues: [
      {
        weight: 2,
        months: [3, 4, 5, 6, 7, 8, 9, 10],
        text: (s) => `${b(s)}前面的大树枝叶伸到窗户边，挡光还招蚊虫，希望修剪。`,
        place: (s) => `${b(s)}前`,
        done: ['已组织园林工人修剪树枝。', '已联系物业修剪，清运枝叶。'],
      },
      {
        text: (s) => `${b(s)}旁边绿地被个别住户毁绿种菜，还施农家肥，气味难闻。`,
        place: (s) => `${b(s)}旁绿地`,
        done: ['已劝导住户清除菜地，恢复绿化。'],
      },
      {
        months: [4, 5, 6, 7, 8, 9],
        text: '小区绿化带杂草丛生，很久没人打理了。',
        place: '小区绿化带',
        done: ['已组织党员志愿者和物业清理杂草。'],
        routes: [
          ['self', 1],
          ['board', 1],
        ],
      },
      {
        urgent: 0.6,
        months: [5, 6, 7, 8],
        text: (s) => `${b(s)}门前有棵树被大风刮倒了，压在围墙上。`,
        place: (s) => `${b(s)}门前`,
        done: ['已清理倒伏树木，围墙已修复。'],
      },
      {
        text: (s) => `希望在${b(s)}周边补种一些树，夏天能有点阴凉。`,
        done: ['已在植树活动中补种国槐12棵。'],
        routes: [
          ['self', 1],
          ['up:urban', 1],
        ],
      },
    ],
    routes: [
      ['self', 82],
      ['board', 10],
      ['up:urban', 8],
    ],
    progress: ['已现场查看。', '已联系园林绿化人员。', '已和住户沟通。'],
    escalate: ['涉及公共绿地，需要城管部门处理。'],
  },

  sanitation: {
    issues: [
      {
        weight: 3,
        where: 'building',
        text: (s) => `${bu(s)}楼道堆满杂物和纸箱，影响通行，也有火灾隐患。`,
        place: (s) => `${bu(s)}楼道`,
        done: ['已组织党员志愿者清理楼道杂物。', '已通知住户限期清理，逾期未清理的由物业统一清运。'],
        routes: [
          ['self', 3],
          ['board', 1],
        ],
      },
      {
        weight: 3,
        text: (s) => `${b(s)}${s.side}的垃圾桶满了两天没人清运，气味很大。`,
        place: (s) => `${b(s)}${s.side}垃圾点`,
        done: ['已联系环卫清运，并增加清运频次。', '已清运，并对垃圾点消毒。'],
      },
      {
        text: '小区卫生死角有建筑垃圾，装修完没人清理。',
        place: '小区卫生死角',
        done: ['已联系装修户清运建筑垃圾。'],
      },
      {
        text: (s) => `有住户在${b(s)}楼下喂流浪猫，剩饭到处都是，苍蝇很多。`,
        done: ['已与喂猫住户沟通，设置固定投喂点并及时清理。'],
      },
      {
        where: 'rural',
        weight: 3,
        text: (s) => `${s.lane ?? '村里'}的垃圾堆放点满了没人清运，夏天气味难闻。`,
        place: (s) => `${s.lane ?? '村内'}垃圾点`,
        done: ['已联系镇环卫所清运，并增设垃圾桶。'],
        routes: [
          ['self', 2],
          ['up:urban', 1],
        ],
      },
      {
        months: [1, 2],
        text: '过年期间垃圾多，小区垃圾点天天满溢。',
        place: '小区垃圾点',
        done: ['春节期间已增加每日清运一次。'],
      },
    ],
    routes: [
      ['self', 78],
      ['board', 12],
      ['up:urban', 10],
    ],
    progress: ['已现场查看。', '已通知物业保洁。', '已电话通知住户清理。'],
    escalate: ['属于市政环卫范围，需要城管部门协调清运。'],
  },

  elderly_care: {
    issues: [
      {
        weight: 3,
        who: 'elderly',
        text: (s) => `${s.elder}独居，腿脚不便，做饭困难，希望能有人帮忙送餐。`,
        done: ['已为老人办理社区食堂助餐，党员志愿者每天中午送餐上门。', '已对接社区食堂，每日送餐上门，并安排邻居党员中心户每天探望。'],
      },
      {
        weight: 2,
        who: 'elderly',
        urgent: 0.4,
        text: (s) => `${bu(s)}${s.room ?? ''}的${s.elder}一个人住，子女在外地，这两天没见下楼，请帮忙看看。`,
        done: ['已上门探望，老人身体无大碍，已联系其子女并纳入每日探访。'],
        routes: [['self', 1]],
      },
      {
        who: 'elderly',
        text: '家里老人行动不便，需要有人帮忙代购药品和日用品。',
        done: ['党员志愿者已按清单代购药品和日用品送到家中。'],
        routes: [
          ['board', 3],
          ['self', 1],
        ],
      },
      {
        who: 'elderly',
        text: (s) => `${s.elder}需要办理高龄补贴，行动不便去不了社区，希望上门办理。`,
        done: ['网格员已上门采集信息，高龄补贴申请已提交。'],
        routes: [['self', 1]],
      },
      {
        who: 'elderly',
        text: (s) => `${s.elder}有高血压，想请医生上门量血压、看看药吃得对不对。`,
        done: ['县人民医院家庭医生已上门诊查并签约。'],
        routes: [['unit:hospital', 1]],
      },
      {
        who: 'elderly',
        months: [11, 12, 1, 2],
        text: (s) => `${s.elder}家里暖气不热，老人怕冷，请帮忙联系。`,
        done: ['已联系供热公司排气检修，室温恢复。'],
      },
    ],
    routes: [
      ['self', 45],
      ['board', 45],
      ['unit:hospital', 10],
    ],
    progress: ['已电话联系老人家属。', '已上门探望老人。', '已对接社区食堂。'],
    escalate: ['老人情况特殊，需要民政部门给予救助。'],
  },

  micro_wish: {
    issues: [
      { who: 'elderly', text: '希望有人教我用智能手机和孙子视频通话。', done: ['党员志愿者上门手把手教会老人视频通话。'] },
      { who: 'elderly', text: '家里的老花镜坏了，想要一副新的老花镜。', done: ['党员已为老人配好老花镜送到家中。'] },
      { who: 'child', text: '孩子想要一套课外书和一个新书包。', done: ['党员已购买课外书和书包送到孩子手中。'], routes: [['board', 3], ['unit:library', 1]] },
      { who: 'elderly', text: '想要一台收音机，平时一个人在家听听戏。', done: ['党员已送上收音机，并调好了戏曲频道。'] },
      { who: 'elderly', text: '希望有志愿者上门理个发，腿脚不便去不了理发店。', done: ['志愿者已上门为老人理发。'] },
      { who: 'elderly', months: [10, 11, 12, 1], text: '冬天快到了，想要一床厚棉被。', done: ['党员已送去新棉被。'] },
      { who: 'child', text: '孩子父母在外打工，希望有人周末辅导孩子作业。', done: ['党员教师每周六上门辅导作业。'], routes: [['board', 2], ['unit:school', 1]] },
      { text: '想学写毛笔字，希望有党员老师指导。', done: ['已安排党员书法老师每周在党群服务站授课。'] },
      { who: 'elderly', text: '家里的轮椅坏了，想请人帮忙修一修。', done: ['党员已帮忙修好轮椅。'] },
      { who: 'elderly', text: '希望有人陪老伴去医院复查。', done: ['党员志愿者已陪同老人到县人民医院复查。'] },
      { text: '想要一个电饭煲，旧的不能用了。', done: ['党员已送去新电饭煲。'] },
      { who: 'elderly', months: [1, 2], text: '过年了，想请人帮忙写副春联。', done: ['党员书法志愿者已写好春联送上门并帮忙贴好。'] },
      { who: 'elderly', months: [1, 2], text: '希望过年有人陪老人吃顿饺子。', done: ['党员中心户陪老人包饺子过年。'] },
      { who: 'child', months: [5, 6], text: '孩子想要一个篮球。', done: ['党员已送上篮球。'] },
      { who: 'elderly', months: [9, 10], text: '想和邻居们一起过中秋，吃块月饼。', done: ['党支部组织中秋邻里宴，党员已送上月饼。'] },
      { who: 'elderly', text: '家里电视收不到台了，想请人帮忙调一下。', done: ['党员已上门调试好电视。'], routes: [['board', 2], ['unit:mobile', 1]] },
    ],
    routes: [
      ['board', 88],
      ['self', 12],
    ],
    progress: ['已和心愿人电话联系，了解具体需求。', '物品已购买，约好周末送去。'],
    escalate: ['心愿涉及救助政策，需要社区统筹。'],
  },

  dispute: {
    issues: [
      {
        weight: 3,
        where: 'building',
        text: (s) => `楼上住户晚上经常有噪音，影响${bu(s)}${s.room ?? ''}休息，多次沟通无果。`,
        done: ['已约双方到议事亭调解，楼上住户承诺晚十点后不再制造噪音。', '网格员和党员中心户上门调解，双方达成谅解。'],
      },
      {
        weight: 2,
        where: 'building',
        text: '楼上卫生间漏水到我家，和楼上住户协商不成，希望网格员调解。',
        done: ['经调解，楼上住户负责维修防水并赔偿墙面修复费用。'],
      },
      {
        text: '邻居在楼道里长期堆放杂物，沟通时发生争吵。',
        done: ['已上门调解，邻居清理了杂物，双方握手言和。'],
      },
      {
        text: '和物业因为物业费和服务问题有矛盾，希望社区协调。',
        done: ['社区组织业主代表与物业座谈，物业承诺整改服务，业主补缴物业费。'],
        routes: [
          ['self', 1],
          ['up:worker', 1],
        ],
      },
      {
        text: '邻居家的狗夜里叫，出门也不拴绳，孩子害怕。',
        done: ['已上门劝导，养犬户承诺文明养犬、出门拴绳。'],
      },
      {
        text: '老人赡养问题，兄弟几个意见不一，希望帮忙调解。',
        done: ['经人民调解，兄弟三人签订赡养协议。'],
      },
      {
        where: 'rural',
        weight: 2,
        text: '两户村民因宅基地边界发生纠纷，需要调解。',
        done: ['经村调委会现场丈量调解，双方达成协议，小事不出村。'],
      },
      {
        weight: 1,
        text: '楼下商户和住户因油烟问题发生冲突，差点动手。',
        urgent: 0.3,
        done: ['派出所民警和网格员联合调解，商户加装油烟净化器。'],
        routes: [
          ['up:police', 2],
          ['self', 1],
        ],
      },
    ],
    routes: [
      ['self', 82],
      ['up:police', 8],
      ['up:worker', 10],
    ],
    progress: ['已分别听取双方意见。', '已约双方到议事亭面谈。', '已请党员中心户一同做工作。', '第一次调解未达成一致，约定再次调解。'],
    escalate: ['双方矛盾较深，网格调解未果，申请社区介入。', '纠纷可能激化，需要派出所参与调解。'],
  },

  safety: {
    issues: [
      {
        where: 'building',
        urgent: 0.9,
        text: (s) => `${bu(s)}楼道里有燃气味，请尽快派人检查！`,
        place: (s) => `${bu(s)}楼道`,
        done: ['燃气公司已到场检测，更换了漏气的阀门。'],
      },
      {
        where: 'building',
        weight: 2,
        urgent: 0.3,
        text: (s) => `${b(s)}外墙瓷砖脱落，下面是人行道，很危险。`,
        place: (s) => `${b(s)}外墙`,
        done: ['已拉设警戒线，脱落瓷砖已清理，外墙已加固。'],
        routes: [
          ['self', 1],
          ['up:housing', 1],
        ],
      },
      {
        weight: 2,
        text: '楼道里的电线老化裸露，经常跳闸。',
        done: ['供电公司已更换楼道老化线路。', '已请电工更换老化电线。'],
        routes: [
          ['unit:power', 2],
          ['self', 1],
        ],
      },
      {
        where: 'building',
        text: (s) => `${b(s)}消防通道被杂物堵塞，消火栓箱里的水带也不见了。`,
        place: (s) => `${b(s)}消防通道`,
        done: ['已清理消防通道杂物，消防救援大队已补齐消火栓器材并开展消防宣传。'],
        routes: [
          ['unit:fire', 2],
          ['self', 1],
        ],
      },
      {
        text: '小区井盖松动，车一压就响，怕孩子踩上去出事。',
        place: '小区道路井盖',
        done: ['已更换井盖并加固。'],
      },
      {
        where: 'rural',
        urgent: 0.4,
        text: '村里有一处老房子墙体开裂，下雨后可能倒塌，周边有人居住。',
        done: ['住建部门已鉴定为危房，已拉警戒线并安置住户，危房已拆除。'],
        routes: [['up:housing', 1]],
      },
      {
        months: [1, 2],
        text: '有人在楼道里燃放烟花爆竹，很危险。',
        done: ['已上门劝导并开展禁燃宣传。'],
      },
      {
        who: 'elderly',
        text: '家里电线老化，老人不会修，担心起火。',
        done: ['党员电工志愿者已上门更换老化电线和插座。'],
        routes: [
          ['board', 2],
          ['unit:power', 1],
        ],
      },
    ],
    routes: [
      ['self', 56],
      ['unit:fire', 20],
      ['unit:power', 12],
      ['up:housing', 12],
    ],
    progress: ['已设置警示标志。', '已拉警戒线，疏散围观人员。', '已联系专业人员到场。', '已通知相关住户注意安全。'],
    escalate: ['隐患需要专业鉴定和处置，申请吹哨上报。', '涉及房屋安全，需要住建部门鉴定。'],
  },

  policy: {
    issues: [
      { weight: 2, months: [9, 10, 11, 12], text: '想咨询城乡居民医保怎么缴费，今年的标准是多少。', done: ['已讲解缴费标准，帮助居民在手机上完成缴费。'] },
      { who: 'elderly', weight: 2, text: '退休人员养老金资格认证不会在手机上操作，请帮忙。', done: ['网格员已上门帮助老人完成刷脸认证。'], routes: [['self', 2], ['board', 1]] },
      { text: '孩子上学需要开居住证明，需要带什么材料？', done: ['已告知所需材料，并开具居住证明。'] },
      { who: 'elderly', text: '想办理老年优待证，去哪里办，需要什么手续？', done: ['已通过同城通办代办老年优待证，已送证上门。'] },
      { who: 'elderly', text: '老人要去外地看病，异地就医备案怎么办理？', done: ['已指导在手机上完成异地就医备案。'] },
      { who: 'elderly', text: '社保卡丢了，老人行动不便，想请社区代办补卡。', done: ['同城通办代办补卡，新社保卡已送到老人手中。'], routes: [['self', 2], ['board', 1], ['unit:bank', 1]] },
      { text: '残疾人补贴申请的条件和流程是什么？', done: ['已讲解申请条件，协助提交申请材料。'], routes: [['self', 2], ['up:civil', 1]] },
      { text: '想了解灵活就业人员社保怎么缴纳。', done: ['已讲解缴费办法，协助完成参保登记。'] },
      { months: [3, 4, 5, 6], text: '个人所得税综合所得汇算不会填报，希望有人指导。', done: ['税务局党员志愿者已上门指导完成汇算申报。'], routes: [['unit:tax', 3], ['self', 1]] },
      { text: '家里有人生了重病，临时救助怎么申请？', done: ['已协助提交临时救助申请，民政部门已审批发放救助金。'], routes: [['up:civil', 2], ['self', 1]] },
    ],
    routes: [
      ['self', 62],
      ['board', 25],
      ['unit:tax', 6],
      ['up:civil', 7],
    ],
    progress: ['已电话讲解政策。', '已收集申请材料。', '材料已提交，等待审核。'],
    escalate: ['申请需要民政部门审核，申请吹哨报到。'],
  },

  employment: {
    issues: [
      { text: '家里孩子大学毕业还没找到工作，想了解县里的招聘信息。', done: ['已推送县里春风行动招聘会信息，推荐了三个岗位。'] },
      { text: '想参加技能培训（电工、育婴师、面点），哪里可以报名？', done: ['已帮助报名县里免费技能培训班。'] },
      { text: '想申请创业担保贷款开个小店，需要什么条件？', done: ['农商银行信贷员已上门讲解，贷款已发放。'], routes: [['unit:bank', 3], ['self', 1]] },
      { where: 'rural', text: '今年种的玫瑰花卖不出去，希望帮忙联系销路。', done: ['已对接光村玫瑰合作社和县融媒体中心直播带货，已售出。'] },
      { text: '四十多岁没了工作，想找一份离家近的活。', done: ['已推荐到小区附近超市和物业公司应聘，已上岗。'] },
      { text: '想了解公益性岗位的报名条件。', done: ['已讲解条件，协助报名。'] },
    ],
    routes: [
      ['self', 60],
      ['board', 20],
      ['unit:bank', 20],
    ],
    progress: ['已了解求职意向。', '已推荐岗位信息。', '已联系培训机构。'],
    escalate: ['需要人社部门统筹岗位，申请社区协调。'],
  },

  other: {
    issues: [
      { text: '小区里的健身器材坏了，单杠螺丝松动。', place: '小区健身广场', done: ['已维修加固健身器材。'] },
      { text: '希望小区增设几把休息长椅，老人散步累了没地方坐。', done: ['共建单位捐赠长椅10把，已安装。'] },
      { where: 'building', text: (s) => `${b(s)}地下室手机完全没信号。`, done: ['移动公司已加装室内信号放大器。'], routes: [['unit:mobile', 1]] },
      { text: '希望在小区增加一个快递代收点。', done: ['已协调在党群服务站设立快递代收点。'] },
      { text: '小区宣传栏玻璃碎了，容易划伤人。', done: ['已更换宣传栏玻璃。'] },
    ],
    routes: [
      ['self', 90],
      ['board', 10],
    ],
    progress: ['已现场查看。', '已联系相关单位。'],
    escalate: ['需要社区统筹资源解决。'],
  },
};

// ---- notes that do not depend on the category ----------------------------------------------

export const ACCEPT_NOTES = ['已电话核实，情况属实。', '已现场核实。', '已核实，安排处理。'] as const;
export const REJECT_REASONS = [
  '经核实，属于住户家中私人维修事项，已告知自行联系维修。',
  '多次电话联系未接通，诉求内容不清，无法核实。',
  '该事项已由法院判决，已引导通过司法途径解决。',
  '不属于社区职责范围，已告知拨打相关部门电话。',
  '经现场核实，反映的问题不存在。',
] as const;
export const DUPLICATE_NOTES = ['同一问题已有事项在办理中，合并处理。', '与此前居民反映的是同一问题。'] as const;
export const BOARD_NOTES = ['发布到党员认领台，请党员认领点亮心愿。', '请本网格党员认领。'] as const;
export const CLAIM_NOTES = ['我来认领，本周内办好。', '认领这个心愿，周末上门。', '我住得近，我来办。'] as const;
export const SIGN_NOTES = ['已签收，安排人员处理。', '收到，马上安排。'] as const;
export const HAND_NOTES: Record<CoBuildingKey, string> = {
  power: '请县供电公司协助处理。',
  hospital: '请县人民医院家庭医生团队上门。',
  fire: '请县消防救援大队协助排查。',
  market: '请县市场监管局督促维保单位处理。',
  mobile: '请移动新绛分公司协助处理。',
  tax: '请县税务局党员志愿者协助指导。',
  bank: '请农商银行龙兴支行协助办理。',
  school: '请县实验中学党员教师协助。',
  library: '请县图书馆协助。',
};
export const DEPARTMENT_REASONS: Record<DepartmentKey, string> = {
  housing: '经社区研究，需住建局派员现场处置，吹哨报到。',
  urban: '属于城市管理范围，请城管局依法处置。',
  police: '纠纷有激化风险，请派出所参与调解。',
  civil: '需民政局审核救助，请部门报到。',
  water: '属于供水管网问题，请供水公司处理。',
};
export const WORKER_BACK_NOTES = ['社区已协调相关方达成方案，请网格员跟进落实。', '已在议事会上商定办法，请网格员组织实施。'] as const;
export const RETURN_REASONS = ['经核实不属于本单位职责范围，请转相关部门。', '该设施不归本单位管理，退回重新派单。'] as const;
export const EXTENSION_REASONS = ['需要等待配件到货，申请延期。', '需要协调多户居民意见，申请延期。', '施工受天气影响，申请延期。', '需要走资金审批流程，申请延期。'] as const;
export const EXTENSION_GRANTED = ['同意延期，请按期办结。', '同意，注意及时向居民反馈进展。'] as const;
export const EXTENSION_DENIED = ['不同意延期，请按原时限办结。'] as const;
export const SUPERVISE_NOTES = ['该事项已超期，请加快办理，明天前反馈进展。', '居民多次反映，请高度重视，限期办结。', '请说明超期原因，尽快办结。'] as const;
export const TOWNSHIP_SUPERVISE_NOTES = ['镇里督办：该事项超期较久，请部门和社区尽快办结。'] as const;
export const REOPEN_PROGRESS = ['收到不满意评价后再次上门，重新处理。', '已向居民道歉，重新安排处理。'] as const;
export const RATING_COMMENTS = {
  satisfied: ['问题解决了，很满意。', '服务态度好。', '感谢社区！', '办得很快！'],
  basically: ['问题基本解决，希望以后多巡查。', '处理有点慢。', '还可以。'],
  unsatisfied: ['问题没有彻底解决，又坏了。', '只是临时处理，没有根治。', '没有人上门，电话里说说就算办结了。'],
} as const;
/** Thanks that name whoever did the work. */
export const THANKS: Record<'grid_worker' | 'party_member' | 'unit_liaison', readonly string[]> = {
  grid_worker: ['谢谢网格员！', '网格员跑前跑后，辛苦了！'],
  party_member: ['党员同志很热心，点赞！', '谢谢党员志愿者！'],
  unit_liaison: ['感谢单位上门处理！', '部门来得很及时，谢谢！'],
};
