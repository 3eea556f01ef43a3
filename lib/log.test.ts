import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestContext } from './http/request-context';
import { formatLine, log } from './log';

const now = new Date('2026-11-24T02:00:00Z');

test('a log line is one JSON object with time, level and message', () => {
  assert.deepEqual(JSON.parse(formatLine('info', 'closed 3 case(s)', { closed: 3 }, now)), {
    time: '2026-11-24T02:00:00.000Z',
    level: 'info',
    msg: 'closed 3 case(s)',
    closed: 3,
  });
});

test('inside a request the line carries its request id', () => {
  const line = requestContext.run({ requestId: 'req-42' }, () => formatLine('error', 'export failed', {}, now));
  assert.equal(JSON.parse(line).requestId, 'req-42');
});

test('errors are written with their message on a single line', (t) => {
  const lines: string[] = [];
  t.mock.method(console, 'error', (line: string) => lines.push(line));
  log.error('ledger export failed', new Error('disk full\nsecond line'));
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes('\n'));
  const entry = JSON.parse(lines[0]!);
  assert.equal(entry.level, 'error');
  assert.equal(entry.msg, 'ledger export failed');
  assert.equal(entry.error, 'disk full\nsecond line');
});
