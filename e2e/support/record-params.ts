// The matrix's records as request parameters, and what an in-scope answer must show: shared by the e2e specs and
// lib/auth/scope-matrix.test.ts (no Playwright here).
import type { RecordKind } from './route-matrix';
import type { RecordKey, ScopeRecords } from './scope-records';

// Records that exist for nobody: an out-of-scope "missing" record must look exactly like these.
export const MISSING = { case: 'YH19990101-9999', id: '2147483000', statusToken: 'noSuchStatusLinkToken000', intakeCode: 'noSuchIntakeCode00' };

/** The path parameter for a record: the subject's in-scope or out-of-scope one; public secrets are valid (in) or unknown (out). */
export function recordParam(records: ScopeRecords, kind: RecordKind, key: RecordKey | 'missing', scoped: 'in' | 'out'): string {
  switch (kind) {
    case 'statusToken':
      return scoped === 'in' ? records.statusToken : MISSING.statusToken;
    case 'intakeCode':
      return scoped === 'in' ? records.intakeCode : MISSING.intakeCode;
    case 'case':
      return key === 'missing' ? MISSING.case : records.cases[key];
    case 'household':
      return key === 'missing' ? MISSING.id : String(records.households[key].id);
    case 'grid':
      return key === 'missing' ? MISSING.id : String(records.grids[key].id);
    case 'photo':
      return key === 'missing' ? MISSING.id : String(records.photos[key]);
    case 'visitPhoto':
      return key === 'missing' ? MISSING.id : String(records.visitPhotos[key]);
    case 'account':
      return key === 'missing' ? MISSING.id : String(records.accounts[key].id);
  }
}

/** Text an in-scope page must show, so "200" also means "the record's content, not an empty shell". */
export function recordMarker(records: ScopeRecords, kind: RecordKind, key: RecordKey): string | null {
  switch (kind) {
    case 'case':
      return records.cases[key];
    case 'statusToken':
      return records.cases.A;
    case 'household':
      return records.households[key].address;
    case 'grid':
      return records.grids[key].name;
    case 'account':
      return records.accounts[key].username;
    default:
      return null;
  }
}

/** "/cases/[number]" + "YH…" → "/cases/YH…": every route pattern here has at most one parameter. */
export function fillPattern(pattern: string, value: string | undefined): string {
  if (value === undefined) return pattern;
  return pattern.replace(/\[[^\]]+\]/, encodeURIComponent(value));
}
