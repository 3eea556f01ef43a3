import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canSeeHouseholds, isWithinScope, maskPhone, normaliseScope } from './scope';

test('a record is in scope when its path lies under one of the scope paths', () => {
  const scope = normaliseScope(['/1/2/3/4/']);
  assert.equal(isWithinScope(scope, '/1/2/3/4/'), true);
  assert.equal(isWithinScope(scope, '/1/2/3/4/40/'), true);
  assert.equal(isWithinScope(scope, '/1/2/3/5/'), false);
  assert.equal(isWithinScope(scope, '/1/2/3/'), false, 'the parent of the scope is outside it');
});

test('id prefixes do not leak: grid 4 does not cover grid 41', () => {
  const scope = normaliseScope(['/1/2/3/4/']);
  assert.equal(isWithinScope(scope, '/1/2/3/41/'), false);
});

test('an empty scope covers nothing', () => {
  assert.equal(isWithinScope(normaliseScope([]), '/1/'), false);
});

test('a grid worker with two grids sees both, and nested paths are folded into the broader one', () => {
  const scope = normaliseScope(['/1/2/3/4/', '/1/2/3/7/', '/1/2/3/4/40/']);
  assert.deepEqual(scope.paths, ['/1/2/3/4/', '/1/2/3/7/']);
  assert.equal(isWithinScope(scope, '/1/2/3/7/70/'), true);
});

test('only admin, secretary and grid worker see households', () => {
  assert.equal(canSeeHouseholds('grid_worker'), true);
  assert.equal(canSeeHouseholds('secretary'), true);
  assert.equal(canSeeHouseholds('party_member'), false);
  assert.equal(canSeeHouseholds('unit_liaison'), false);
});

test('phone numbers are masked to the first three and last four digits', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone(null), '');
});
