import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { DB } from '@/db/client';
import { casePhotos, cases, orgNodes } from '@/db/schema';
import { openSqliteStore, type Store } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { hashToken } from './commands';
import { createIntakePointsForDemo, listIntakePointsOfNode } from './intake-points';
import { submitAtIntakePoint } from './public-intake';
import { publicSubmitSchema } from './schemas';

let db: DB;
let store: Store;
let close: () => void;
let uploads: string;
before(() => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-intake-'));
  process.env.UPLOADS_DIR = uploads;
  // SQLite only for now: the throttle (lib/rate-limit) is read on db/client.ts's connection until it moves.
  const test = openTestDatabase({ demo: true });
  ({ db } = test);
  store = openSqliteStore(test.file, { writer: test.sqlite });
  close = () => {
    void store.close();
    test.close();
  };
  createIntakePointsForDemo(db);
});
after(() => {
  close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const now = new Date('2026-11-24T10:00:00+08:00');
const caseCount = () => db.select({ n: count() }).from(cases).get()!.n;
const grid = () => db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
const pointsOf = (nodeId: number) => listIntakePointsOfNode(db, nodeId);
const input = (fields: Record<string, string>) => publicSubmitSchema.parse({ description: '3号楼门口路灯坏了，晚上很黑', ...fields });

async function photo(): Promise<File> {
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#777' } }).jpeg().toBuffer();
  return new File([new Uint8Array(bytes)], 'IMG_1.jpg', { type: 'image/jpeg' });
}

describe('submitAtIntakePoint', () => {
  it('logs a wish-box submission at the grid, with its photo and a working status link', async () => {
    const wishBox = pointsOf(grid().id).find((p) => p.kind === 'wish_box')!;
    const result = await submitAtIntakePoint(db, { code: wishBox.code, input: input({ residentPhone: '13812345678', wantsCallback: 'on' }), files: [await photo()], ip: '198.51.100.1' }, now, store);
    assert.ok(result.ok);
    assert.match(result.number, /^YH20261124-\d{4}$/);
    const row = db.select().from(cases).where(eq(cases.publicTokenHash, hashToken(result.token))).get()!;
    assert.equal(row.number, result.number);
    assert.equal(row.source, 'wish_box');
    assert.equal(row.nodeId, grid().id);
    assert.equal(row.intakePointId, wishBox.id);
    assert.equal(row.residentPhone, '13812345678');
    const photos = db.select().from(casePhotos).where(eq(casePhotos.caseId, row.id)).all();
    assert.equal(photos.length, 1);
    assert.ok(fs.existsSync(path.join(uploads, photos[0]!.fileName)));
  });

  it('logs a building QR submission as online, at the building', async () => {
    const building = db.select().from(orgNodes).where(eq(orgNodes.parentId, grid().id)).get()!;
    const [point] = pointsOf(building.id);
    const result = await submitAtIntakePoint(db, { code: point!.code, input: input({ place: '2单元 301' }), files: [], ip: '198.51.100.2' }, now, store);
    assert.ok(result.ok);
    const row = db.select().from(cases).where(eq(cases.number, result.number)).get()!;
    assert.deepEqual([row.source, row.nodeId, row.place, row.status], ['online', building.id, '2单元 301', 'submitted']);
  });

  it('refuses an unknown code without storing anything', async () => {
    const before = caseCount();
    const result = await submitAtIntakePoint(db, { code: 'NoSuchCode00', input: input({}), files: [await photo()], ip: '198.51.100.3' }, now, store);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'not_found');
    assert.equal(caseCount(), before);
  });

  it('removes the stored photos when the case is refused', async () => {
    const [point] = pointsOf(grid().id);
    const before = { cases: caseCount(), files: fs.readdirSync(uploads).length };
    const result = await submitAtIntakePoint(db, { code: point!.code, input: input({ categoryId: '99999' }), files: [await photo()], ip: '198.51.100.4' }, now, store);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.fieldErrors, { categoryId: ['事项分类无效'] });
    assert.deepEqual({ cases: caseCount(), files: fs.readdirSync(uploads).length }, before);
  });

  it('refuses a bad photo as a field error', async () => {
    const [point] = pointsOf(grid().id);
    const fake = new File([new TextEncoder().encode('hello')], 'a.jpg', { type: 'image/jpeg' });
    const result = await submitAtIntakePoint(db, { code: point!.code, input: input({}), files: [fake], ip: '198.51.100.5' }, now, store);
    assert.deepEqual(!result.ok && result.fieldErrors, { photos: ['只支持 JPEG、PNG、WebP 格式的照片'] });
  });

  it('allows 10 submissions an hour from one address, then refuses with a clear message', async () => {
    const [point] = pointsOf(grid().id);
    const ip = '198.51.100.77';
    for (let i = 0; i < 10; i++) {
      const r = await submitAtIntakePoint(db, { code: point!.code, input: input({}), files: [], ip }, new Date(now.getTime() + i * 60_000), store);
      assert.ok(r.ok, `submission ${i + 1}`);
    }
    const before = caseCount();
    const refused = await submitAtIntakePoint(db, { code: point!.code, input: input({}), files: [], ip }, new Date(now.getTime() + 30 * 60_000), store);
    assert.deepEqual(refused, { ok: false, code: 'rate_limited', message: '提交过于频繁，请稍后再试' });
    assert.equal(caseCount(), before);
    const later = await submitAtIntakePoint(db, { code: point!.code, input: input({}), files: [], ip }, new Date(now.getTime() + 61 * 60_000), store);
    assert.ok(later.ok);
  });
});
