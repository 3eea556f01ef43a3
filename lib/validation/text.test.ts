// Tests of free-text cleaning: forbidden characters go at the boundary, in every schema that takes free text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenSchema } from '@/lib/api/schemas';
import { batchSchema } from '@/lib/cases/intake';
import { actionSchema, createCaseSchema, publicRateSchema, publicSubmitSchema } from '@/lib/cases/schemas';
import { bulkActionSchema } from '@/lib/desk/schemas';
import { stripXmlForbidden, textSchema } from './text';

// Low halves before high ones, so no two of them pair up into a valid code point.
const FORBIDDEN = '\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uDC00\uDFFF\uD800\uDBFF';
const KEPT = '\t\n\r 😀👨‍👩‍👧 𠀀𪚥 \u200F\u202E\u061C 中文 <&>';
const dirty = (s: string) => `${FORBIDDEN.slice(0, 5)}${s}${FORBIDDEN.slice(5)}`;

test('stripXmlForbidden removes C0 controls, U+FFFE/U+FFFF and lone surrogates, and keeps every other character', () => {
  assert.equal(stripXmlForbidden(FORBIDDEN), '');
  assert.equal(stripXmlForbidden(KEPT), KEPT);
  assert.equal(stripXmlForbidden(`a${FORBIDDEN}b${KEPT}`), `ab${KEPT}`);
  // A paired surrogate (an emoji) must not be split into two lone halves.
  assert.equal(stripXmlForbidden('\uD83D\uDE00'), '😀');
});

test('textSchema cleans before it counts: text made only of forbidden characters is blank, not long enough', () => {
  const schema = textSchema().trim().min(2, '太短');
  assert.equal(schema.parse(dirty('路灯')), '路灯');
  assert.equal(schema.safeParse(FORBIDDEN).success, false);
});

test('every free-text field of the forms and the API arrives clean', () => {
  const created = createCaseSchema.parse({
    description: dirty('5号楼路灯不亮'),
    source: 'patrol',
    nodeId: 5,
    place: dirty('5号楼门口'),
    residentName: dirty('张秀兰'),
  });
  assert.deepEqual([created.description, created.place, created.residentName], ['5号楼路灯不亮', '5号楼门口', '张秀兰']);

  const submitted = publicSubmitSchema.parse({ description: dirty('楼道灯坏了'), place: dirty('3单元'), residentName: dirty('王'), residentPhone: '' });
  assert.deepEqual([submitted.description, submitted.place, submitted.residentName], ['楼道灯坏了', '3单元', '王']);

  assert.equal(publicRateSchema.parse({ rating: 'satisfied', comment: dirty('很好') }).comment, '很好');
  const progress = actionSchema.parse({ action: 'progress', note: dirty('已联系物业'), version: 0 });
  assert.equal('note' in progress && progress.note, '已联系物业');
  const rejected = actionSchema.parse({ action: 'reject', reason: dirty('不属实'), version: 0 });
  assert.equal('reason' in rejected && rejected.reason, '不属实');

  assert.equal(createTokenSchema.parse({ name: dirty('12345热线'), nodeId: 1 }).name, '12345热线');
  const bulk = bulkActionSchema.parse({ action: 'supervise', items: ['YH20260401-0001:0'], note: dirty('尽快办理') });
  assert.equal(bulk.note, '尽快办理');

  const batch = batchSchema.parse({ nodeId: 5, source: 'wish_box', rows: [{ clientKey: 'a'.repeat(16), description: dirty('心愿'), place: dirty('门口'), residentName: dirty('李') }] });
  assert.deepEqual([batch.rows[0]!.description, batch.rows[0]!.place, batch.rows[0]!.residentName], ['心愿', '门口', '李']);
});
