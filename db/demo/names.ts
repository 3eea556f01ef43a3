// Plausible Chinese personal names and obviously-fake phone numbers for the demo residents.
import type { Random } from './random';

export type Gender = 'M' | 'F';

/**
 * Rough national frequencies, nudged towards southern Shanxi (郭, 贾, 薛, 卫, 柴, 裴, 畅
 * and friends are far more common around Yuncheng than nationally).
 */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 70], ['张', 66], ['刘', 52], ['陈', 36], ['杨', 32], ['赵', 24], ['黄', 12],
  ['周', 16], ['吴', 14], ['徐', 12], ['孙', 16], ['胡', 11], ['朱', 10], ['高', 14], ['林', 6],
  ['何', 8], ['郭', 22], ['马', 11], ['罗', 5], ['梁', 10], ['宋', 9], ['郑', 7], ['谢', 5],
  ['韩', 9], ['唐', 5], ['冯', 8], ['于', 5], ['董', 7], ['萧', 2], ['程', 5], ['曹', 6],
  ['袁', 4], ['邓', 3], ['许', 5], ['傅', 3], ['沈', 3], ['曾', 2], ['彭', 3], ['吕', 6],
  ['苏', 4], ['卢', 4], ['蒋', 3], ['蔡', 3], ['贾', 14], ['丁', 4], ['魏', 6], ['薛', 12],
  ['叶', 2], ['阎', 6], ['余', 2], ['潘', 3], ['杜', 5], ['戴', 2], ['夏', 3], ['钟', 2],
  ['汪', 2], ['田', 5], ['任', 6], ['姜', 3], ['范', 5], ['方', 2], ['石', 4], ['姚', 4],
  ['谭', 2], ['廖', 1], ['邹', 1], ['熊', 1], ['金', 2], ['陆', 2], ['郝', 5], ['孔', 2],
  ['白', 4], ['崔', 4], ['康', 4], ['毛', 2], ['邱', 2], ['秦', 4], ['江', 2], ['史', 4],
  ['顾', 1], ['侯', 4], ['邵', 2], ['孟', 4], ['龙', 1], ['万', 1], ['段', 5], ['雷', 2],
  ['钱', 1], ['汤', 1], ['尹', 2], ['黎', 1], ['易', 1], ['常', 4], ['武', 6], ['乔', 4],
  ['贺', 4], ['赖', 1], ['龚', 1], ['文', 2], ['卫', 8], ['柴', 6], ['裴', 6], ['畅', 3],
  ['原', 3], ['吉', 3], ['景', 3], ['解', 2], ['续', 2], ['宁', 2], ['牛', 4], ['申', 3],
  ['霍', 3], ['温', 3], ['席', 2], ['翟', 2], ['樊', 3], ['耿', 2], ['庞', 2], ['燕', 1],
];

/**
 * Given names follow the fashion of the decade a person was born in; a 1950s 秀英 next to
 * a 2015 梓轩 is what makes the register look like a real one.
 */
interface Era {
  /** Born in or before this year. */
  until: number;
  M: readonly string[];
  F: readonly string[];
}

const ERAS: readonly Era[] = [
  {
    until: 1954,
    M: ['建国', '国庆', '德胜', '福全', '金山', '保国', '振华', '永福', '有才', '长顺', '满仓', '富贵', '根生', '来福', '守仁', '玉山', '万福', '双喜', '志忠', '世明', '树森', '占元', '文斌', '喜旺', '天佑', '广田', '明德'],
    F: ['秀英', '桂兰', '玉兰', '淑珍', '凤英', '秀兰', '桂英', '玉珍', '翠花', '月娥', '素芳', '春梅', '金花', '兰英', '爱莲', '巧云', '凤兰', '玉梅', '秀珍', '菊香', '桂香', '玉琴', '淑英', '巧珍'],
  },
  {
    until: 1969,
    M: ['建华', '卫东', '建军', '国强', '志强', '援朝', '永红', '爱民', '学军', '向东', '立新', '胜利', '跃进', '建平', '新民', '红军', '国平', '振国', '铁柱', '卫国', '建设', '文明', '长青', '晋生', '保平'],
    F: ['红梅', '丽华', '秀梅', '爱华', '玉霞', '红英', '桂芳', '美兰', '建英', '秀琴', '春燕', '卫红', '红霞', '冬梅', '翠萍', '小红', '晓梅', '淑芬', '彩霞', '凤琴', '改莲', '月琴', '彩云'],
  },
  {
    until: 1984,
    M: ['伟', '军', '勇', '强', '磊', '斌', '涛', '刚', '志刚', '建伟', '海涛', '晓东', '永刚', '俊峰', '文涛', '红涛', '卫兵', '鹏飞', '海龙', '晋军', '晋平', '云峰', '小军', '国栋', '建斌', '宏伟'],
    F: ['丽', '敏', '静', '艳', '燕', '芳', '娟', '丽娟', '海燕', '晓燕', '丽萍', '艳红', '建芳', '晋芳', '小娟', '春霞', '丽霞', '俊芳', '慧芳', '玉洁', '红艳', '亚琴', '晓红'],
  },
  {
    until: 1999,
    M: ['鹏', '超', '杰', '帅', '鑫', '浩', '亮', '博', '文博', '晓辉', '志鹏', '家乐', '俊杰', '宇航', '晓龙', '旭东', '凯', '阳', '晨阳', '少华', '子龙', '佳伟', '晋宇', '振宇'],
    F: ['婷婷', '晶晶', '雪', '倩', '佳', '亚楠', '丹丹', '慧敏', '媛媛', '晓丽', '琳', '璐', '娜', '佳慧', '雅琪', '梦瑶', '思雨', '晓雪', '文静', '欢欢', '蕾', '莹莹', '佳琪'],
  },
  {
    until: 9999,
    M: ['浩宇', '梓轩', '宇轩', '俊熙', '皓轩', '沐辰', '锦程', '子墨', '一鸣', '博文', '奕辰', '子豪', '梓睿', '泽宇', '铭轩', '昊然', '浩然', '宇泽', '睿哲', '嘉豪', '晨曦', '子航'],
    F: ['子涵', '一诺', '欣怡', '雨桐', '诗涵', '梓涵', '可馨', '思彤', '若汐', '依诺', '雨涵', '语桐', '梦琪', '紫萱', '佳怡', '欣妍', '芷若', '安琪', '沐瑶', '梓萱', '诗琪', '悦彤'],
  },
];

export function pickSurname(rng: Random): string {
  return rng.weighted(SURNAMES);
}

export function pickGivenName(rng: Random, gender: Gender, birthYear: number): string {
  const era = ERAS.find((e) => birthYear <= e.until) ?? (ERAS[ERAS.length - 1] as Era);
  return rng.pick(era[gender]);
}

export function personName(rng: Random, gender: Gender, birthYear: number, surname: string = pickSurname(rng)): string {
  return surname + pickGivenName(rng, gender, birthYear);
}

/** 1390000xxxx is kept for staff accounts, so a resident can never share a number with one. */
export const STAFF_PHONE_PREFIX = '1390000';

const MOBILE_SECOND_DIGITS = ['3', '5', '7', '8', '9'] as const;

/**
 * Hands out unique demo mobile numbers shaped `1[35789]X 0000 XXXX`: the run of zeros in the
 * middle makes them recognisable as fake at a glance, should one ever leak into a screenshot.
 */
export class PhoneBook {
  private readonly used = new Set<string>();

  constructor(
    private readonly rng: Random,
    reserved: Iterable<string> = [],
  ) {
    for (const phone of reserved) this.used.add(phone);
  }

  next(): string {
    for (;;) {
      const phone = `1${this.rng.pick(MOBILE_SECOND_DIGITS)}${this.rng.int(0, 9)}0000${String(this.rng.int(0, 9999)).padStart(4, '0')}`;
      if (phone.startsWith(STAFF_PHONE_PREFIX) || this.used.has(phone)) continue;
      this.used.add(phone);
      return phone;
    }
  }
}
