import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { asc, count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { casePhotos, cases, orgNodes } from '@/db/tables';
import { hashToken } from './commands';
import { createDemoIntakePoints, listIntakePointsOfNode } from './intake-points';
import { submitAtIntakePoint } from './public-intake';
import { publicSubmitSchema } from './schemas';

// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
const storeFor = registerTestStore({ demo: true });
let store: Store;
let uploads: string;
let points: Promise<unknown> | null = null;
before(() => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-intake-'));
  process.env.UPLOADS_DIR = uploads;
});
after(() => {
  fs.rmSync(uploads, { recursive: true, force: true });
});
/** The store with the demo's intake points (made once); false when the engine is not available (skipped). */
async function ready(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  points ??= createDemoIntakePoints(store);
  await points;
  return true;
}

const now = new Date('2026-11-24T10:00:00+08:00');
const caseCount = async () => (await store.db.select({ n: count() }).from(cases))[0]!.n;
const grid = async () => (await store.db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).limit(1))[0]!;
const pointsOf = (nodeId: number) => listIntakePointsOfNode(store.db, nodeId);
const input = (fields: Record<string, string>) => publicSubmitSchema.parse({ description: '3号楼门口路灯坏了，晚上很黑', ...fields });

async function photo(): Promise<File> {
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#777' } }).jpeg().toBuffer();
  return new File([new Uint8Array(bytes)], 'IMG_1.jpg', { type: 'image/jpeg' });
}

describe('submitAtIntakePoint', () => {
  it('logs a wish-box submission at the grid, with its photo and a working status link', async (t) => {
    if (!(await ready(t))) return;
    const wishBox = (await pointsOf((await grid()).id)).find((p) => p.kind === 'wish_box')!;
    const result = await submitAtIntakePoint(store, { code: wishBox.code, input: input({ residentPhone: '13812345678', wantsCallback: 'on' }), files: [await photo()], ip: '198.51.100.1' }, now);
    assert.ok(result.ok);
    assert.match(result.number, /^YH20261124-\d{4}$/);
    const [row] = await store.db.select().from(cases).where(eq(cases.publicTokenHash, hashToken(result.token)));
    assert.ok(row);
    assert.equal(row.number, result.number);
    assert.equal(row.source, 'wish_box');
    assert.equal(row.nodeId, (await grid()).id);
    assert.equal(row.intakePointId, wishBox.id);
    assert.equal(row.residentPhone, '13812345678');
    const photos = await store.db.select().from(casePhotos).where(eq(casePhotos.caseId, row.id));
    assert.equal(photos.length, 1);
    assert.ok(fs.existsSync(path.join(uploads, photos[0]!.fileName)));
  });

  it('logs a building QR submission as online, at the building', async (t) => {
    if (!(await ready(t))) return;
    const [building] = await store.db.select().from(orgNodes).where(eq(orgNodes.parentId, (await grid()).id)).orderBy(asc(orgNodes.id)).limit(1);
    assert.ok(building);
    const [point] = await pointsOf(building.id);
    const result = await submitAtIntakePoint(store, { code: point!.code, input: input({ place: '2单元 301' }), files: [], ip: '198.51.100.2' }, now);
    assert.ok(result.ok);
    const [row] = await store.db.select().from(cases).where(eq(cases.number, result.number));
    assert.ok(row);
    assert.deepEqual([row.source, row.nodeId, row.place, row.status], ['online', building.id, '2单元 301', 'submitted']);
  });

  it('refuses an unknown code without storing anything', async (t) => {
    if (!(await ready(t))) return;
    const before = await caseCount();
    const result = await submitAtIntakePoint(store, { code: 'NoSuchCode00', input: input({}), files: [await photo()], ip: '198.51.100.3' }, now);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'not_found');
    assert.equal(await caseCount(), before);
  });

  it('removes the stored photos when the case is refused', async (t) => {
    if (!(await ready(t))) return;
    const [point] = (await pointsOf((await grid()).id));
    const before = { cases: await caseCount(), files: fs.readdirSync(uploads).length };
    const result = await submitAtIntakePoint(store, { code: point!.code, input: input({ categoryId: '99999' }), files: [await photo()], ip: '198.51.100.4' }, now);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.fieldErrors, { categoryId: ['事项分类无效'] });
    assert.deepEqual({ cases: await caseCount(), files: fs.readdirSync(uploads).length }, before);
  });

  it('refuses a bad photo as a field error', async (t) => {
    if (!(await ready(t))) return;
    const [point] = (await pointsOf((await grid()).id));
    const fake = new File([new TextEncoder().encode('hello')], 'a.jpg', { type: 'image/jpeg' });
    const result = await submitAtIntakePoint(store, { code: point!.code, input: input({}), files: [fake], ip: '198.51.100.5' }, now);
    assert.deepEqual(!result.ok && result.fieldErrors, { photos: ['只支持 JPEG、PNG、WebP 格式的照片'] });
  });

  it('allows 10 submissions an hour from one address, then refuses with a clear message', async (t) => {
    if (!(await ready(t))) return;
    const [point] = (await pointsOf((await grid()).id));
    const ip = '198.51.100.77';
    for (let i = 0; i < 10; i++) {
      const r = await submitAtIntakePoint(store, { code: point!.code, input: input({}), files: [], ip }, new Date(now.getTime() + i * 60_000));
      assert.ok(r.ok, `submission ${i + 1}`);
    }
    const before = await caseCount();
    const refused = await submitAtIntakePoint(store, { code: point!.code, input: input({}), files: [], ip }, new Date(now.getTime() + 30 * 60_000));
    assert.deepEqual(refused, { ok: false, code: 'rate_limited', message: '提交过于频繁，请稍后再试' });
    assert.equal(await caseCount(), before);
    const later = await submitAtIntakePoint(store, { code: point!.code, input: input({}), files: [], ip }, new Date(now.getTime() + 61 * 60_000));
    assert.ok(later.ok);
  });
});
