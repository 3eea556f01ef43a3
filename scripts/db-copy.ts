// CLI: `npm run db:copy -- --from sqlite:<file> --to postgres://…` — copies a county's SQLite database into an empty,
// migrated PostgreSQL database and verifies every table (row count and checksum); `--verify-only` only compares.
// Exit codes: 0 copied (or compared) and verified, 1 a table differs or the copy failed, 2 refused (bad arguments,
// a non-empty or differently migrated target; nothing was written).
import { copySqliteToPostgres, CopyRefused, formatChecks, parseCopyArgs, verifyCopy, type TableCheck } from '../db/pg/copy';

async function main(): Promise<number> {
  const args = parseCopyArgs(process.argv.slice(2));
  const progress = (m: string) => console.log(`  ${m}`);
  const target = new URL(args.to);
  target.password = target.password ? '***' : '';
  console.log(`${args.verifyOnly ? 'Comparing' : 'Copying'} ${args.from} → ${target.toString()}`);
  let checks: TableCheck[];
  if (args.verifyOnly) {
    checks = await verifyCopy({ from: args.from, to: args.to, progress });
  } else {
    const result = await copySqliteToPostgres({ from: args.from, to: args.to, batchRows: args.batch, progress });
    checks = result.checks;
    console.log(
      `Copied ${result.rows} rows in ${result.copySeconds.toFixed(1)} s (${Math.round(result.rows / result.copySeconds)} rows/s), verified in ${result.verifySeconds.toFixed(1)} s.`,
    );
  }
  console.log(formatChecks(checks));
  const bad = checks.filter((c) => !c.ok);
  if (bad.length > 0) {
    console.error(`${bad.length} table(s) differ: ${bad.map((c) => c.table).join(', ')}`);
    return 1;
  }
  console.log(`All ${checks.length} tables verified: same row counts and checksums.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CopyRefused) {
      console.error(`Refused: ${error.message}`);
      process.exit(2);
    }
    console.error(`db:copy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
