// Confirming an import: the stored file is planned again, and only if it still plans what the user saw is everything written, in one write, each change audited.
import { randomInt } from 'node:crypto';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { AuditAction, CareTag } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import {
  accounts,
  accountScopes,
  auditLog,
  centralHouseholdLinks,
  centralHouseholds,
  householdCareTags,
  households,
  intakePoints,
  orgNodes,
  partyMembers,
  persons,
  sessions,
} from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { hashPassword } from '@/lib/auth/password';
import { intakePointName, newIntakeCode } from '@/lib/cases/intake-points';
import { changedFields } from '@/lib/registry/audit';
import { readCareTags } from '@/lib/registry/care-tags';
import { maskIdNumber } from '@/lib/registry/identity';
import { planBasis, planImport, planIsEmpty, planWorkbook, type Importer, type Preview } from './plan';
import type { PlanState } from './plan-state';
import { readWorkbookOnce, WORKBOOK_GONE, type WorkbookSource } from './read-workbook';
import type { AccountRec, HouseholdRec, PersonRec } from './world';

/** A new account's one-time password, shown to the importer once and stored nowhere but as a hash. */
export type IssuedPassword = { username: string; displayName: string; password: string };

export type ConfirmResult =
  | { ok: true; preview: Preview; issued: IssuedPassword[] }
  | { ok: false; message: string; preview?: Preview };

/** No 0/O, 1/l/I: read off a screen and typed on a phone. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
export function oneTimePassword(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

const CHANGED_SINCE_PREVIEW = '预览之后系统中的数据有了变化，请核对下面新的预览后再确认';

/** Thrown inside the write to roll it back when the plan no longer matches the preview. */
class PlanChanged extends Error {
  constructor(
    readonly result: Extract<ConfirmResult, { ok: false }>,
  ) {
    super(result.message);
  }
}

/**
 * `file`: the workbook (a path, or a staged upload). `meta.claim`, when given, runs first inside the write and must
 * return true for it to go on (the page's staged upload is consumed there, uploads.ts); false rolls the write back
 * and refuses: the upload is gone (imported by another confirmation, on this server or another, or expired).
 */
export type ConfirmMeta = { fileName: string; claim?: (tx: AppDb) => Promise<boolean> };

export async function confirmImport(store: Store, importer: Importer, communityId: number, file: WorkbookSource, digest: string, meta: ConfirmMeta, now = new Date()): Promise<ConfirmResult> {
  const planned = await planImport(store.db, importer, communityId, file, now);
  if (!planned.ok) return planned;
  if (planned.preview.digest !== digest) return { ok: false, message: CHANGED_SINCE_PREVIEW, preview: planned.preview };
  if (planIsEmpty(planned.preview)) return { ok: true, preview: planned.preview, issued: [] };
  // The workbook as planned (read once, kept in this process): the write below plans it again without reading it.
  const read = await readWorkbookOnce(file);
  if (!read.ok) return read;
  // Hashing is slow on purpose: done before the write so the write is held briefly. The plan inside the write
  // names the same new accounts by the same refs whenever its digest is the one checked here.
  const issued: IssuedPassword[] = [];
  const hashes = new Map<string, string>();
  for (const ref of planned.state.touched.accounts) {
    if (!ref.includes('+')) continue;
    const rec = [...planned.state.world.accounts.values()].find((a) => a.ref === ref)!;
    const password = oneTimePassword();
    issued.push({ username: rec.username, displayName: rec.displayName, password });
    hashes.set(ref, hashPassword(password));
  }
  try {
    await store.write(async (tx) => {
      // One confirmation per community at a time (on PostgreSQL across processes too), and the check against the
      // registry repeated where nothing can change it before the rows are written: when the rows the plan started
      // from are still the same, so is the plan; otherwise it is planned again and must still be what was previewed.
      await store.lockKey(tx, `import:${communityId}`);
      if (meta.claim && !(await meta.claim(tx))) throw new PlanChanged({ ok: false, message: WORKBOOK_GONE });
      let plan = planned;
      if ((await planBasis(tx, importer, communityId, read, now)) !== planned.basis) {
        const current = await planWorkbook(tx, importer, communityId, read, now);
        if (!current.ok) throw new PlanChanged(current);
        if (current.preview.digest !== digest) throw new PlanChanged({ ok: false, message: CHANGED_SINCE_PREVIEW, preview: current.preview });
        plan = current;
      }
      await applyPlan(tx, importer, plan.state, plan.preview, hashes, meta, now);
    });
  } catch (error) {
    if (error instanceof PlanChanged) return error.result;
    throw error;
  }
  return { ok: true, preview: planned.preview, issued };
}

/**
 * Rows per multi-row INSERT: thousands of rows go as a few dozen statements, not one statement per row. Bigger
 * statements cost more to build than they save (measured on SQLite: 500 rows of persons is near the best), and
 * every statement stays far below PostgreSQL's 65,535 bind parameters and SQLite's 32,766.
 */
const CHUNK_ROWS = 500;
const MAX_PARAMS = 30_000;
const chunkOf = (table: Parameters<typeof getTableColumns>[0]) => Math.max(1, Math.min(CHUNK_ROWS, Math.floor(MAX_PARAMS / Object.keys(getTableColumns(table)).length)));

type AuditRow = typeof auditLog.$inferInsert;

async function insertRows(tx: AppDb, table: typeof auditLog | typeof householdCareTags | typeof centralHouseholdLinks | typeof accountScopes | typeof intakePoints, rows: readonly object[], upsertLinks = false): Promise<void> {
  const size = chunkOf(table);
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size) as never[];
    if (upsertLinks) {
      await tx
        .insert(centralHouseholdLinks)
        .values(part)
        .onConflictDoUpdate({ target: centralHouseholdLinks.householdId, set: { centralHouseholdId: sql`excluded.central_household_id` } });
    } else {
      await tx.insert(table as typeof auditLog).values(part);
    }
  }
}

type WithId = typeof orgNodes | typeof households | typeof persons | typeof partyMembers | typeof centralHouseholds;

/**
 * Inserts rows in chunks and returns their new ids in the rows' order. The ids of one multi-row INSERT ascend in
 * the order of its VALUES on both engines (SQLite's rowid, PostgreSQL's identity sequence, evaluated row by row),
 * so they are sorted rather than trusting the order RETURNING lists them in.
 */
async function insertReturningIds<T extends WithId>(tx: AppDb, table: T, rows: readonly T['$inferInsert'][]): Promise<number[]> {
  const t = table as unknown as typeof households;
  const size = chunkOf(t);
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const returned = await tx
      .insert(t)
      .values(rows.slice(i, i + size) as never[])
      .returning({ id: t.id });
    ids.push(...returned.map((r) => r.id).sort((a, b) => a - b));
  }
  if (ids.length !== rows.length) throw new Error(`import: ${rows.length} rows inserted, ${ids.length} ids returned`);
  return ids;
}

/** Writes a plan on `tx`; throws (and so rolls everything back) on any failure. */
async function applyPlan(tx: AppDb, importer: Importer, state: PlanState, preview: Preview, passwordHashes: Map<string, string>, meta: { fileName: string }, now: Date): Promise<void> {
  const world = state.world;
  // Audit rows are collected in the order of the changes and written together at the end, in the same write.
  const auditRows: AuditRow[] = [];
  /** The same row recordChange writes (changed fields, before → after). */
  const audit = (action: AuditAction, subject: string, before: Record<string, unknown> | null, after: Record<string, unknown>) => {
    const fields = changedFields(before, after);
    if (Object.keys(fields).length === 0) return;
    auditRows.push({ accountId: importer.id, at: now, action, subject, detail: JSON.stringify(before === null ? { ...fields, note: '台账导入' } : fields) });
  };

  // Nodes: existing ones by ref, new buildings inserted under their grid.
  const nodes = new Map<string, { id: number; path: string }>();
  for (const [ref, n] of world.nodes) nodes.set(ref, { id: n.id, path: n.path });
  const newBuildings = [...world.newBuildings.values()].map((b) => ({ b, grid: world.nodes.get(`n:${b.gridId}`)! }));
  const buildingIds = await insertReturningIds(
    tx,
    orgNodes,
    newBuildings.map(({ b, grid }) => ({
      parentId: grid.id, kind: 'building' as const, name: b.name, path: `${grid.path}new:${b.ref}`, depth: grid.depth + 1, sortOrder: Number(/^(\d+)/.exec(b.name)?.[1] ?? 0),
    })),
  );
  const points: (typeof intakePoints.$inferInsert)[] = [];
  for (const [i, { b, grid }] of newBuildings.entries()) {
    const id = buildingIds[i]!;
    const path = `${grid.path}${id}/`;
    await tx.update(orgNodes).set({ path }).where(eq(orgNodes.id, id));
    nodes.set(b.ref, { id, path });
    // Like a building created in the org browser, it can be printed and scanned at once: its one intake point.
    points.push({ kind: 'building', name: intakePointName('building', b.name, grid.name), code: newIntakeCode(), nodeId: id, nodePath: path });
    audit('create_node', `node:${id}`, null, { kind: 'building', name: b.name, parent: grid.name, qrCodes: 1 });
  }
  await insertRows(tx, intakePoints, points);

  // Households.
  const householdIds = new Map<string, number>();
  for (const h of world.households.values()) if (h.id !== null) householdIds.set(h.ref, h.id);
  const householdFields = (h: HouseholdRec) => ({ unit: h.unit, room: h.room, address: h.address, size: h.size, status: h.status, statusSince: h.statusSince });
  const newHouseholds = [...state.touched.households].map((ref) => world.households.get(ref)!).filter((h) => h.id === null);
  const newHouseholdIds = await insertReturningIds(
    tx,
    households,
    newHouseholds.map((h) => {
      const node = nodes.get(h.nodeRef)!;
      return { nodeId: node.id, nodePath: node.path, ...householdFields(h) };
    }),
  );
  const newTags: { householdId: number; tag: CareTag }[] = [];
  for (const [i, h] of newHouseholds.entries()) {
    const id = newHouseholdIds[i]!;
    householdIds.set(h.ref, id);
    for (const tag of h.tags) newTags.push({ householdId: id, tag });
    audit('create_household', `household:${id}`, null, { ...householdFields(h), tags: h.tags });
  }
  await insertRows(tx, householdCareTags, newTags);
  for (const ref of state.touched.households) {
    const h = world.households.get(ref)!;
    if (h.id === null) continue;
    const before = state.before.get(ref) as HouseholdRec | undefined;
    if (!before) continue;
    const { tags: beforeTags, ...rest } = before;
    if (JSON.stringify(householdFields(rest as HouseholdRec)) !== JSON.stringify(householdFields(h))) {
      await tx.update(households).set(householdFields(h)).where(eq(households.id, h.id));
      audit('update_household', `household:${h.id}`, householdFields(rest as HouseholdRec), householdFields(h));
    }
    if (JSON.stringify(beforeTags) !== JSON.stringify(h.tags)) {
      // Tags kept keep their since-when and note; the rest follow the file (as writeCareTags does, audited the same
      // way, but with the audit row in the import's batch, in the order of the changes).
      const stored = await readCareTags(tx, h.id);
      const byTag = new Map(stored.map((t) => [t.tag, t]));
      const next = [...new Set(h.tags.filter((t) => t !== 'elderly_80'))]
        .map((tag) => byTag.get(tag) ?? { tag, since: null, note: null })
        .sort((a, b) => a.tag.localeCompare(b.tag));
      const fields = changedFields({ tags: stored }, { tags: next });
      if (Object.keys(fields).length > 0) {
        auditRows.push({ accountId: importer.id, at: now, action: 'update_care_tags', subject: `household:${h.id}`, detail: JSON.stringify(fields) });
        await tx.delete(householdCareTags).where(eq(householdCareTags.householdId, h.id));
        await insertRows(tx, householdCareTags, next.map((t) => ({ householdId: h.id!, ...t })));
      }
    }
  }

  // People.
  const personIds = new Map<string, number>();
  for (const p of world.persons.values()) if (p.id !== null) personIds.set(p.ref, p.id);
  const personFields = (p: PersonRec) => ({
    householdId: p.householdRef ? householdIds.get(p.householdRef)! : null,
    name: p.name, phone: p.phone, gender: p.gender, birthDate: p.birthDate, idNumber: p.idNumber, relation: p.relation, status: p.status, movedInOn: p.movedInOn,
  });
  // The audit log is read by administrators only, but keeps ID numbers masked all the same.
  const personAudit = (f: ReturnType<typeof personFields>) => ({ ...f, idNumber: f.idNumber ? maskIdNumber(f.idNumber) : null });
  const newPersons = [...state.touched.persons].map((ref) => world.persons.get(ref)!).filter((p) => p.id === null);
  const newPersonFields = newPersons.map(personFields);
  const newPersonIds = await insertReturningIds(tx, persons, newPersonFields);
  for (const [i, p] of newPersons.entries()) {
    const id = newPersonIds[i]!;
    personIds.set(p.ref, id);
    audit('create_person', `person:${id}`, null, personAudit(newPersonFields[i]!));
  }
  for (const ref of state.touched.persons) {
    const p = world.persons.get(ref)!;
    if (p.id === null) continue;
    const before = state.before.get(ref) as PersonRec | undefined;
    if (!before) continue;
    const fields = personFields(p);
    const old = personFields(before);
    if (JSON.stringify(old) === JSON.stringify(fields)) continue;
    await tx.update(persons).set(fields).where(eq(persons.id, p.id));
    audit('update_person', `person:${p.id}`, personAudit(old), personAudit(fields));
  }

  // Party members.
  const memberIds = new Map<string, number>();
  for (const m of world.partyMembers.values()) if (m.id !== null) memberIds.set(m.ref, m.id);
  const memberFields = (ref: string) => {
    const m = world.partyMembers.get(ref)!;
    const node = nodes.get(m.nodeRef)!;
    return {
      personId: personIds.get(m.personRef)!, kind: m.kind, workplace: m.workplace, unitId: m.unitId, nodeId: node.id, nodePath: node.path,
      registeredOn: m.registeredOn, status: m.status, leftOn: m.leftOn,
    };
  };
  const newMembers = [...state.touched.partyMembers].filter((ref) => world.partyMembers.get(ref)!.id === null);
  const newMemberFields = newMembers.map(memberFields);
  const newMemberIds = await insertReturningIds(tx, partyMembers, newMemberFields);
  for (const [i, ref] of newMembers.entries()) {
    const id = newMemberIds[i]!;
    memberIds.set(ref, id);
    audit('create_party_member', `party_member:${id}`, null, newMemberFields[i]!);
  }
  for (const ref of state.touched.partyMembers) {
    const m = world.partyMembers.get(ref)!;
    if (m.id === null) continue;
    const before = state.before.get(ref);
    if (!before) continue;
    const fields = memberFields(ref);
    const beforeNode = nodes.get(before.nodeRef as string)!;
    const old = { ...fields, kind: before.kind, workplace: before.workplace, unitId: before.unitId, nodeId: beforeNode.id, nodePath: beforeNode.path, registeredOn: before.registeredOn, status: before.status, leftOn: before.leftOn };
    await tx.update(partyMembers).set(fields).where(eq(partyMembers.id, m.id));
    audit('update_party_member', `party_member:${m.id}`, old as Record<string, unknown>, fields);
  }

  // Central households and the households they look after.
  const centralIds = new Map<string, number>();
  for (const c of world.centrals.values()) if (c.id !== null) centralIds.set(c.ref, c.id);
  const centralFields = (ref: string) => {
    const c = world.centrals.get(ref)!;
    return { householdId: householdIds.get(c.householdRef)!, partyMemberId: memberIds.get(c.partyMemberRef)! };
  };
  const newCentrals = [...state.touched.centrals].filter((ref) => world.centrals.get(ref)!.id === null);
  const newCentralFields = newCentrals.map(centralFields);
  const newCentralIds = await insertReturningIds(tx, centralHouseholds, newCentralFields);
  for (const [i, ref] of newCentrals.entries()) {
    const id = newCentralIds[i]!;
    centralIds.set(ref, id);
    audit('update_central_household', `central_household:${id}`, null, newCentralFields[i]!);
  }
  for (const ref of state.touched.centrals) {
    const c = world.centrals.get(ref)!;
    if (c.id === null) continue;
    const fields = centralFields(ref);
    const before = state.before.get(ref);
    await tx.update(centralHouseholds).set(fields).where(eq(centralHouseholds.id, c.id));
    audit('update_central_household', `central_household:${c.id}`, { partyMemberId: memberIds.get(before?.partyMemberRef as string) ?? null }, { partyMemberId: fields.partyMemberId });
  }
  const links: { householdId: number; centralHouseholdId: number }[] = [];
  for (const [householdRef, change] of state.linkChanges) {
    const householdId = householdIds.get(householdRef)!;
    const centralHouseholdId = centralIds.get(change.to)!;
    links.push({ householdId, centralHouseholdId });
    audit('update_central_household', `household:${householdId}`, { centralHouseholdId: change.from ? centralIds.get(change.from)! : null }, { centralHouseholdId });
  }
  await insertRows(tx, centralHouseholdLinks, links, true);

  // Accounts: a handful per import, one by one.
  const accountsByRef = new Map<string, AccountRec>([...world.accounts.values()].map((a) => [a.ref, a]));
  const accountFields = (a: AccountRec) => ({
    displayName: a.displayName, phone: a.phone, unitId: a.unitId, partyMemberId: a.partyMemberRef ? memberIds.get(a.partyMemberRef)! : null, active: a.active,
  });
  const scopeIds = (a: AccountRec) => a.scopeRefs.map((r) => nodes.get(r)!.id);
  for (const ref of state.touched.accounts) {
    const a = accountsByRef.get(ref)!;
    if (a.id === null) {
      const [created] = await tx
        .insert(accounts)
        .values({ username: a.username, role: a.role, passwordHash: passwordHashes.get(ref)!, mustChangePassword: true, createdAt: now, ...accountFields(a) })
        .returning({ id: accounts.id });
      const id = created!.id;
      await insertRows(tx, accountScopes, scopeIds(a).map((nodeId) => ({ accountId: id, nodeId })));
      audit('create_account', `account:${id}`, null, { username: a.username, role: a.role, ...accountFields(a), scope: scopeIds(a), oneTimePassword: '已生成，仅向导入人显示一次' });
      continue;
    }
    const before = state.before.get(ref) as AccountRec | undefined;
    if (!before) continue;
    await tx.update(accounts).set(accountFields(a)).where(eq(accounts.id, a.id));
    await tx.delete(accountScopes).where(eq(accountScopes.accountId, a.id));
    await insertRows(tx, accountScopes, scopeIds(a).map((nodeId) => ({ accountId: a.id!, nodeId })));
    // A disabled account's sessions end now, not when they expire.
    if (before.active && !a.active) await tx.delete(sessions).where(eq(sessions.accountId, a.id));
    const action = before.active === a.active ? 'update_account' : a.active ? 'enable_account' : 'disable_account';
    audit(action, `account:${a.id}`, { ...accountFields(before), scope: scopeIds(before) }, { ...accountFields(a), scope: scopeIds(a) });
  }

  await insertRows(tx, auditLog, auditRows);
  await writeAudit(
    tx,
    {
      accountId: importer.id,
      action: 'import_ledger',
      subject: `node:${preview.community.id}`,
      detail: JSON.stringify({ file: meta.fileName, sheets: preview.ledgers.map((l) => ({ sheet: l.sheet, ...l.counts })), records: preview.records, newBuildings: preview.newBuildings.length }),
    },
    now,
  );
}
