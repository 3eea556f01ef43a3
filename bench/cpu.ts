// CPU time of a process and its descendants (Linux /proc), for per-request costs that a busy machine does not distort
// as much as wall-clock throughput: other processes slow a request down, they do not add to its CPU time.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** User + system CPU milliseconds used so far by `pid` and every live process below it; null where /proc is absent. */
export function treeCpuMs(pid: number): number | null {
  if (!fs.existsSync(`/proc/${pid}/stat`)) return null;
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    ticks.set(Number(name), s.ticks);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), Number(name)]);
  }
  let total = 0;
  const walk = (p: number) => {
    total += ticks.get(p) ?? 0;
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return (total * 1000) / TICKS_PER_SECOND;
}

/**
 * The process that runs the app: a server started through tsx's CLI runs the script in a child process of its own,
 * so the app is the descendant of `pid` (or `pid` itself) with the most resident memory.
 */
export function appPid(pid: number): number {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s) parents.set(Number(name), s.ppid);
  }
  const family = [pid];
  for (let i = 0; i < family.length; i++) for (const [child, parent] of parents) if (parent === family[i]) family.push(child);
  const rss = (p: number) => {
    try {
      return Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0; // Gone meanwhile.
    }
  };
  return family.reduce((best, p) => (rss(p) > rss(best) ? p : best), pid);
}

/** User + system CPU milliseconds one process has used so far (NaN once it is gone). */
export function processCpuMs(pid: number): number {
  const s = stat(pid);
  return s ? (s.ticks * 1000) / TICKS_PER_SECOND : NaN;
}

/**
 * User + system CPU milliseconds of one process's main thread (its JavaScript's event loop) so far, NaN once it is
 * gone: a Node server is limited by that one thread when the rest of its CPU (libuv's pool: fsync, gzip) has a core.
 */
export function mainThreadCpuMs(pid: number): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
