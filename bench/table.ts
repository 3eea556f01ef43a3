// The benchmarks' result tables: one row per measurement, printed aligned, with a verdict per row.
import { percentile, type Timing } from './http';

/** One line of a result table; `ok` decides the exit code. */
export interface Row {
  cells: string[];
  ok: boolean;
  note?: string;
}

export const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');

export function timingRow(what: string, t: Timing, targetP95: number): Row {
  const p95 = percentile(t.samples, 95);
  const wrong = [...t.unexpected].map(([status, times]) => `${times}× HTTP ${status}`).join(', ');
  return {
    cells: [what, String(t.samples.length), `${(t.meanBytes / 1024).toFixed(1)} KB`, ms(percentile(t.samples, 50)), ms(p95), ms(Math.max(...t.samples)), `p95 < ${targetP95} ms`],
    ok: t.unexpected.size === 0 && p95 < targetP95,
    note: wrong ? `unexpected answers: ${wrong}` : undefined,
  };
}

export function printTable(head: readonly string[], rows: readonly Row[]) {
  // CJK characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const all = [[...head, 'result'], ...rows.map((r) => [...r.cells, r.ok ? 'ok' : 'MISSED'])];
  const widths = head.map((_, i) => Math.max(...all.map((c) => width(c[i] ?? '')))).concat(6);
  const line = (c: string[]) => c.map((s, i) => (i === 0 ? s + ' '.repeat(widths[i]! - width(s)) : ' '.repeat(widths[i]! - width(s)) + s)).join('  ');
  console.log(`\n${line(all[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const [i, r] of rows.entries()) {
    console.log(line(all[i + 1]!));
    if (r.note) console.log(`    ${r.note}`);
  }
}
