// The bcrypt cost of new hashes: 10 unless YINGHUO_PASSWORD_COST says otherwise (test runs), a nonsense value refused;
// an unknown account is checked against a hash of that same cost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { passwordCost } from '@/db/password-cost';
import { dummyHash, hashPassword, verifyPassword } from './password';

function withCost<T>(value: string | undefined, run: () => T): T {
  const before = process.env.YINGHUO_PASSWORD_COST;
  if (value === undefined) delete process.env.YINGHUO_PASSWORD_COST;
  else process.env.YINGHUO_PASSWORD_COST = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.YINGHUO_PASSWORD_COST;
    else process.env.YINGHUO_PASSWORD_COST = before;
  }
}

test('new hashes cost 10 by default; a test run may ask for 4..15; anything else is refused with the reason', () => {
  assert.equal(withCost(undefined, passwordCost), 10);
  assert.equal(withCost('', passwordCost), 10);
  assert.equal(withCost('4', passwordCost), 4);
  for (const bad of ['3', '16', '4.5', 'fast']) assert.throws(() => withCost(bad, passwordCost), /YINGHUO_PASSWORD_COST must be a whole number from 4 to 15/);
});

test('hashes and the unknown-account hash are made at the configured cost, and a hash checks its own password only', async () => {
  const cost = withCost('5', () => {
    const hash = hashPassword('Yinghuo@2026');
    // Made once per process, at the cost in force when first needed.
    return { hash, dummy: dummyHash() };
  });
  assert.equal(bcrypt.getRounds(cost.hash), 5);
  assert.equal(bcrypt.getRounds(cost.dummy), 5);
  assert.equal(await verifyPassword('Yinghuo@2026', cost.hash), true);
  assert.equal(await verifyPassword('yinghuo@2026', cost.hash), false);
  assert.equal(await verifyPassword('Yinghuo@2026', cost.dummy), false);
  assert.equal(bcrypt.getRounds(withCost(undefined, () => hashPassword('x'))), 10);
});
