// Test data for the scope matrix: three cases, households, grids, photos and a token, made once per e2e database.
//
// Run with `npx tsx e2e/support/scope-records.ts` and DATABASE_PATH pointing at the e2e database;
// prints the records as JSON. Idempotent: a second run (another worker, another spec) finds what
// the first made, under one immediate transaction so two runs never interleave.
// lib/auth/scope-matrix.test.ts makes the same records in its own demo database with makeScopeRecords.
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, like } from 'drizzle-orm';
import { openDatabase, type DB } from '@/db/client';
import { accounts, apiTokens, casePhotos, cases, categories, households, intakePoints, orgNodes, units, visits } from '@/db/schema';
import { createApiTokenSync } from '@/lib/api/tokens';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, hashToken, performActionSync, type StoredPhoto } from '@/lib/cases/commands';
import type { ActionInput, Actor } from '@/lib/cases/lifecycle';
import { processPhotos, uploadsDir } from '@/lib/cases/photos';

/** A: 龙盛华庭 (wg01's grid); B: 府前花园 (府前社区); C: 龙湖花园 (wg02's grid). */
export type RecordKey = 'A' | 'B' | 'C';

export type ScopeRecords = {
  cases: Record<RecordKey, string>;
  households: Record<RecordKey, { id: number; address: string }>;
  grids: Record<RecordKey, { id: number; name: string }>;
  photos: Record<RecordKey, number>;
  /** A visit with a photo to each of the households above. */
  visitPhotos: Record<RecordKey, number>;
  /** The grid workers' accounts: wg01 (A), wg21 (B), wg02 (C). */
  accounts: Record<RecordKey, { id: number; username: string }>;
  /** Case A's private status link and the QR code of an intake point in grid A. */
  statusToken: string;
  intakeCode: string;
  /** An integration token scoped to grid B (another grid than the signed-in staff's). */
  apiToken: string;
};

// Fixed secrets, so a second run can hand out the same ones (only their hashes are stored).
const STATUS_TOKEN = 'routeMatrixStatusLinkOfCaseA00';
const API_TOKEN = `yh_${'routeMatrixTokenForGridB'.padEnd(43, '0')}`;
const TOKEN_NAME = '权限矩阵测试（府前花园）';
const GRID_NAMES: Record<RecordKey, string> = { A: '龙盛华庭', B: '府前花园', C: '龙湖花园' };
const ACCOUNT_NAMES: Record<RecordKey, string> = { A: 'wg01', B: 'wg21', C: 'wg02' };

/** Makes (or finds) the records in `db`, the demo community; the photos go to this process's uploads folder. */
export async function makeScopeRecords(db: DB): Promise<ScopeRecords> {
  const photoFile = new File([fs.readFileSync('e2e/fixtures/wish.jpg')], 'wish.jpg', { type: 'image/jpeg' });
  // Re-encoded outside the transaction (sharp is asynchronous); unused files of a second run are removed below.
  const stored: StoredPhoto[] = [];
  // Three for the cases' progress photos, three for the visits'.
  for (let i = 0; i < 6; i++) {
    const r = await processPhotos([photoFile]);
    if (!r.ok) throw new Error(r.message);
    stored.push(...r.photos);
  }

  const actor = (username: string): Actor => {
    const id = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
    return actorFromUser(loadUserSync(db, id)!);
  };
  const grid = (k: RecordKey) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, GRID_NAMES[k]))).get()!;
  const firstBuilding = (path: string) =>
    db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${path}%`))).orderBy(asc(orgNodes.id)).get()!;
  const unitId = (name: string) => db.select({ id: units.id }).from(units).where(eq(units.name, name)).get()!.id;
  const category = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;

  const used: StoredPhoto[] = [];
  const make = (k: RecordKey, creator: Actor, steps: [Actor, ActionInput, boolean?][]) => {
    const clientKey = `route-matrix-case-${k}-0000000000`;
    const existing = db.select({ number: cases.number }).from(cases).where(eq(cases.clientKey, clientKey)).get();
    if (existing) return existing.number;
    const building = firstBuilding(grid(k).path);
    const created = createCaseSync(db, creator, { description: `权限矩阵测试事项 ${k}：楼道灯不亮`, source: 'patrol', nodeId: building.id, urgency: 'normal', clientKey }, []);
    if (!created.ok) throw new Error(`create ${k}: ${created.message}`);
    let version = created.version;
    for (const [by, input, withPhoto] of steps) {
      const photos = withPhoto ? [stored[used.length]!] : [];
      used.push(...photos);
      const r = performActionSync(db, by, { id: created.id }, { ...input, version }, photos);
      if (!r.ok) throw new Error(`${k} ${input.action}: ${r.message}`);
      version = r.version;
    }
    return created.number;
  };

  const records = db.transaction(
    () => {
      const [wg01, wg02, wg21, dy01, dw01, dw02] = ['wg01', 'wg02', 'wg21', 'dy01', 'dw01', 'dw02'].map(actor) as Actor[];
      const accept: ActionInput = { action: 'accept', categoryId: category, urgency: 'normal' };
      const numbers: Record<RecordKey, string> = {
        // Handed to dw01's unit and back, then claimed by dy01: every kind of "ever involved" visibility.
        A: make('A', wg01!, [
          [wg01!, accept],
          [wg01!, { action: 'hand_to_unit', unitId: unitId('国网新绛县供电公司') }],
          [dw01!, { action: 'return', reason: '不属于供电线路，退回网格' }],
          [wg01!, { action: 'post_to_board' }],
          [dy01!, { action: 'claim' }],
          [dy01!, { action: 'progress', note: '已联系物业更换灯泡' }, true],
        ]),
        B: make('B', wg21!, [
          [wg21!, accept],
          [wg21!, { action: 'handle_self' }],
          [wg21!, { action: 'progress', note: '已到现场查看' }, true],
        ]),
        C: make('C', wg02!, [
          [wg02!, accept],
          [wg02!, { action: 'hand_to_unit', unitId: unitId('新绛县人民医院') }],
          [dw02!, { action: 'sign' }],
          [dw02!, { action: 'progress', note: '已安排人员上门' }, true],
        ]),
      };
      db.update(cases).set({ publicTokenHash: hashToken(STATUS_TOKEN) }).where(eq(cases.number, numbers.A)).run();

      if (!db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, TOKEN_NAME)).get()) {
        const admin = loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin')).get()!.id)!;
        const token = createApiTokenSync(db, admin, { name: TOKEN_NAME, nodeId: grid('B').id });
        if (!token.ok) throw new Error(token.message);
        db.update(apiTokens).set({ tokenHash: hashToken(API_TOKEN), tokenPrefix: API_TOKEN.slice(0, 10) }).where(eq(apiTokens.id, token.id)).run();
      }

      const per = <T>(f: (k: RecordKey) => T) => ({ A: f('A'), B: f('B'), C: f('C') });
      const caseId = (k: RecordKey) => db.select({ id: cases.id }).from(cases).where(eq(cases.number, numbers[k])).get()!.id;
      const household = (k: RecordKey) =>
        db.select({ id: households.id, address: households.address, nodePath: households.nodePath }).from(households).where(like(households.nodePath, `${grid(k).path}%`)).orderBy(asc(households.id)).get()!;
      const workerOf: Record<RecordKey, Actor> = { A: wg01!, B: wg21!, C: wg02! };
      const visitPhoto = (k: RecordKey) => {
        const h = household(k);
        const existing = db.select({ id: visits.id }).from(visits).where(and(eq(visits.householdId, h.id), eq(visits.notes, '权限矩阵测试走访'))).get();
        if (existing) return existing.id;
        const photo = stored[3 + (['A', 'B', 'C'] as const).indexOf(k)]!;
        used.push(photo);
        const by = workerOf[k];
        return db
          .insert(visits)
          .values({ householdId: h.id, nodePath: h.nodePath, accountId: by.kind === 'account' ? by.id : 0, visitedAt: new Date(), notes: '权限矩阵测试走访', photoFileName: photo.fileName, createdAt: new Date() })
          .returning({ id: visits.id })
          .get().id;
      };
      return {
        cases: numbers,
        households: per((k) => {
          const { id, address } = household(k);
          return { id, address };
        }),
        visitPhotos: per(visitPhoto),
        grids: per((k) => ({ id: grid(k).id, name: grid(k).name })),
        photos: per((k) => db.select({ id: casePhotos.id }).from(casePhotos).where(eq(casePhotos.caseId, caseId(k))).get()!.id),
        accounts: per((k) => db.select({ id: accounts.id, username: accounts.username }).from(accounts).where(eq(accounts.username, ACCOUNT_NAMES[k])).get()!),
        statusToken: STATUS_TOKEN,
        intakeCode: db
          .select({ code: intakePoints.code })
          .from(intakePoints)
          .where(and(like(intakePoints.nodePath, `${grid('A').path}%`), eq(intakePoints.active, true)))
          .orderBy(asc(intakePoints.id))
          .get()!.code,
        apiToken: API_TOKEN,
      } satisfies ScopeRecords;
    },
    { behavior: 'immediate' },
  );
  const unused = stored.filter((p) => !used.includes(p));
  for (const p of unused) fs.rmSync(path.join(uploadsDir(), p.fileName), { force: true });
  return records;
}

async function main() {
  const { db, sqlite } = openDatabase();
  const records = await makeScopeRecords(db);
  sqlite.close();
  process.stdout.write(JSON.stringify(records));
}

if (process.argv[1]?.endsWith('scope-records.ts')) void main();
