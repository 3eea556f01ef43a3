import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDetail } from './labels';

test('a registry change reads as field: before → after, in Chinese', () => {
  assert.deepEqual(describeDetail(JSON.stringify({ phone: ['13800000001', '13800000002'], active: [true, false] })), [
    { field: '电话', before: '13800000001', after: '13800000002' },
    { field: '启用', before: '是', after: '否' },
  ]);
});

test('care tags before → after name the tags; a creation shows (空) before', () => {
  const lines = describeDetail(JSON.stringify({ tags: [[{ tag: 'living_alone' }], [{ tag: 'living_alone' }, { tag: 'hardship' }]], name: [null, '幸福里'] }));
  assert.deepEqual(lines, [
    { field: '关爱标签', before: '独居', after: '独居、特困' },
    { field: '名称/姓名', before: '（空）', after: '幸福里' },
  ]);
});

test('details that are not JSON objects are shown as stored', () => {
  assert.equal(describeDetail('12 rows'), '12 rows');
  assert.equal(describeDetail(null), null);
});

test('a time-limit change ({ before: {…}, after: {…} }) reads field by field', () => {
  assert.deepEqual(describeDetail(JSON.stringify({ category: '环境卫生', urgency: 'urgent', before: { acceptHours: 2, resolveHours: 24 }, after: { acceptHours: 2, resolveHours: 25 } })), [
    { field: '分类', value: '环境卫生' },
    { field: '紧急程度', value: 'urgent' },
    { field: '受理时限（小时）', before: '2', after: '2' },
    { field: '办结时限（小时）', before: '24', after: '25' },
  ]);
});
