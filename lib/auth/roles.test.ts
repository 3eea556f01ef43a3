// What the header calls a signed-in person: a township's secretary is not a 社区书记.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roleLabelOf } from './roles';

test('a secretary is named by the level of their scope; other roles by the role', () => {
  assert.equal(roleLabelOf('secretary', ['community']), '社区书记');
  assert.equal(roleLabelOf('secretary', ['township']), '镇街书记');
  assert.equal(roleLabelOf('secretary', ['community', 'township']), '镇街书记');
  assert.equal(roleLabelOf('secretary', ['county']), '县级书记');
  assert.equal(roleLabelOf('grid_worker', ['grid']), '网格员');
  assert.equal(roleLabelOf('admin', []), '系统管理员');
});
