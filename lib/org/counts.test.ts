import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathIds, rollUpCounts } from './counts';

const nodes = [
  { id: 1, kind: 'community' as const, path: '/1/' },
  { id: 2, kind: 'grid' as const, path: '/1/2/' },
  { id: 3, kind: 'building' as const, path: '/1/2/3/' },
  { id: 4, kind: 'building' as const, path: '/1/2/4/' },
  { id: 5, kind: 'grid' as const, path: '/1/5/' },
];

test('pathIds lists the chain of ids from the root', () => {
  assert.deepEqual(pathIds('/1/2/3/'), [1, 2, 3]);
});

test('households attached to buildings add up to their grid and community', () => {
  const totals = rollUpCounts(nodes, [
    { nodeId: 3, key: 'households', value: 40 },
    { nodeId: 4, key: 'households', value: 2 },
    { nodeId: 5, key: 'households', value: 7 }, // a rural grid holds households directly
  ]);
  assert.equal(totals.get(3)?.households, 40);
  assert.equal(totals.get(2)?.households, 42);
  assert.equal(totals.get(5)?.households, 7);
  assert.equal(totals.get(1)?.households, 49);
});

test('grids and buildings are counted from the tree itself', () => {
  const totals = rollUpCounts(nodes, []);
  assert.equal(totals.get(1)?.grids, 2);
  assert.equal(totals.get(1)?.buildings, 2);
  assert.equal(totals.get(2)?.buildings, 2);
  assert.equal(totals.get(5)?.buildings, 0);
});

test('counts on nodes outside the visible tree are ignored', () => {
  const totals = rollUpCounts(nodes.slice(1, 3), [{ nodeId: 3, key: 'residents', value: 5 }]);
  assert.equal(totals.get(1), undefined);
  assert.equal(totals.get(2)?.residents, 5);
});
