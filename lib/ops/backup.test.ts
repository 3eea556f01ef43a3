import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { openDatabase, type DB } from '@/db/client';
import { seedDemo } from '@/db/demo/generate';
import { applyMigrations } from '@/db/migrate';
import { accounts } from '@/db/schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, type StoredPhoto } from '@/lib/cases/commands';
import { processPhotos } from '@/lib/cases/photos';
import { createBackup, listBackups, MANIFEST_FILE, PHOTOS_FOLDER, pruneBackups, verifyBackup } from './backup';
import { folderStore } from '@/lib/storage/blob-store';
import { databaseInUse, restoreBackup } from './restore';

let root: string;
let live: { db: DB; sqlite: Database.Database; file: string; uploads: string };

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-backup-'));
  const file = path.join(root, 'live', 'yinghuo.db');
  const uploads = path.join(root, 'live', 'uploads');
  // processPhotos writes where the server would: UPLOADS_DIR.
  process.env.UPLOADS_DIR = uploads;
  const { db, sqlite } = openDatabase(file);
  applyMigrations(db);
  seedDemo(db);
  live = { db, sqlite, file, uploads };
});
after(() => {
  live.sqlite.close();
  fs.rmSync(root, { recursive: true, force: true });
});

type Acknowledged = { id: number; number: string; photos: string[] };

/** A small photo with its own pixels, so every stored file has different bytes. */
async function photoFile(i: number): Promise<File> {
  const png = await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 90 } } }).png().toBuffer();
  return new File([new Uint8Array(png)], `slip-${i}.png`, { type: 'image/png' });
}

/**
 * A grid worker logging requests one after another, every third with a photo, as the server
 * would (photo stored first, then the case in one transaction), until told to stop. Each
 * acknowledged case is recorded the moment createCase returns. Photos are encoded ahead by a
 * second loop, so a write never waits for the encoder and the writer takes a turn of the event
 * loop between any two steps of the backup.
 */
function startWriteLoad(db: DB) {
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!;
  const user = loadUserSync(db, account.id)!;
  const actor = actorFromUser(user);
  const nodeId = user.scopeNodes[0]!.id;
  const acknowledged: Acknowledged[] = [];
  const ready: StoredPhoto[][] = [];
  let stopped = false;
  const nextTurn = () => new Promise((r) => setImmediate(r));
  const encoder = (async () => {
    for (let i = 0; !stopped; i++) {
      if (ready.length >= 3) {
        await nextTurn();
        continue;
      }
      const stored = await processPhotos([await photoFile(i)]);
      assert.ok(stored.ok);
      ready.push(stored.photos);
    }
  })();
  const writer = (async () => {
    for (let i = 0; !stopped; i++) {
      const photos = i % 3 === 0 ? (ready.shift() ?? []) : [];
      const result = createCaseSync(db, actor, { description: `心愿箱纸条 ${i}：楼道灯不亮`, source: 'wish_box', nodeId, urgency: 'normal', clientKey: `backup-load-${String(i).padStart(8, '0')}` }, photos);
      assert.ok(result.ok);
      acknowledged.push({ id: result.id, number: result.number, photos: photos.map((p) => p.fileName) });
      await nextTurn();
    }
  })();
  return {
    acknowledged,
    stop: async () => {
      stopped = true;
      await Promise.all([encoder, writer]);
    },
  };
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

describe('backup during a write load, then restore into a fresh folder', () => {
  let backupDir: string;
  let restored: { file: string; uploads: string };
  let ackedBefore: Acknowledged[];
  let during: number;

  before(async () => {
    backupDir = path.join(root, 'backups');
    const load = startWriteLoad(live.db);
    await until(() => load.acknowledged.length >= 30 && load.acknowledged.some((c) => c.photos.length > 0));
    ackedBefore = [...load.acknowledged];
    // Small steps: the copy takes many turns of the event loop, and the writer gets most of them.
    const backup = await createBackup({ databasePath: live.file, photos: folderStore(live.uploads), backupDir, keep: 14, pagesPerStep: 5 });
    during = load.acknowledged.length - ackedBefore.length;
    await until(() => load.acknowledged.length >= ackedBefore.length + during + 5);
    await load.stop();

    restored = { file: path.join(root, 'fresh', 'data', 'yinghuo.db'), uploads: path.join(root, 'fresh', 'uploads') };
    const result = await restoreBackup({ backup: backup.dir, databasePath: restored.file, photos: folderStore(restored.uploads) });
    assert.ok(result.ok, JSON.stringify(result));
  });

  it('the writes really ran while the backup was being taken', (t) => {
    t.diagnostic(`${ackedBefore.length} cases acknowledged before the backup, ${during} while it ran`);
    assert.ok(during > 0, `no case was logged during the backup (${ackedBefore.length} before)`);
  });

  it('every case acknowledged before the backup started is restored exactly once, with its timeline and its photos', () => {
    const copy = new Database(restored.file, { readonly: true });
    try {
      for (const c of ackedBefore) {
        const rows = copy.prepare('select id from cases where number = ?').all(c.number) as { id: number }[];
        assert.equal(rows.length, 1, `${c.number} restored once`);
        const timeline = (id: number, db: Database.Database) => db.prepare('select id, action, to_status as toStatus from case_events where case_id = ? order by id').all(id);
        assert.deepEqual(timeline(rows[0]!.id, copy), timeline(c.id, live.sqlite), `${c.number}: timeline`);
        assert.equal((timeline(rows[0]!.id, copy)[0] as { action: string }).action, 'submit');
        const photos = copy.prepare('select file_name from case_photos where case_id = ? order by id').pluck().all(rows[0]!.id);
        assert.deepEqual(photos, c.photos, `${c.number}: photo rows`);
        for (const photo of c.photos) {
          assert.deepEqual(fs.readFileSync(path.join(restored.uploads, photo)), fs.readFileSync(path.join(live.uploads, photo)), `${photo}: bytes`);
        }
      }
      assert.ok(ackedBefore.some((c) => c.photos.length > 0));
    } finally {
      copy.close();
    }
  });

  it('the backup holds a consistent moment: no case without its first event, no event without its case, every photo row with its file', () => {
    const copy = new Database(restored.file, { readonly: true });
    try {
      assert.equal(copy.prepare("select count(*) from cases c where not exists (select 1 from case_events e where e.case_id = c.id and e.action = 'submit')").pluck().get(), 0);
      assert.equal(copy.prepare('select count(*) from case_events e where not exists (select 1 from cases c where c.id = e.case_id)').pluck().get(), 0);
      const names = copy.prepare('select file_name from case_photos').pluck().all() as string[];
      for (const name of names) assert.ok(fs.existsSync(path.join(restored.uploads, name)), name);
    } finally {
      copy.close();
    }
  });

  it('the manifest records the time, every table with its rows, the photos and their checksums', () => {
    const [name] = listBackups(backupDir);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, name!, MANIFEST_FILE), 'utf8'));
    assert.ok(!Number.isNaN(Date.parse(manifest.createdAt)));
    assert.ok(manifest.database.tables.cases >= ackedBefore.length);
    assert.ok(manifest.database.tables.case_events >= manifest.database.tables.cases);
    assert.match(manifest.database.sha256, /^[0-9a-f]{64}$/);
    assert.equal(manifest.photos.count, Object.keys(manifest.photos.files).length);
    assert.equal(manifest.photos.count, manifest.database.tables.case_photos);
  });

  it('restore refuses while another connection (a server) has the database open, and changes nothing', async () => {
    // Opened as the server opens it (WAL), and used once.
    const server = openDatabase(restored.file).sqlite;
    try {
      server.prepare('select count(*) from cases').get();
      assert.equal(databaseInUse(restored.file), true);
      const [name] = listBackups(backupDir);
      const mtime = fs.statSync(restored.file).mtimeMs;
      const result = await restoreBackup({ backup: path.join(backupDir, name!), databasePath: restored.file, photos: folderStore(restored.uploads) });
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.reason, 'in_use');
      assert.equal(fs.statSync(restored.file).mtimeMs, mtime);
    } finally {
      server.close();
    }
    assert.equal(databaseInUse(restored.file), false);
  });

  it('restore refuses a backup whose photo or database was damaged', async () => {
    const [name] = listBackups(backupDir);
    const damaged = path.join(root, 'damaged');
    fs.cpSync(path.join(backupDir, name!), damaged, { recursive: true });
    const photo = fs.readdirSync(path.join(damaged, PHOTOS_FOLDER))[0]!;
    fs.appendFileSync(path.join(damaged, PHOTOS_FOLDER, photo), 'x');
    const target = path.join(root, 'never', 'yinghuo.db');
    const result = await restoreBackup({ backup: damaged, databasePath: target, photos: folderStore(path.join(root, 'never', 'uploads')) });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'verification_failed');
    assert.ok(!result.ok && result.problems.some((p) => p.includes(photo)));
    assert.equal(fs.existsSync(target), false);

    fs.cpSync(path.join(backupDir, name!, PHOTOS_FOLDER, photo), path.join(damaged, PHOTOS_FOLDER, photo));
    assert.equal(verifyBackup(damaged).ok, true);
    const db = path.join(damaged, 'yinghuo.db');
    const bytes = fs.readFileSync(db);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0xff, bytes.length - 100);
    fs.writeFileSync(db, bytes);
    const check = verifyBackup(damaged);
    assert.equal(check.ok, false);
    assert.ok(!check.ok && check.problems.some((p) => p.includes('checksum')));
  });
});

describe('rotation', () => {
  it('keeps the newest BACKUP_KEEP complete backups and deletes the older ones, never a partial one', () => {
    const dir = path.join(root, 'rotation');
    const names = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'].map((d) => `yinghuo-${d}T03-00-00-000Z`);
    for (const n of names) {
      fs.mkdirSync(path.join(dir, n), { recursive: true });
      fs.writeFileSync(path.join(dir, n, MANIFEST_FILE), '{}');
    }
    fs.mkdirSync(path.join(dir, '.partial-yinghuo-2026-12-02T03-00-00-000Z'));
    fs.mkdirSync(path.join(dir, 'my-notes'));
    assert.deepEqual(pruneBackups(dir, 2), [names[1], names[0]]);
    assert.deepEqual(listBackups(dir), [names[3], names[2]]);
    assert.ok(fs.existsSync(path.join(dir, 'my-notes')));
  });
});
