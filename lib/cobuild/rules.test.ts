// The pure rule of when a 大党委 project is late.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isProjectOverdue } from './rules';

test('an open project is late from the day after its target date, in China dates', () => {
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: '2026-08-08' }, '2026-12-03'), true);
  assert.equal(isProjectOverdue({ status: 'not_started', targetDate: '2026-12-02' }, '2026-12-03'), true);
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: '2026-12-03' }, '2026-12-03'), false);
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: '2027-01-15' }, '2026-12-03'), false);
});

test('a project done, shelved or without a target date is never late', () => {
  assert.equal(isProjectOverdue({ status: 'done', targetDate: '2026-08-08' }, '2026-12-03'), false);
  assert.equal(isProjectOverdue({ status: 'shelved', targetDate: '2026-08-08' }, '2026-12-03'), false);
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: null }, '2026-12-03'), false);
});
