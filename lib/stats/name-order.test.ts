// nameRanks orders names exactly as the zh-CN collator does, however the names arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameRanks } from './name-order';

const collator = new Intl.Collator('zh-CN');
const NAMES = ['张丽娟', '王海燕', '刘晓东', '赵婷婷', '杨志刚', '王伟', '王伟', '叶涛', '郭俊峰', 'Zhang Wei', 'zhang wei', '阿里木', '李', '李娜', '吕', '绿', '王梦瑶', '贾晓燕'];

/** The sign of a comparison, so ranks (any integers) and the collator (any numbers) compare as orders. */
const sign = (n: number) => Math.sign(n);

test('comparing ranks gives the collator’s answer for every pair, equal names included', () => {
  const ranks = nameRanks(NAMES);
  for (const a of NAMES) for (const b of NAMES) assert.equal(sign(ranks.get(a)! - ranks.get(b)!), sign(collator.compare(a, b)), `${a} vs ${b}`);
});

test('names seen in later calls slot in without changing the order of earlier ones', () => {
  const first = NAMES.slice(0, 6);
  nameRanks(first);
  const later = ['欧阳修', '白居易', '张丽', ...NAMES.slice(6)];
  const ranks = nameRanks(later);
  const all = [...first, ...later];
  for (const a of all) for (const b of all) assert.equal(sign(ranks.get(a)! - ranks.get(b)!), sign(collator.compare(a, b)), `${a} vs ${b}`);
  const sorted = [...all].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
  assert.deepEqual(sorted, [...all].sort(collator.compare));
});
