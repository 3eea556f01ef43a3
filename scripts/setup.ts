// CLI (`npm run setup`): first run of a real deployment on an empty database: the SQLite file at DATABASE_PATH, or
// the PostgreSQL database of a postgres:// DATABASE_URL.
import fs from 'node:fs';
import pg from 'pg';
import { databasePath, openDatabase } from '../db/client';
import { ENGINE } from '../db/engine';
import { applyMigrations } from '../db/migrate';
import { configuredPostgresUrl, displayUrl } from '../db/migrate-configured';
import { migratePgDatabase } from '../db/pg/migrate';
import { openSqliteStore, openStore, type Store } from '../db/store';
import { runSetup, setupSchema, type SetupInput } from '../lib/registry/setup';

const USAGE = `usage: npm run setup -- --county=<县> --township=<乡镇/街道> --community=<社区> [--admin=<账号>] [--admin-name=<姓名>]

  each value may come from the environment instead:
    YINGHUO_COUNTY, YINGHUO_TOWNSHIP, YINGHUO_COMMUNITY, YINGHUO_ADMIN (default admin),
    YINGHUO_ADMIN_NAME (default 系统管理员), YINGHUO_ADMIN_PASSWORD (at least 10 characters, letters and digits;
    without it a one-time password is generated, printed once, and must be changed at the first sign-in)
  the database is DATABASE_PATH (default .data/yinghuo.db), or the PostgreSQL database of DATABASE_URL=postgres://…;
  it must be empty or not exist yet.`;

const FLAGS: Record<string, { key: keyof SetupInput; env: string }> = {
  '--county': { key: 'county', env: 'YINGHUO_COUNTY' },
  '--township': { key: 'township', env: 'YINGHUO_TOWNSHIP' },
  '--community': { key: 'community', env: 'YINGHUO_COMMUNITY' },
  '--admin': { key: 'adminUsername', env: 'YINGHUO_ADMIN' },
  '--admin-name': { key: 'adminName', env: 'YINGHUO_ADMIN_NAME' },
};

function parseArgs(argv: readonly string[]): SetupInput {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[flag];
    // A password on the command line would stay in the shell history and the process list.
    if (flag === '--admin-password') fail('请通过环境变量 YINGHUO_ADMIN_PASSWORD 提供管理员密码，不要写在命令行上。', 2);
    if (!spec) fail(`未知参数：${arg}\n${USAGE}`, 2);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) fail(`参数 ${flag} 缺少取值\n${USAGE}`, 2);
    values[spec.key] = value;
  }
  const input: Record<string, string | undefined> = {};
  for (const { key, env } of Object.values(FLAGS)) input[key] = values[key] ?? (process.env[env] || undefined);
  input.adminPassword = process.env.YINGHUO_ADMIN_PASSWORD || undefined;
  const missing = Object.entries(FLAGS)
    .filter(([, s]) => ['county', 'township', 'community'].includes(s.key) && !input[s.key])
    .map(([flag]) => flag);
  if (missing.length > 0) fail(`缺少：${missing.join(', ')}\n${USAGE}`, 2);
  return input as unknown as SetupInput;
}

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const input = parseArgs(process.argv.slice(2));
// Bad input is refused before the database file is even created.
const checked = setupSchema.safeParse(input);
if (!checked.success) fail(`初始化未进行：${checked.error.issues.map((i) => i.message).join('；')}`, 2);

/** The tables whose rows mean somebody already uses the database (runSetup checks more, after migrating). */
const USED_TABLES = ['org_nodes', 'accounts', 'cases'];
const inUse = (where: string) =>
  fail(`数据库 ${where} 中已有数据，初始化只能在空数据库上进行，未做任何改动。\n升级已有数据库请用 npm run db:migrate；从头演示请用 npm run demo。`, 1);

/** SQLite: checks, migrates and opens the store on the file's connection; the caller closes both. */
function prepareSqlite(): { store: Store; where: string; created: boolean; done: () => void } {
  const file = databasePath();
  const existed = fs.existsSync(file);
  const { db, sqlite } = openDatabase(file);
  // A database someone already uses is left exactly as it is: not even migrated (that is `npm run db:migrate`).
  const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' and name in (${USED_TABLES.map(() => '?').join(', ')})`).all(...USED_TABLES) as { name: string }[];
  const used = tables.some(({ name }) => (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n > 0);
  if (used) {
    sqlite.close();
    inUse(file);
  }
  applyMigrations(db);
  // The setup's write goes through the engine-neutral store, on this very connection.
  return { store: openSqliteStore(file, { writer: sqlite }), where: file, created: !existed, done: () => sqlite.close() };
}

/** PostgreSQL: the same check before anything is migrated, then the migrations (under their lock) and a store. */
async function preparePostgres(): Promise<{ store: Store; where: string; created: boolean; done: () => void }> {
  const url = configuredPostgresUrl('npm run setup');
  const where = displayUrl(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of USED_TABLES) {
      const { rows } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [`public.${table}`]);
      if (rows[0]!.exists && (await client.query(`select 1 from "${table}" limit 1`)).rowCount) {
        await client.end();
        inUse(where);
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
  await migratePgDatabase(url);
  return { store: openStore(), where, created: false, done: () => {} };
}

async function main() {
  const { store, where, created, done } = ENGINE === 'pg' ? await preparePostgres() : prepareSqlite();
  try {
    const result = await runSetup(store, input);
    if (!result.ok) fail(`初始化未完成，数据库未写入组织或账号：${result.message}`, 1);
    console.log(`初始化完成：${where}${created ? '（新建）' : ''}`);
    console.log(`  组织：${input.county} › ${input.township} › ${input.community}`);
    console.log(`  事项分类：${result.categories} 类，采用默认办理时限（管理员可在“办理时限”页面调整）`);
    console.log(`  管理员账号：${result.adminUsername}（管辖 ${input.county} 全部）`);
    if (result.generatedPassword) {
      console.log('');
      console.log(`  一次性密码：${result.generatedPassword}`);
      console.log('  只显示这一次，请立即记下。首次登录后系统会要求设置新密码。');
    }
    console.log('');
    console.log('下一步：设置 AUTH_SECRET 后运行 npm run build && npm start，用管理员账号登录，建立网格、楼栋与账号。');
  } finally {
    await store.close();
    done();
  }
}
main().catch((error: unknown) => fail(`初始化失败：${(error as Error).message}`, 1));
