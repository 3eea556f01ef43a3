// Which database engine this process runs on. Embedded SQLite (DATABASE_PATH, default .data/yinghuo.db) unless
// DATABASE_URL names a PostgreSQL server. YINGHUO_ENGINE overrides both (the test runner's second pass over the
// engine-neutral tests sets it to 'pg' and lets db/store-testing.ts make the database).
export type Engine = 'sqlite' | 'pg';

export function engineFrom(env: NodeJS.ProcessEnv = process.env): Engine {
  const forced = env.YINGHUO_ENGINE;
  if (forced === 'sqlite' || forced === 'pg') return forced;
  if (forced) throw new Error(`YINGHUO_ENGINE must be "sqlite" or "pg", not "${forced}"`);
  return /^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '') ? 'pg' : 'sqlite';
}

/** The engine of this process, fixed when first asked: table objects and statements are built for one engine. */
export const ENGINE: Engine = engineFrom();
