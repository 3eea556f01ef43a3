// Confirming an import: the stored file is planned again, and only if it still plans what the user saw is everything written, in one transaction, each change audited.
import { randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import {
  accounts,
  accountScopes,
  auditLog,
  type AuditAction,
  centralHouseholdLinks,
  centralHouseholds,
  householdCareTags,
  households,
  orgNodes,
  partyMembers,
  persons,
} from '@/db/schema';
import { insertMissingIntakePoints } from '@/lib/cases/intake-points';
import { recordAudit } from '@/lib/audit/log';
import { hashPassword } from '@/lib/auth/password';
import { endAccountSessionsSync } from '@/lib/auth/sessions';
import { changedFields } from '@/lib/registry/audit';
import { setCareTags, storedCareTags } from '@/lib/registry/care-tags';
import { maskIdNumber } from '@/lib/registry/identity';
import { planImport, planIsEmpty, type Importer, type Preview } from './plan';
import type { PlanState } from './plan-state';
import type { AccountRec, HouseholdRec, PersonRec } from './world';

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

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

export async function confirmImport(db: DB, importer: Importer, communityId: number, file: string, digest: string, meta: { fileName: string }, now = new Date()): Promise<ConfirmResult> {
  const planned = await planImport(db, importer, communityId, file, now);
  if (!planned.ok) return planned;
  if (planned.preview.digest !== digest) {
    return { ok: false, message: '预览之后系统中的数据有了变化，请核对下面新的预览后再确认', preview: planned.preview };
  }
  if (planIsEmpty(planned.preview)) return { ok: true, preview: planned.preview, issued: [] };
  // Hashing is slow on purpose: done before the transaction so the write lock is held briefly.
  const issued: IssuedPassword[] = [];
  const hashes = new Map<string, string>();
  for (const ref of planned.state.touched.accounts) {
    if (!ref.includes('+')) continue;
    const rec = [...planned.state.world.accounts.values()].find((a) => a.ref === ref)!;
    const password = oneTimePassword();
    issued.push({ username: rec.username, displayName: rec.displayName, password });
    hashes.set(ref, hashPassword(password));
  }
  db.transaction((tx) => applyPlan(tx, importer, planned.state, planned.preview, hashes, meta, now), { behavior: 'immediate' });
  return { ok: true, preview: planned.preview, issued };
}

/** Writes a plan; throws (and so rolls everything back) on any failure. */
function applyPlan(tx: Tx, importer: Importer, state: PlanState, preview: Preview, passwordHashes: Map<string, string>, meta: { fileName: string }, now: Date): void {
  const world = state.world;
  const actor = { accountId: importer.id };
  // Tens of thousands of rows: prepared once, so each row costs a bind and a step, not a query build.
  const p = (name: string) => sql.placeholder(name);
  const insertAudit = tx.insert(auditLog).values({ accountId: importer.id, at: now, action: p('action'), subject: p('subject'), detail: p('detail') }).prepare();
  const insertHousehold = tx
    .insert(households)
    .values({ nodeId: p('nodeId'), nodePath: p('nodePath'), unit: p('unit'), room: p('room'), address: p('address'), size: p('size'), status: p('status'), statusSince: p('statusSince') })
    .prepare();
  const insertPerson = tx
    .insert(persons)
    .values({
      householdId: p('householdId'), name: p('name'), phone: p('phone'), gender: p('gender'), birthDate: p('birthDate'), idNumber: p('idNumber'),
      relation: p('relation'), status: p('status'), movedInOn: p('movedInOn'),
    })
    .prepare();
  const insertLink = tx
    .insert(centralHouseholdLinks)
    .values({ householdId: p('householdId'), centralHouseholdId: p('centralHouseholdId') })
    .onConflictDoUpdate({ target: centralHouseholdLinks.householdId, set: { centralHouseholdId: sql`excluded.central_household_id` } })
    .prepare();
  /** The same row recordChange writes (changed fields, before → after), through the prepared statement. */
  const audit = (action: AuditAction, subject: string, before: Record<string, unknown> | null, after: Record<string, unknown>) => {
    const fields = changedFields(before, after);
    if (Object.keys(fields).length === 0) return;
    insertAudit.run({ action, subject, detail: JSON.stringify(before === null ? { ...fields, note: '台账导入' } : fields) });
  };

  // Nodes: existing ones by ref, new buildings inserted under their grid.
  const nodes = new Map<string, { id: number; path: string }>();
  for (const [ref, n] of world.nodes) nodes.set(ref, { id: n.id, path: n.path });
  for (const b of world.newBuildings.values()) {
    const grid = world.nodes.get(`n:${b.gridId}`)!;
    const sortOrder = Number(/^(\d+)/.exec(b.name)?.[1] ?? 0);
    const id = Number(
      tx.insert(orgNodes).values({ parentId: grid.id, kind: 'building', name: b.name, path: `${grid.path}new:${b.ref}`, depth: grid.depth + 1, sortOrder }).run().lastInsertRowid,
    );
    const path = `${grid.path}${id}/`;
    tx.update(orgNodes).set({ path }).where(eq(orgNodes.id, id)).run();
    nodes.set(b.ref, { id, path });
    // Like a building created in the org browser, it can be printed and scanned at once.
    const qrCodes = insertMissingIntakePoints(tx, [id]);
    audit('create_node', `node:${id}`, null, { kind: 'building', name: b.name, parent: grid.name, qrCodes });
  }

  // Households.
  const householdIds = new Map<string, number>();
  for (const h of world.households.values()) if (h.id !== null) householdIds.set(h.ref, h.id);
  const householdFields = (h: HouseholdRec) => ({ unit: h.unit, room: h.room, address: h.address, size: h.size, status: h.status, statusSince: h.statusSince });
  for (const ref of state.touched.households) {
    const h = world.households.get(ref)!;
    const node = nodes.get(h.nodeRef)!;
    if (h.id === null) {
      const id = Number(insertHousehold.run({ nodeId: node.id, nodePath: node.path, ...householdFields(h) }).lastInsertRowid);
      householdIds.set(ref, id);
      if (h.tags.length > 0) tx.insert(householdCareTags).values(h.tags.map((tag) => ({ householdId: id, tag }))).run();
      audit('create_household', `household:${id}`, null, { ...householdFields(h), tags: h.tags });
      continue;
    }
    const before = state.before.get(ref) as HouseholdRec | undefined;
    if (!before) continue;
    const { tags: beforeTags, ...rest } = before;
    if (JSON.stringify(householdFields(rest as HouseholdRec)) !== JSON.stringify(householdFields(h))) {
      tx.update(households).set(householdFields(h)).where(eq(households.id, h.id)).run();
      audit('update_household', `household:${h.id}`, householdFields(rest as HouseholdRec), householdFields(h));
    }
    if (JSON.stringify(beforeTags) !== JSON.stringify(h.tags)) {
      // Tags kept keep their since-when and note; the rest follow the file.
      const stored = new Map(storedCareTags(tx, h.id).map((t) => [t.tag, t]));
      const next = h.tags.filter((t) => t !== 'elderly_80').map((tag) => stored.get(tag as never) ?? { tag: tag as never, since: null, note: null });
      setCareTags(tx, actor, h.id, next, now);
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
  for (const ref of state.touched.persons) {
    const p = world.persons.get(ref)!;
    const fields = personFields(p);
    if (p.id === null) {
      const id = Number(insertPerson.run(fields).lastInsertRowid);
      personIds.set(ref, id);
      audit('create_person', `person:${id}`, null, personAudit(fields));
      continue;
    }
    const before = state.before.get(ref) as PersonRec | undefined;
    if (!before) continue;
    const old = personFields(before);
    if (JSON.stringify(old) === JSON.stringify(fields)) continue;
    tx.update(persons).set(fields).where(eq(persons.id, p.id)).run();
    audit('update_person', `person:${p.id}`, personAudit(old), personAudit(fields));
  }

  // Party members.
  const memberIds = new Map<string, number>();
  for (const m of world.partyMembers.values()) if (m.id !== null) memberIds.set(m.ref, m.id);
  for (const ref of state.touched.partyMembers) {
    const m = world.partyMembers.get(ref)!;
    const node = nodes.get(m.nodeRef)!;
    const fields = {
      personId: personIds.get(m.personRef)!, kind: m.kind, workplace: m.workplace, unitId: m.unitId, nodeId: node.id, nodePath: node.path,
      registeredOn: m.registeredOn, status: m.status, leftOn: m.leftOn,
    };
    if (m.id === null) {
      const id = Number(tx.insert(partyMembers).values(fields).run().lastInsertRowid);
      memberIds.set(ref, id);
      audit('create_party_member', `party_member:${id}`, null, fields);
      continue;
    }
    const before = state.before.get(ref);
    if (!before) continue;
    const beforeNode = nodes.get(before.nodeRef as string)!;
    const old = { ...fields, kind: before.kind, workplace: before.workplace, unitId: before.unitId, nodeId: beforeNode.id, nodePath: beforeNode.path, registeredOn: before.registeredOn, status: before.status, leftOn: before.leftOn };
    tx.update(partyMembers).set(fields).where(eq(partyMembers.id, m.id)).run();
    audit('update_party_member', `party_member:${m.id}`, old as Record<string, unknown>, fields);
  }

  // Central households and the households they look after.
  const centralIds = new Map<string, number>();
  for (const c of world.centrals.values()) if (c.id !== null) centralIds.set(c.ref, c.id);
  for (const ref of state.touched.centrals) {
    const c = world.centrals.get(ref)!;
    const fields = { householdId: householdIds.get(c.householdRef)!, partyMemberId: memberIds.get(c.partyMemberRef)! };
    if (c.id === null) {
      const id = Number(tx.insert(centralHouseholds).values(fields).run().lastInsertRowid);
      centralIds.set(ref, id);
      audit('update_central_household', `central_household:${id}`, null, fields);
      continue;
    }
    const before = state.before.get(ref);
    tx.update(centralHouseholds).set(fields).where(eq(centralHouseholds.id, c.id)).run();
    audit('update_central_household', `central_household:${c.id}`, { partyMemberId: memberIds.get(before?.partyMemberRef as string) ?? null }, { partyMemberId: fields.partyMemberId });
  }
  for (const [householdRef, change] of state.linkChanges) {
    const householdId = householdIds.get(householdRef)!;
    const centralHouseholdId = centralIds.get(change.to)!;
    insertLink.run({ householdId, centralHouseholdId });
    audit('update_central_household', `household:${householdId}`, { centralHouseholdId: change.from ? centralIds.get(change.from)! : null }, { centralHouseholdId });
  }

  // Accounts.
  const accountsByRef = new Map<string, AccountRec>([...world.accounts.values()].map((a) => [a.ref, a]));
  const accountFields = (a: AccountRec) => ({
    displayName: a.displayName, phone: a.phone, unitId: a.unitId, partyMemberId: a.partyMemberRef ? memberIds.get(a.partyMemberRef)! : null, active: a.active,
  });
  const scopeIds = (a: AccountRec) => a.scopeRefs.map((r) => nodes.get(r)!.id);
  for (const ref of state.touched.accounts) {
    const a = accountsByRef.get(ref)!;
    if (a.id === null) {
      const id = Number(
        tx.insert(accounts)
          .values({ username: a.username, role: a.role, passwordHash: passwordHashes.get(ref)!, mustChangePassword: true, createdAt: now, ...accountFields(a) })
          .run().lastInsertRowid,
      );
      tx.insert(accountScopes).values(scopeIds(a).map((nodeId) => ({ accountId: id, nodeId }))).run();
      audit('create_account', `account:${id}`, null, { username: a.username, role: a.role, ...accountFields(a), scope: scopeIds(a), oneTimePassword: '已生成，仅向导入人显示一次' });
      continue;
    }
    const before = state.before.get(ref) as AccountRec | undefined;
    if (!before) continue;
    tx.update(accounts).set(accountFields(a)).where(eq(accounts.id, a.id)).run();
    tx.delete(accountScopes).where(eq(accountScopes.accountId, a.id)).run();
    tx.insert(accountScopes).values(scopeIds(a).map((nodeId) => ({ accountId: a.id!, nodeId }))).run();
    // A disabled account's sessions end now, not when they expire.
    if (before.active && !a.active) endAccountSessionsSync(tx, a.id);
    const action = before.active === a.active ? 'update_account' : a.active ? 'enable_account' : 'disable_account';
    audit(action, `account:${a.id}`, { ...accountFields(before), scope: scopeIds(before) }, { ...accountFields(a), scope: scopeIds(a) });
  }

  recordAudit(
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
