// Tests of the ledger workbook: whatever text a legacy row holds, every XML part of the file stays well-formed.
// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL), the rows read by the
// engine-neutral selectLedgerRows. The legacy row holds every class of code point; U+0000 only on SQLite, whose text
// keeps it (such a row exists only in an old SQLite database): PostgreSQL's text refuses it.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { accounts, orgNodes } from '@/db/schema';
import { ENGINE } from '@/db/engine';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { cases } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { LIST_ORDERS } from '@/lib/cases/case-list';
import type { Viewer } from '@/lib/cases/visibility';
import { selectLedgerRows } from './ledger-rows';
import { writeLedgerWorkbook, type LedgerSummary } from './ledger-workbook';

const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });

/** U+0000 where the engine stores it (SQLite); PostgreSQL's text refuses it, so no such row can exist there. */
const NUL = ENGINE === 'sqlite' ? '\u0000' : '';

/** Every class of code point a resident's text might carry, the forbidden ones among them. */
const HOSTILE = [
  `A${NUL}B\u0001\u0008\u000B\u000C\u000E\u001F`, // C0 controls XML 1.0 forbids
  '\tTab\nLF\rCR', // the three it allows
  '\uFFFE\uFFFF', // non-characters
  'x\uD800y\uDBFFz', // lone high surrogates
  'x\uDC00y\uDFFFz', // lone low surrogates
  '\u007F\u0085\u009F', // DEL and C1 controls: allowed in XML 1.0
  '😀👨‍👩‍👧', // emoji, paired surrogates and ZWJ
  '𠀀𪚥', // CJK Extension B
  '\u200F\u202E\u061C', // RTL marks and overrides
  '<&>"\'', // markup characters, escaped by the writer
].join(' ');

const shuji = actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'shuji')).get()!.id)!) as Viewer;
const building = db.select().from(orgNodes).where(eq(orgNodes.kind, 'building')).orderBy(asc(orgNodes.id)).get()!;
const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
const now = new Date('2026-04-01T02:00:00Z');

// Inserted directly, as rows stored before input was cleaned would be (once, by the first test that asks).
let legacy: Promise<{ id: number }> | undefined;
const insertLegacy = (store: Store) =>
  store.write(async (tx) => {
    const [row] = await tx
      .insert(cases)
      .values({
        number: 'YH20260401-9999',
        publicTokenHash: 'legacy-token-hash',
        description: `诉求 ${HOSTILE}`,
        source: 'wish_box',
        nodeId: building.id,
        nodePath: building.path,
        gridId: grid.id,
        place: `地点 ${HOSTILE}`,
        residentName: `姓名 ${HOSTILE}`,
        residentPhone: '13800000000',
        status: 'closed',
        rating: 'satisfied',
        ratingComment: `评价 ${HOSTILE}`,
        acceptDueAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: cases.id });
    return row!;
  });

const summary: LedgerSummary = {
  title: `台账 ${HOSTILE}`,
  scope: `龙湖社区 ${HOSTILE}`,
  exportedBy: '李秀梅（shuji）',
  exportedAt: now,
  filterText: `搜索 ${HOSTILE}`,
  rowCount: 1,
  period: '2026年4月',
  rateScope: '—',
  rates: [{ label: '满意率', numerator: 1, denominator: 1, value: 1, definition: HOSTILE }],
  figures: [{ label: HOSTILE, value: HOSTILE }],
};

async function workbookBuffer(t: TestContext): Promise<Buffer | undefined> {
  const store = storeFor(t);
  if (!store) return undefined;
  legacy ??= insertLegacy(store);
  const { id } = await legacy;
  const { batches } = await selectLedgerRows(store.db, shuji, eq(cases.id, id), LIST_ORDERS.oldest, now);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeLedgerWorkbook(out, batches(), () => summary);
  return Buffer.concat(chunks);
}

/** Parses with a strict XML 1.0 parser and returns its complaints (none for a well-formed part). */
function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser();
  parser.on('error', (e) => errors.push(e.message));
  parser.write(xml).close();
  return errors;
}

test('a legacy row holding every class of code point (U+0000 on SQLite only: PostgreSQL text refuses it) still yields well-formed XML in every part of the workbook', async (t) => {
  const buffer = await workbookBuffer(t);
  if (!buffer) return;
  const zip = await JSZip.loadAsync(buffer);
  const parts = Object.keys(zip.files).filter((name) => /\.(xml|rels)$/.test(name));
  assert.ok(parts.includes('xl/worksheets/sheet1.xml'), `parts: ${parts.join(', ')}`);
  for (const name of parts) {
    const xml = await zip.file(name)!.async('string');
    assert.deepEqual(xmlErrors(xml), [], `${name} is not well-formed`);
  }
});

test('the forbidden characters are dropped from the cells and everything else is kept', async (t) => {
  const buffer = await workbookBuffer(t);
  if (!buffer) return;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('事项台账')!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const cell = (title: string) => String(sheet.getRow(2).getCell(header.indexOf(title)).value);
  // Both engines store UTF-8, so a lone surrogate comes back as replacement characters; XML turns a bare CR into LF.
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;
  const texts = [cell('诉求内容'), cell('居民姓名'), cell('评价意见'), cell('楼栋/地点'), String(workbook.getWorksheet('汇总')!.getCell('B5').value)];
  for (const text of texts) {
    assert.doesNotMatch(text, forbidden);
    assert.ok(text.includes('AB \tTab\nLF'), text);
    for (const kept of ['😀👨‍👩‍👧', '𠀀𪚥', '\u200F\u202E\u061C', '<&>"\'']) assert.ok(text.includes(kept), `${JSON.stringify(kept)} kept in ${JSON.stringify(text)}`);
  }
  assert.ok(texts[0]!.startsWith('诉求 AB'));
  assert.ok(texts[1]!.startsWith('姓名 AB'));
});
