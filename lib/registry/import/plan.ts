// An import's plan: reads the workbook, plans every ledger sheet against the community's registry, and summarises what confirming would do.
import { createHash } from 'node:crypto';
import type { Role } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { LEDGER_ORDER, LEDGERS, type LedgerKind } from './columns';
import { idNumberField } from './fields';
import { planAccounts } from './plan-accounts';
import { planHouseholds } from './plan-households';
import { planCentralHouseholds, planPartyMembers } from './plan-party';
import { PlanState, type LedgerCounts, type Rejection } from './plan-state';
import { readWorkbookOnce, type LedgerSheet, type ReadResult, type WorkbookSource } from './read-workbook';
import { buildWorld, idNumbersElsewhere, readWorldSource, sourceDigest, type WorldSource } from './world';

export const IMPORTER_ROLES = ['admin', 'secretary'] as const satisfies readonly Role[];
export type Importer = { id: number; role: Role; scope: Scope };

export type LedgerPreview = {
  kind: LedgerKind;
  sheet: string;
  title: string;
  counts: LedgerCounts;
  /** Headers of the file nobody knows, reported rather than guessed at. */
  unknownColumns: string[];
  /** Header variants recognised, e.g. 户主姓名 → 姓名. */
  variants: { used: string; header: string }[];
};

export type Preview = {
  community: { id: number; name: string };
  ledgers: LedgerPreview[];
  rejections: Rejection[];
  newBuildings: { grid: string; name: string; sheet: string; row: number }[];
  ignoredSheets: string[];
  /** Records created / changed by kind, for the summary line. */
  records: Record<'households' | 'persons' | 'partyMembers' | 'centrals' | 'links' | 'accounts', { created: number; changed: number }>;
  /** Fingerprint of what confirming writes: confirmation refuses when it no longer matches. */
  digest: string;
};

export type PlanResult =
  | {
      ok: true;
      preview: Preview;
      state: PlanState;
      /** Fingerprint of the registry rows the plan started from (planBasis): confirming checks it inside the write. */
      basis: string;
    }
  | { ok: false; message: string };

/** The communities an importer may import into, checked again at every step: admin any in their scope, a secretary their own. */
export function mayImportInto(importer: Importer, communityPath: string): boolean {
  return (importer.role === 'admin' || importer.role === 'secretary') && isWithinScope(importer.scope, communityPath);
}

/** The ID numbers a sheet names (valid ones), for one query against other communities. */
function idNumbersOf(sheet: LedgerSheet, key: string, today: Date): string[] {
  const column = sheet.match.columns.get(key);
  if (column === undefined) return [];
  const out: string[] = [];
  for (const r of sheet.rows) {
    try {
      const id = idNumberField(r.cells[column - 1] ?? null, today);
      if (id) out.push(id);
    } catch {
      // refused later with its row and reason
    }
  }
  return out;
}

const REFUSED = { ok: false, message: '找不到该社区，或您无权向该社区导入' } as const;

export async function planImport(db: AppDb, importer: Importer, communityId: number, file: WorkbookSource, now = new Date()): Promise<PlanResult> {
  const source = await readWorldSource(db, communityId);
  if (!source || !mayImportInto(importer, source.community.path)) return REFUSED;
  const read = await readWorkbookOnce(file);
  if (!read.ok) return read;
  return planRead(db, importer, source, read, now);
}

export type WorkbookRead = Extract<ReadResult, { ok: true }>;

/**
 * The plan of a workbook already read, against the registry as `db` sees it now. No file is read, so a write can
 * plan again inside its transaction (apply.ts) without pausing on the disk.
 */
export async function planWorkbook(db: AppDb, importer: Importer, communityId: number, read: WorkbookRead, now = new Date()): Promise<PlanResult> {
  const source = await readWorldSource(db, communityId);
  if (!source || !mayImportInto(importer, source.community.path)) return REFUSED;
  return planRead(db, importer, source, read, now);
}

/**
 * The fingerprint of what planning `read` would start from on `db` now (a plan's `basis`), without planning it:
 * equal to a plan's basis means that plan is still the one `db` would make. Null when the importer may not import.
 */
export async function planBasis(db: AppDb, importer: Importer, communityId: number, read: WorkbookRead, now = new Date()): Promise<string | null> {
  const source = await readWorldSource(db, communityId);
  if (!source || !mayImportInto(importer, source.community.path)) return null;
  return (await startingPoint(db, source, read, now)).basis;
}

function fileIdNumbers(read: WorkbookRead, now: Date): string[] {
  const byKind = new Map(read.sheets.map((s) => [s.kind, s]));
  return [...idNumbersOf(byKind.get('households') ?? emptySheet, 'idNumber', now), ...idNumbersOf(byKind.get('party_members') ?? emptySheet, 'idNumber', now)];
}

async function startingPoint(db: AppDb, source: WorldSource, read: WorkbookRead, now: Date) {
  const world = buildWorld(source.community, source.rows);
  const elsewhere = await idNumbersElsewhere(db, world, fileIdNumbers(read, now));
  return { world, elsewhere, basis: sourceDigest(source, elsewhere) };
}

async function planRead(db: AppDb, importer: Importer, source: WorldSource, read: WorkbookRead, now: Date): Promise<PlanResult> {
  const { world, elsewhere, basis } = await startingPoint(db, source, read, now);
  const state = new PlanState(world, now);
  const byKind = new Map(read.sheets.map((s) => [s.kind, s]));
  const ledgers: LedgerPreview[] = [];
  for (const kind of LEDGER_ORDER) {
    const sheet = byKind.get(kind);
    if (!sheet) continue;
    if (kind === 'accounts' && importer.role !== 'admin' && importer.role !== 'secretary') continue;
    const reader =
      kind === 'households'
        ? planHouseholds(state, sheet, elsewhere)
        : kind === 'party_members'
          ? planPartyMembers(state, sheet, elsewhere)
          : kind === 'central_households'
            ? planCentralHouseholds(state, sheet)
            : planAccounts(state, sheet, importer.role as 'admin' | 'secretary');
    const spec = LEDGERS[kind];
    ledgers.push({
      kind,
      sheet: sheet.name,
      title: spec.title,
      counts: reader.finish(),
      unknownColumns: sheet.match.unknown.map((u) => u.header),
      variants: [...sheet.match.used].flatMap(([key, used]) => {
        const header = spec.columns.find((c) => c.key === key)!.header;
        return used === header ? [] : [{ used, header }];
      }),
    });
  }
  // A building named only by rejected rows is not created.
  const used = new Set<string>();
  for (const ref of state.touched.households) used.add(world.households.get(ref)!.nodeRef);
  for (const ref of state.touched.partyMembers) used.add(world.partyMembers.get(ref)!.nodeRef);
  for (const b of [...world.newBuildings.keys()]) if (!used.has(b)) world.newBuildings.delete(b);
  state.rejections.sort((a, b) => LEDGER_ORDER.indexOf(kindOf(read.sheets, a.sheet)) - LEDGER_ORDER.indexOf(kindOf(read.sheets, b.sheet)) || a.row - b.row);

  const count = (kind: 'households' | 'persons' | 'partyMembers' | 'centrals' | 'accounts') => {
    let created = 0;
    let changed = 0;
    for (const ref of state.touched[kind]) if (ref.includes('+')) created++;
    else changed++;
    return { created, changed };
  };
  const links = { created: 0, changed: 0 };
  for (const change of state.linkChanges.values()) if (change.from) links.changed++;
  else links.created++;
  const preview: Preview = {
    community: { id: world.community.id, name: world.community.name },
    ledgers,
    rejections: state.rejections,
    newBuildings: [...world.newBuildings.values()].map((b) => ({ grid: b.gridName, name: b.name, sheet: b.firstSeen.sheet, row: b.firstSeen.row })),
    ignoredSheets: read.ignoredSheets,
    records: { households: count('households'), persons: count('persons'), partyMembers: count('partyMembers'), centrals: count('centrals'), links, accounts: count('accounts') },
    digest: digestOf(state),
  };
  return { ok: true, preview, state, basis };
}

const emptySheet: LedgerSheet = { name: '', kind: 'households', headerRow: 0, match: { columns: new Map(), unknown: [], duplicates: [], used: new Map() }, rows: [] };

function kindOf(sheets: readonly LedgerSheet[], name: string): LedgerKind {
  return sheets.find((s) => s.name === name)?.kind ?? 'accounts';
}

/** Whether the plan writes anything at all. */
export function planIsEmpty(preview: Preview): boolean {
  return preview.newBuildings.length === 0 && Object.values(preview.records).every((r) => r.created === 0 && r.changed === 0);
}

/**
 * A fingerprint of every record the plan writes, with its fields. Confirmation plans the
 * stored file again and writes only when the fingerprint is the one the user saw.
 */
function digestOf(state: PlanState): string {
  const hash = createHash('sha256');
  const w = state.world;
  const recordsOf = {
    households: w.households,
    persons: w.persons,
    partyMembers: w.partyMembers,
    centrals: w.centrals,
    accounts: new Map([...w.accounts.values()].map((a) => [a.ref, a])),
  } as const;
  for (const b of w.newBuildings.values()) hash.update(`${b.ref}\n`);
  for (const kind of Object.keys(recordsOf) as (keyof typeof recordsOf)[]) {
    for (const ref of state.touched[kind]) hash.update(`${JSON.stringify(recordsOf[kind].get(ref))}\n`);
  }
  for (const [h, c] of state.linkChanges) hash.update(`${h}>${c.to}\n`);
  return hash.digest('hex').slice(0, 32);
}

