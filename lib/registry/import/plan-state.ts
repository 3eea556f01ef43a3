// The planner's bookkeeping: rejected rows with their reasons, row outcomes, records created or changed in memory (with their state before), and new refs.
import { columnLetter, LEDGERS, type LedgerKind } from './columns';
import { FieldError } from './fields';
import type { Cell, LedgerSheet } from './read-workbook';
import type { World } from './world';

export type Rejection = { sheet: string; row: number; column: string; reason: string };
export type RowOutcome = 'new' | 'changed' | 'unchanged';
export type LedgerCounts = Record<RowOutcome | 'rejected', number>;

const RANK: Record<RowOutcome, number> = { unchanged: 0, changed: 1, new: 2 };
export const strongest = (a: RowOutcome, b: RowOutcome): RowOutcome => (RANK[a] >= RANK[b] ? a : b);

/** A refused row: which column and why. */
export class RowError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

export type EntityKind = 'households' | 'persons' | 'partyMembers' | 'centrals' | 'accounts';

export class PlanState {
  readonly rejections: Rejection[] = [];
  /** Refs created or changed, per kind, in the order they were first touched. */
  readonly touched: Record<EntityKind, Set<string>> = {
    households: new Set(), persons: new Set(), partyMembers: new Set(), centrals: new Set(), accounts: new Set(),
  };
  /** Existing records as they were before the plan changed them, for the audit's before → after. */
  readonly before = new Map<string, Record<string, unknown>>();
  /** Link changes: household ref → central ref, with the central it had before (null: none). */
  readonly linkChanges = new Map<string, { from: string | null; to: string }>();
  private seq = 0;

  constructor(
    readonly world: World,
    readonly today: Date,
  ) {}

  newRef(prefix: string): string {
    return `${prefix}+${++this.seq}`;
  }

  /**
   * Applies `patch` to a record, remembering its previous state once; returns whether a field
   * really changed. New records (id null) are simply marked touched.
   */
  patch<T extends { ref: string; id: number | null }>(kind: EntityKind, rec: T, patch: Partial<T>): RowOutcome {
    if (rec.id === null) {
      Object.assign(rec, patch);
      this.touched[kind].add(rec.ref);
      return 'new';
    }
    const differs = Object.entries(patch).some(([k, v]) => JSON.stringify((rec as Record<string, unknown>)[k] ?? null) !== JSON.stringify(v ?? null));
    if (!differs) return 'unchanged';
    if (!this.before.has(rec.ref)) this.before.set(rec.ref, { ...rec });
    Object.assign(rec, patch);
    this.touched[kind].add(rec.ref);
    return 'changed';
  }

  /** Whether an existing record differs from its state before the plan (a later row may have changed it back). */
  changedSinceLoad(rec: { ref: string; id: number | null }): boolean {
    const before = this.before.get(rec.ref);
    if (!before) return false;
    return Object.keys(before).some((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify((rec as Record<string, unknown>)[k] ?? null));
  }
}

/** Reads one sheet's rows: each row's cells by column key, a refusal recorded with its column, an outcome counted. */
export class SheetReader {
  readonly counts: LedgerCounts = { new: 0, changed: 0, unchanged: 0, rejected: 0 };
  readonly outcomes = new Map<number, RowOutcome>();

  constructor(
    readonly state: PlanState,
    readonly sheet: LedgerSheet,
  ) {}

  get kind(): LedgerKind {
    return this.sheet.kind;
  }

  has(key: string): boolean {
    return this.sheet.match.columns.has(key);
  }

  cell(cells: readonly Cell[], key: string): Cell {
    const column = this.sheet.match.columns.get(key);
    return column === undefined ? null : (cells[column - 1] ?? null);
  }

  /** Runs a field reader, turning its FieldError into a RowError of that column. */
  field<T>(key: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof FieldError) throw new RowError(key, error.message);
      throw error;
    }
  }

  columnLabel(key: string): string {
    const column = this.sheet.match.columns.get(key);
    const header = this.sheet.match.used.get(key) ?? LEDGERS[this.kind].columns.find((c) => c.key === key)?.header ?? key;
    return column === undefined ? header : `${header}（${columnLetter(column)}列）`;
  }

  reject(row: number, error: RowError): void {
    this.state.rejections.push({ sheet: this.sheet.name, row, column: this.columnLabel(error.key), reason: error.message });
    this.counts.rejected++;
  }

  /** Runs one row: its outcome is counted, or its refusal recorded. Unexpected errors propagate. */
  row(row: number, run: () => RowOutcome): void {
    try {
      this.outcomes.set(row, run());
    } catch (error) {
      if (error instanceof RowError) this.reject(row, error);
      else if (error instanceof FieldError) this.reject(row, new RowError('', error.message));
      else throw error;
    }
  }

  /** Raises a row's outcome after the fact (a household's first row, once the household's fate is known). */
  raise(row: number, outcome: RowOutcome): void {
    const current = this.outcomes.get(row);
    if (current) this.outcomes.set(row, strongest(current, outcome));
  }

  finish(): LedgerCounts {
    for (const o of this.outcomes.values()) this.counts[o]++;
    return this.counts;
  }
}
