// Starts the app (the production build, or `--dev` for next dev) with a persistent session secret.
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runServers } from './serve';

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

const port = Number(process.env.PORT ?? 3000);
process.env.AUTH_SECRET = sessionSecret();
process.env.NEXT_TELEMETRY_DISABLED = '1';
if (cluster.isPrimary) console.log(`萤火 Yinghuo: http://localhost:${port}  (demo accounts in README.md, password Yinghuo@2026)`);
void runServers({ port, dev: process.argv.includes('--dev') });
