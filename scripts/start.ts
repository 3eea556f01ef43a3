// Starts the app (the production build, or `--dev` for next dev) with a persistent session secret.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function sessionSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  // Kept beside the demo database so sign-ins survive a restart, and never committed.
  const file = path.resolve('.data/auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

const port = process.env.PORT ?? '3000';
const nextBin = require.resolve('next/dist/bin/next');
console.log(`萤火 Yinghuo: http://localhost:${port}  (demo accounts in README.md, password Yinghuo@2026)`);
const mode = process.argv.includes('--dev') ? 'dev' : 'start';
const child = spawn(process.execPath, [nextBin, mode, '-p', port], {
  stdio: 'inherit',
  env: { ...process.env, AUTH_SECRET: sessionSecret(), NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
