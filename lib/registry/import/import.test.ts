// A second community brings in its Excel ledgers: counts come out right, the same file again changes nothing, and export → import is a no-op.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { count, eq, like } from 'drizzle-orm';
import { openTestDatabase } from '@/db/testing';
import { accounts, auditLog, centralHouseholdLinks, centralHouseholds, households, orgNodes, partyMembers, persons } from '@/db/schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { verifyPassword } from '@/lib/auth/password';
import { getOrgTree } from '@/lib/org/queries';
import { writeAllLedgers } from '@/lib/registry/export-ledgers';
import { confirmImport } from './apply';
import { planImport, type Importer } from './plan';
import { SAMPLE_COMMUNITY, setupSampleTree, writeSampleWorkbook } from './sample-community';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-import-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

function snapshot(db: ReturnType<typeof openTestDatabase>['db']) {
  return {
    nodes: db.select({ n: count() }).from(orgNodes).get()!.n,
    households: db.select({ n: count() }).from(households).get()!.n,
    persons: db.select({ n: count() }).from(persons).get()!.n,
    partyMembers: db.select({ n: count() }).from(partyMembers).get()!.n,
    centrals: db.select({ n: count() }).from(centralHouseholds).get()!.n,
    links: db.select({ n: count() }).from(centralHouseholdLinks).get()!.n,
    accounts: db.select({ n: count() }).from(accounts).get()!.n,
    audit: db.select({ n: count() }).from(auditLog).get()!.n,
  };
}

test('a generated second community imports into a fresh database; the same file again changes nothing; its export re-imports as a no-op', async () => {
  const { db, close } = openTestDatabase();
  try {
    const tree = setupSampleTree(db);
    const file = path.join(dir, 'community.xlsx');
    const expected = await writeSampleWorkbook(file, { households: 3100 });
    assert.ok(expected.households >= 3000 && expected.residents >= 8000, `the workbook is realistic: ${JSON.stringify(expected)}`);
    assert.ok(expected.partyMembers > 100 && expected.links > 500);

    const secretary: Importer = loadUserSync(db, tree.secretaryId)!;
    const before = snapshot(db);
    const preview = await planImport(db, secretary, tree.communityId, file);
    assert.ok(preview.ok, !preview.ok ? preview.message : '');
    assert.deepEqual(preview.preview.rejections.slice(0, 3), [], 'a clean ledger has no rejected rows');
    assert.deepEqual(snapshot(db), before, 'the preview writes nothing');
    const people = preview.preview.ledgers.find((l) => l.kind === 'households')!;
    assert.equal(people.counts.new, expected.residents);
    assert.deepEqual(
      people.variants.map((v) => `${v.used}→${v.header}`).sort(),
      ['公民身份号码→身份证号', '房号→门牌号', '手机号码→联系电话', '楼号→楼栋'].sort(),
      'the header variants are recognised and said so',
    );
    assert.deepEqual(people.unknownColumns, []);
    assert.equal(preview.preview.newBuildings.length, expected.buildings, 'the buildings the file names are created under their grids, and the preview lists them');

    const confirmed = await confirmImport(db, secretary, tree.communityId, file, preview.preview.digest, { fileName: 'community.xlsx' });
    assert.ok(confirmed.ok, !confirmed.ok ? confirmed.message : '');
    const after = snapshot(db);
    assert.equal(after.households - before.households, expected.households);
    assert.equal(after.persons - before.persons, expected.residents + 40, 'residents, and the 40 party members living elsewhere');
    assert.equal(after.partyMembers, expected.partyMembers);
    assert.equal(after.centrals, expected.centralHouseholds);
    assert.equal(after.links, expected.links);
    assert.equal(after.accounts - before.accounts, expected.accounts);

    // The org browser counts what the ledgers hold.
    const [community] = await getOrgTree(db, { paths: [db.select().from(orgNodes).where(eq(orgNodes.id, tree.communityId)).get()!.path] });
    assert.equal(community!.name, SAMPLE_COMMUNITY);
    assert.equal(community!.counts.households, expected.households);
    assert.equal(community!.counts.residents, expected.residents);
    assert.equal(community!.counts.centralHouseholds, expected.centralHouseholds);

    // New accounts: a one-time password, shown once, that must be changed at the first sign-in.
    assert.equal(confirmed.issued.length, expected.accounts);
    const first = confirmed.issued[0]!;
    const account = db.select().from(accounts).where(eq(accounts.username, first.username)).get()!;
    assert.equal(account.mustChangePassword, true);
    assert.ok(await verifyPassword(first.password, account.passwordHash));
    assert.ok(!JSON.stringify(db.select().from(auditLog).all()).includes(first.password), 'the password is in no audit row');

    // The same file again: every row unchanged, nothing written, not even an audit row.
    const again = await planImport(db, secretary, tree.communityId, file);
    assert.ok(again.ok);
    for (const l of again.preview.ledgers) assert.deepEqual(l.counts, { new: 0, changed: 0, unchanged: l.counts.unchanged, rejected: 0 }, l.sheet);
    const settled = snapshot(db);
    const second = await confirmImport(db, secretary, tree.communityId, file, again.preview.digest, { fileName: 'community.xlsx' });
    assert.ok(second.ok);
    assert.deepEqual(snapshot(db), settled);

    // Export (without ID numbers, as a secretary may) → import: nothing changes either.
    const exported = path.join(dir, 'export.xlsx');
    const out = fs.createWriteStream(exported);
    await writeAllLedgers(out, db, secretary, tree.communityId, false);
    await finished(out);
    const roundTrip = await planImport(db, secretary, tree.communityId, exported);
    assert.ok(roundTrip.ok, !roundTrip.ok ? roundTrip.message : '');
    assert.deepEqual(roundTrip.preview.rejections.slice(0, 3), []);
    for (const l of roundTrip.preview.ledgers) assert.equal(l.counts.new + l.counts.changed, 0, `${l.sheet}: ${JSON.stringify(l.counts)}`);
    assert.equal(
      roundTrip.preview.ledgers.find((l) => l.kind === 'households')!.counts.unchanged,
      expected.residents,
      'every resident is matched again, by name and phone or by name within the household',
    );
    const households2 = db.select({ n: count() }).from(households).where(like(households.nodePath, `%/${tree.communityId}/%`)).get()!.n;
    assert.equal(households2, expected.households);
  } finally {
    close();
  }
});
