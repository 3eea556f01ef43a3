// The pure rule of when a 大党委 project is late.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isProjectOverdue } from './rules';

test('an open project is late from the day after its target date, in China dates', () => {
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: '2026-08-08', doneReportedAt: null }, '2026-12-03'), true);
  assert.equal(isProjectOverdue({ status: 'not_started', targetDate: '2026-12-02', doneReportedAt: null }, '2026-12-03'), true);
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: '2026-12-03', doneReportedAt: null }, '2026-12-03'), false);
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: '2027-01-15', doneReportedAt: null }, '2026-12-03'), false);
});

test('a project done, shelved or without a target date is never late', () => {
  assert.equal(isProjectOverdue({ status: 'done', targetDate: '2026-08-08', doneReportedAt: null }, '2026-12-03'), false);
  assert.equal(isProjectOverdue({ status: 'shelved', targetDate: '2026-08-08', doneReportedAt: null }, '2026-12-03'), false);
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: null, doneReportedAt: null }, '2026-12-03'), false);
});

test('a project its unit reported done waits for the confirmation: not late, even past its target date', () => {
  assert.equal(isProjectOverdue({ status: 'in_progress', targetDate: '2026-08-08', doneReportedAt: new Date('2026-07-07T00:00:00Z') }, '2026-12-03'), false);
});
