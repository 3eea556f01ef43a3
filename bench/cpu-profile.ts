// `npx tsx bench/cpu-profile.ts <file.cpuprofile> [--top N] [--under REGEX] [--since MS]`: where the CPU of a
// `node --cpu-prof` run went — the functions by self time and by inclusive time, and the time by package (next,
// drizzle-orm, zod, react, node's own, the app), optionally only of the samples under a function (--under REGEX) — to read a profile of `bench:commands` or of the server under
// `bench:throughput` (BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…") without a browser.
import fs from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Which package (or part of node) a frame's code belongs to. */
export function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  if (/\.next\/server\/chunks\/|\.next\/server\/app\//.test(url)) return '(app bundle)';
  if (/\/(lib|db|app|bench|scripts)\//.test(url)) return '(app source)';
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

export function summarise(profile: Profile, { top = 30, under, sinceMs = 0 }: { top?: number; under?: RegExp; sinceMs?: number } = {}): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(\.next|lib|db|app|bench|scripts)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if ((t - profile.startTime) / 1000 < sinceMs) continue;
    const leaf = byId.get(profile.samples[i]!)!;
    if (leaf.callFrame.functionName === '(idle)') {
      idle += delta;
      continue;
    }
    if (under) {
      let inside = false;
      for (let id: number | undefined = leaf.id; id !== undefined && !inside; id = parent.get(id)) inside = under.test(key(byId.get(id)!));
      if (!inside) continue;
    }
    total += delta;
    self.set(key(leaf), (self.get(key(leaf)) ?? 0) + delta);
    const pkg = packageOf(leaf.callFrame.url, leaf.callFrame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
    }
  }
  const msOf = (us: number) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${msOf(us)}  ${k}`)
      .join('\n');
  return [
    `busy ${(total / 1000).toFixed(0)} ms${under ? ` under /${under.source}/` : ''}, idle ${(idle / 1000).toFixed(0)} ms`,
    '\n-- by package (self time) --',
    list(packages, 25),
    '\n-- functions by self time --',
    list(self, top),
    '\n-- functions by inclusive time --',
    list(inclusive, top),
  ].join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/cpu-profile.ts <file.cpuprofile> [--top N] [--under REGEX] [--since MS]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const under = argument('--under');
  console.log(summarise(profile, { top: Number(argument('--top') ?? 30), under: under ? new RegExp(under) : undefined, sinceMs: Number(argument('--since') ?? 0) }));
}
