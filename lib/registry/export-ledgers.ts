// The registry ledgers as .xlsx in the import template's layout (so export → import changes nothing), and the empty templates with their 填写说明 sheet.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Store } from '@/db/store';
import { writeAudit } from '@/lib/audit/log';
import { nextTurn } from '@/lib/jobs/yield';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { CARE_TAG_LABELS, RELATION_LABELS } from '@/lib/org/labels';
import { isoDate } from '@/lib/registry/identity';
import { LEDGER_FILE_NAMES, LEDGERS, type LedgerKind } from './import/columns';
import { GENDER_LABELS, HOUSEHOLD_STATUS_LABELS, PARTY_KIND_LABELS, PARTY_STATUS_LABELS, PERSON_STATUS_LABELS } from './import/fields';
import { IMPORTABLE_ROLES } from './import/plan-accounts';
import { mayImportInto, type Importer } from './import/plan';
import { readWorld, type NodeRec, type PersonRec, type World } from './import/world';
import { stripXmlForbidden } from '@/lib/validation/text';

type Row = Record<string, string | number | null>;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEDD5' } };
/** Columns Excel must keep as text: ID numbers lose digits as numbers, rooms like 0502 lose the zero. */
const TEXT_COLUMNS = new Set(['idNumber', 'memberIdNumber', 'partyIdNumber', 'phone', 'memberPhone', 'unit', 'room', 'centralUnit', 'centralRoom', 'linkedUnit', 'linkedRoom', 'building']);
const ROWS_PER_TURN = 500;

function addLedgerSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, kind: LedgerKind) {
  const spec = LEDGERS[kind];
  const sheet = workbook.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : {} }));
  const header = sheet.getRow(1);
  header.eachCell((cell) => (cell.style = { font: { bold: true }, fill: HEADER_FILL, alignment: { vertical: 'middle', horizontal: 'center' } }));
  header.commit();
  return sheet;
}

async function writeRows(sheet: ExcelJS.Worksheet, kind: LedgerKind, rows: Iterable<Row>): Promise<number> {
  const keys = LEDGERS[kind].columns.map((c) => c.key);
  let n = 0;
  for (const row of rows) {
    sheet.addRow(keys.map((k) => (typeof row[k] === 'string' ? stripXmlForbidden(row[k] as string) : (row[k] ?? null)))).commit();
    if (++n % ROWS_PER_TURN === 0) await nextTurn();
  }
  sheet.commit();
  return n;
}

/** The empty template of one ledger: its sheet with the headers, and a 填写说明 sheet with hints, an example and the accepted header variants. */
export async function writeTemplate(out: Writable, kind: LedgerKind): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '萤火 Yinghuo';
  addLedgerSheet(workbook, kind).commit();
  const spec = LEDGERS[kind];
  const help = workbook.addWorksheet('填写说明');
  help.columns = [{ width: 16 }, { width: 52 }, { width: 18 }, { width: 40 }];
  help.addRow([spec.title]).commit();
  help.addRow(['空白单元格不会清除系统中已有的信息；同一文件导入两次，第二次不会有任何改变。']).commit();
  help.addRow([]).commit();
  const head = help.addRow(['列名', '填写说明', '示例', '也可使用的列名']);
  head.eachCell((cell) => (cell.style = { font: { bold: true }, fill: HEADER_FILL }));
  head.commit();
  for (const c of spec.columns) help.addRow([c.header, c.hint ?? '', spec.example[c.key] ?? '', (c.variants ?? []).join('、')]).commit();
  help.commit();
  await workbook.commit();
}

// ---- rows of each ledger, from the same model the importer plans against --------------------

function placeOf(world: World, nodeRefValue: string): { grid: string; building: string } {
  const node = world.nodes.get(nodeRefValue) as NodeRec;
  if (node.kind === 'building' && node.parentId !== null) return { grid: world.nodes.get(`n:${node.parentId}`)?.name ?? '', building: node.name };
  return { grid: node.name, building: '' };
}

function personColumns(p: PersonRec, withIds: boolean): Row {
  return {
    name: p.name,
    gender: GENDER_LABELS[p.gender],
    birthDate: p.birthDate ?? '',
    idNumber: withIds ? (p.idNumber ?? '') : '',
    phone: p.phone ?? '',
  };
}

function* householdRows(world: World, withIds: boolean): Iterable<Row> {
  for (const h of world.households.values()) {
    const place = placeOf(world, h.nodeRef);
    const household: Row = {
      grid: place.grid, building: place.building, unit: h.unit ?? '', room: h.room, address: h.address,
      householdStatus: HOUSEHOLD_STATUS_LABELS[h.status], size: h.size, careTags: h.tags.map((t) => CARE_TAG_LABELS[t]).join('、'),
    };
    const members = (world.personsByHousehold.get(h.ref) ?? []).map((r) => world.persons.get(r)!);
    // A household without residents (vacant) still gets its row, with the person columns empty.
    if (members.length === 0) yield household;
    for (const p of members) {
      yield { ...household, ...personColumns(p, withIds), relation: RELATION_LABELS[p.relation], personStatus: PERSON_STATUS_LABELS[p.status], movedInOn: p.movedInOn ?? '' };
    }
  }
}

function* partyMemberRows(world: World, withIds: boolean): Iterable<Row> {
  const unitNames = new Map([...world.units.values()].map((u) => [u.id, u.name]));
  for (const m of world.partyMembers.values()) {
    const p = world.persons.get(m.personRef)!;
    const place = placeOf(world, m.nodeRef);
    yield {
      ...personColumns(p, withIds), kind: PARTY_KIND_LABELS[m.kind], workplace: m.workplace ?? '', unit: m.unitId ? (unitNames.get(m.unitId) ?? '') : '',
      grid: place.grid, building: place.building, registeredOn: m.registeredOn, status: PARTY_STATUS_LABELS[m.status], leftOn: m.leftOn ?? '',
    };
  }
}

function* centralRows(world: World, withIds: boolean): Iterable<Row> {
  const linksOf = new Map<string, string[]>();
  for (const [householdRef, centralRef] of world.links) (linksOf.get(centralRef) ?? linksOf.set(centralRef, []).get(centralRef)!).push(householdRef);
  const addressOf = (ref: string, prefix: 'central' | 'linked'): Row => {
    const h = world.households.get(ref)!;
    const place = placeOf(world, h.nodeRef);
    return { [`${prefix}Grid`]: place.grid, [`${prefix}Building`]: place.building, [`${prefix}Unit`]: h.unit ?? '', [`${prefix}Room`]: h.room };
  };
  for (const c of world.centrals.values()) {
    const p = world.persons.get(world.partyMembers.get(c.partyMemberRef)!.personRef)!;
    const central: Row = { ...addressOf(c.householdRef, 'central'), memberName: p.name, memberIdNumber: withIds ? (p.idNumber ?? '') : '', memberPhone: p.phone ?? '' };
    const links = linksOf.get(c.ref) ?? [];
    if (links.length === 0) yield central;
    for (const l of links) yield { ...central, ...addressOf(l, 'linked') };
  }
}

function* accountRows(world: World, exporterRole: 'admin' | 'secretary', withIds: boolean): Iterable<Row> {
  const roles = IMPORTABLE_ROLES[exporterRole];
  const unitNames = new Map([...world.units.values()].map((u) => [u.id, u.name]));
  for (const a of world.accounts.values()) {
    if (!a.withinCommunity || !roles.includes(a.role)) continue;
    const member = a.partyMemberRef ? world.partyMembers.get(a.partyMemberRef) : undefined;
    yield {
      username: a.username, displayName: a.displayName, phone: a.phone ?? '', role: ROLE_LABELS[a.role],
      scope: a.role === 'grid_worker' ? a.scopeRefs.map((r) => world.nodes.get(r)?.name ?? '').join('、') : '',
      unit: a.unitId ? (unitNames.get(a.unitId) ?? '') : '',
      partyIdNumber: withIds && member ? (world.persons.get(member.personRef)!.idNumber ?? '') : '',
      status: a.active ? '启用' : '停用',
    };
  }
}

export type LedgerExport = { fileName: string; write: (out: Writable) => Promise<void> };

/** Who may see ID numbers in an export: the administrator (everyone else sees them masked). */
export function mayExportIdNumbers(role: string): boolean {
  return role === 'admin';
}

/**
 * One ledger of a community as a download, audited when prepared. ID numbers only when the
 * exporter asks and is allowed; otherwise the column stays in place, empty (an empty cell
 * changes nothing on import, so the file still imports as a no-op).
 */
export async function prepareLedgerExport(
  store: Store,
  exporter: Importer,
  request: { communityId: number; kind: LedgerKind; includeIdNumbers: boolean },
  now = new Date(),
): Promise<LedgerExport | null> {
  if (exporter.role !== 'admin' && exporter.role !== 'secretary') return null;
  // The importer's model of the community (lib/registry/import/world.ts), read through the store's connection.
  const world = await readWorld(store.db, request.communityId);
  if (!world || !mayImportInto(exporter, world.community.path)) return null;
  const withIds = request.includeIdNumbers && mayExportIdNumbers(exporter.role);
  const rows =
    request.kind === 'households'
      ? householdRows(world, withIds)
      : request.kind === 'party_members'
        ? partyMemberRows(world, withIds)
        : request.kind === 'central_households'
          ? centralRows(world, withIds)
          : accountRows(world, exporter.role, withIds);
  await store.write((tx) =>
    writeAudit(
      tx,
      {
        accountId: exporter.id,
        action: 'export_ledger',
        subject: `node:${world.community.id}`,
        detail: JSON.stringify({ ledger: LEDGER_FILE_NAMES[request.kind], idNumbers: withIds }),
      },
      now,
    ),
  );
  return {
    fileName: `${LEDGER_FILE_NAMES[request.kind]}_${world.community.name}_${isoDate(now)}.xlsx`,
    write: async (out) => {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      workbook.creator = '萤火 Yinghuo';
      workbook.created = now;
      await writeRows(addLedgerSheet(workbook, request.kind), request.kind, rows);
      await workbook.commit();
    },
  };
}

/** Every ledger of a community in one workbook, audited like a single one (the tests' round trips use it). */
export async function writeAllLedgers(out: Writable, store: Store, exporter: Importer, communityId: number, includeIdNumbers: boolean, now = new Date()): Promise<void> {
  const world = await readWorld(store.db, communityId);
  if (!world || (exporter.role !== 'admin' && exporter.role !== 'secretary') || !mayImportInto(exporter, world.community.path)) throw new Error('not allowed to export this community');
  const withIds = includeIdNumbers && mayExportIdNumbers(exporter.role);
  const role = exporter.role;
  await store.write((tx) => writeAudit(tx, { accountId: exporter.id, action: 'export_ledger', subject: `node:${world.community.id}`, detail: JSON.stringify({ ledger: '全部台账', idNumbers: withIds }) }, now));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  await writeRows(addLedgerSheet(workbook, 'households'), 'households', householdRows(world, withIds));
  await writeRows(addLedgerSheet(workbook, 'party_members'), 'party_members', partyMemberRows(world, withIds));
  await writeRows(addLedgerSheet(workbook, 'central_households'), 'central_households', centralRows(world, withIds));
  await writeRows(addLedgerSheet(workbook, 'accounts'), 'accounts', accountRows(world, role, withIds));
  await workbook.commit();
}
