// Rows of a prepared SQLite select, read as arrays (`.values()`) and turned into objects by a mapper built once for
// its columns. drizzle's own mapping (`.all()`) works out, for every field of every row, what kind of field it is
// (`is(field, Column)`, which walks the prototype chain) before decoding it; for the API's page of 20 cases × 22
// columns that took a fifth of the list's CPU. The mapper asks once, when it is built, and then only decodes.
import { Column, getTableColumns, is, type Table } from 'drizzle-orm';

/**
 * A mapper from a row of `fields` (in the order drizzle selects them: the record's own order) to the object `.all()`
 * would give. Flat selections of table columns only (no nested objects, no SQL expressions): anything else is a
 * programming error, refused when the mapper is built.
 */
export function rowMapper<Row>(fields: Record<string, unknown>): (row: unknown[]) => Row {
  const names: string[] = [];
  const columns: Column[] = [];
  for (const [name, field] of Object.entries(fields)) {
    if (!is(field, Column)) throw new Error(`rowMapper: ${name} is not a table column`);
    names.push(name);
    columns.push(field);
  }
  return (row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = row[i];
      out[names[i]!] = value === null ? null : columns[i]!.mapFromDriverValue(value);
    }
    return out as Row;
  };
}

/** A prepared statement read as arrays (drizzle's `.values()`). */
type ArrayStatement = { values(params?: Record<string, unknown>): unknown[][] };

/**
 * The first row of a prepared statement that selects `fields` (flat table columns, as rowMapper takes them), as the
 * statement's `.get()` gives it, or undefined: for lookups of one row that every request or command runs.
 */
export function firstRow<Row>(fields: Record<string, unknown>, statement: ArrayStatement): (params: Record<string, unknown>) => Row | undefined {
  const map = rowMapper<Row>(fields);
  return (params) => {
    const rows = statement.values(params);
    return rows.length === 0 ? undefined : map(rows[0]!);
  };
}

/**
 * firstRow of a statement of whole rows of `table` (`select().from(table)` or a bare `.returning()`, which both list
 * the table's columns in its own order). The case commands read a case this way several times each (a case has
 * 40-odd columns): drizzle's `.get()` spent ~15 µs a row asking each field what it is.
 */
export function firstWholeRow<T extends Table>(table: T, statement: ArrayStatement): (params: Record<string, unknown>) => T['$inferSelect'] | undefined {
  return firstRow<T['$inferSelect']>(getTableColumns(table), statement);
}
