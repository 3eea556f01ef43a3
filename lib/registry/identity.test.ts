import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageOn, bornOnOrBefore, idNumberBirthDate, idNumberCheckChar, idNumberGender, idNumberProblem, idNumberSchema, maskIdNumber, phoneSchema } from './identity';

// 11010519491231002X is the standard's own worked example.
test('the GB 11643 example number is valid and its check character is X', () => {
  assert.equal(idNumberCheckChar('11010519491231002'), 'X');
  assert.equal(idNumberProblem('11010519491231002X'), null);
  assert.equal(idNumberBirthDate('11010519491231002X'), '1949-12-31');
  assert.equal(idNumberGender('11010519491231002X'), 'F');
});

test('a wrong check character, a date that does not exist, a future date and a short number are each named', () => {
  assert.equal(idNumberProblem('110105194912310021'), 'checksum');
  assert.equal(idNumberProblem('110105194902300020'), 'birth_date');
  assert.equal(idNumberProblem('110105209912310020', new Date('2026-12-02T00:00:00Z')), 'birth_date');
  assert.equal(idNumberProblem('11010519491231'), 'format');
});

test('the schema accepts a lower-case x with spaces and says why a number is refused, in Chinese', () => {
  assert.equal(idNumberSchema.parse(' 110105 19491231002x'), '11010519491231002X');
  const r = idNumberSchema.safeParse('110105194912310021');
  assert.equal(r.success, false);
  assert.match(r.error!.issues[0]!.message, /校验位/);
});

test('numbers are masked to the first four and last four characters', () => {
  assert.equal(maskIdNumber('142329195001011234'), '1423**********1234');
});

test('phones: mobiles and landlines pass, other digits do not', () => {
  assert.equal(phoneSchema.parse('138 0000 1111'), '13800001111');
  assert.equal(phoneSchema.parse('0359-6521234'), '0359-6521234');
  assert.equal(phoneSchema.safeParse('12345').success, false);
});

test('ages count full years, birthdays included; the 80-year cut-off moves with the day', () => {
  assert.equal(ageOn('1946-12-02', '2026-12-02'), 80);
  assert.equal(ageOn('1946-12-03', '2026-12-02'), 79);
  assert.equal(bornOnOrBefore(80, '2026-12-02'), '1946-12-02');
  assert.equal(bornOnOrBefore(80, '2028-02-29'), '1948-02-29');
  assert.equal(bornOnOrBefore(1, '2028-02-29'), '2027-02-28');
});
