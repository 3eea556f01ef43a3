// Party members registering with the community (在职党员报到, 流动党员), transfers out, and 党员中心户 with the households each looks after (at most one per household).
import { and, asc, count, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { ascNullsFirst } from '@/db/dialect';
import { z } from 'zod';
import { PARTY_MEMBER_KINDS } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { centralHouseholdLinks, centralHouseholds, households, orgNodes, partyMembers, persons, units } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { writeChange } from './audit';
import { fieldErrorsOf, mayEditParty, NOT_FOUND, optionalPastDate, optionalText, refused, type RegistryActor, type RegistryResult } from './editors';
import { isoDate } from './identity';
import { residentInputSchema } from './persons';

export const PARTY_MEMBER_STATUS_LABELS = { active: '在册', transferred_out: '已转出' } as const;

export const partyMemberInputSchema = z.object({
  kind: z.enum(PARTY_MEMBER_KINDS, { message: '请选择党员类别' }),
  workplace: optionalText(60, '工作单位'),
  /** 共建单位: one of the co-building units serving the community, when the workplace is one. */
  unitId: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : Number(v)))
    .pipe(z.number({ message: '请选择共建单位' }).int().positive().nullable())
    .nullable()
    .default(null),
  /** The building (or rural grid) served: 包楼联户. */
  nodeId: z.coerce.number({ message: '请选择服务的楼栋' }).int({ message: '请选择服务的楼栋' }).positive({ message: '请选择服务的楼栋' }),
  registeredOn: optionalPastDate('报到日期'),
});
/** What a form sends: strings or numbers, checked by the schema. */
export type PartyMemberInput = { [K in keyof z.input<typeof partyMemberInputSchema>]?: string | number | null };

/** A new member: an existing resident (`personId`) or someone who lives elsewhere (name, phone … as for a resident). */
export const registrationSchema = z.union([
  z.object({ personId: z.coerce.number().int().positive() }),
  residentInputSchema.pick({ name: true, gender: true, phone: true, idNumber: true, birthDate: true }),
]);

type ServedNode = { id: number; path: string };

/** A building or rural grid in scope and not retired: where a member may serve. */
async function servedNode(db: AppDb, scope: Scope, nodeId: number): Promise<ServedNode | null> {
  const [node] = await db
    .select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind, rural: orgNodes.rural })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, nodeId), withinScope(orgNodes.path, scope), isNull(orgNodes.retiredAt)))
    .limit(1);
  if (!node || !(node.kind === 'building' || (node.kind === 'grid' && node.rural))) return null;
  return { id: node.id, path: node.path };
}

/** Active co-building units serving the community above `path` (or below the actor's scope): the ones a member may name. */
export async function coBuildingUnitChoices(db: AppDb, scope: Scope) {
  const rows = await db
    .select({ id: units.id, name: units.name, nodePath: units.nodePath })
    .from(units)
    .where(and(eq(units.kind, 'co_building'), eq(units.active, true)))
    .orderBy(asc(units.name), asc(units.id));
  return rows.filter((u) => scope.paths.some((p) => p.startsWith(u.nodePath) || u.nodePath.startsWith(p)));
}

type CheckedMember = { nodeId: number; nodePath: string; kind: (typeof PARTY_MEMBER_KINDS)[number]; workplace: string | null; unitId: number | null; registeredOn: string | null };

async function checkMember(db: AppDb, actor: RegistryActor, input: PartyMemberInput): Promise<{ ok: true; values: CheckedMember } | Extract<RegistryResult, { ok: false }>> {
  const parsed = partyMemberInputSchema.safeParse(input);
  if (!parsed.success) return refused(fieldErrorsOf(parsed.error));
  const d = parsed.data;
  const node = await servedNode(db, actor.scope, d.nodeId);
  if (!node) {
    // Outside the actor's scope: as if it did not exist (404); in scope but holding no households: a wrong choice.
    const [inScope] = await db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.id, d.nodeId), withinScope(orgNodes.path, actor.scope))).limit(1);
    return inScope ? refused({ nodeId: '请选择楼栋（或农村网格）' }) : NOT_FOUND;
  }
  if (d.unitId !== null && !(await coBuildingUnitChoices(db, actor.scope)).some((u) => u.id === d.unitId)) return refused({ unitId: '请选择本社区的共建单位' });
  return { ok: true, values: { nodeId: node.id, nodePath: node.path, kind: d.kind, workplace: d.workplace, unitId: d.unitId, registeredOn: d.registeredOn } };
}

/** The member when the actor may change them: an administrator or secretary whose scope covers the building served. */
export async function editablePartyMember(db: AppDb, actor: RegistryActor, partyMemberId: number) {
  if (!mayEditParty(actor.role)) return null;
  const [member] = await db
    .select()
    .from(partyMembers)
    .where(and(eq(partyMembers.id, partyMemberId), withinScope(partyMembers.nodePath, actor.scope)))
    .limit(1);
  return member ?? null;
}

const memberFacts = (m: Omit<CheckedMember, 'nodePath'> & { registeredOn: string | null }) => ({ kind: m.kind, workplace: m.workplace, unitId: m.unitId, nodeId: m.nodeId, registeredOn: m.registeredOn });

/**
 * 报到: registers a party member with the community. An existing resident (in scope, not yet a
 * member) or a new person living elsewhere, created without a household. A person is a member once
 * (party_members.person_id is unique; the lock keeps the second of two concurrent registrations a refusal).
 */
export async function registerPartyMember(
  store: Store,
  actor: RegistryActor,
  who: { personId?: string | number } & Record<string, unknown>,
  input: PartyMemberInput,
  now = new Date(),
): Promise<RegistryResult<{ id: number }>> {
  if (!mayEditParty(actor.role)) return NOT_FOUND;
  const person = registrationSchema.safeParse(who.personId ? { personId: who.personId } : who);
  if (!person.success) return refused(fieldErrorsOf(person.error));
  return store.write(async (tx) => {
    const checked = await checkMember(tx, actor, input);
    if (!checked.ok) return checked;
    let personId: number | null = null;
    if ('personId' in person.data) {
      await store.lockKey(tx, `party-member-of:${person.data.personId}`);
      const [resident] = await tx
        .select({ id: persons.id, status: persons.status })
        .from(persons)
        .innerJoin(households, eq(households.id, persons.householdId))
        .where(and(eq(persons.id, person.data.personId), withinScope(households.nodePath, actor.scope)))
        .limit(1);
      if (!resident || resident.status !== 'present') return refused({ personId: '请选择本社区在册的居民' });
      if ((await tx.select({ id: partyMembers.id }).from(partyMembers).where(eq(partyMembers.personId, resident.id)).limit(1)).length > 0) return refused({ personId: '该居民已登记为党员' });
      personId = resident.id;
    } else {
      const p = person.data;
      if (!p.gender) return refused({ gender: '请选择性别' });
      if (p.idNumber && (await tx.select({ id: persons.id }).from(persons).where(eq(persons.idNumber, p.idNumber)).limit(1)).length > 0) {
        return refused({ idNumber: '该身份证号已登记，请从居民中选择' });
      }
    }
    const registeredOn = checked.values.registeredOn ?? isoDate(now);
    if (personId === null && !('personId' in person.data)) {
      const p = person.data;
      const [created] = await tx
        .insert(persons)
        .values({ householdId: null, name: p.name, gender: p.gender!, phone: p.phone, idNumber: p.idNumber, birthDate: p.birthDate, relation: 'other', status: 'present', statusSince: registeredOn })
        .returning({ id: persons.id });
      personId = created!.id;
      await writeChange(tx, { accountId: actor.id, action: 'create_person', subject: `person:${personId}`, before: null, after: { name: p.name, phone: p.phone } }, now);
    }
    const [row] = await tx
      .insert(partyMembers)
      .values({ ...checked.values, personId: personId!, registeredOn, status: 'active' })
      .returning({ id: partyMembers.id });
    await writeChange(tx, { accountId: actor.id, action: 'create_party_member', subject: `party_member:${row!.id}`, before: null, after: { personId, ...memberFacts({ ...checked.values, registeredOn }) } }, now);
    return { ok: true as const, id: row!.id };
  });
}

/** Workplace, co-building unit, the building served (which may move to another building in scope), kind. */
export async function updatePartyMember(store: Store, actor: RegistryActor, partyMemberId: number, input: PartyMemberInput, now = new Date()): Promise<RegistryResult<{ changed: boolean }>> {
  return store.write(async (tx) => {
    const before = await editablePartyMember(tx, actor, partyMemberId);
    if (!before) return NOT_FOUND;
    const checked = await checkMember(tx, actor, input);
    if (!checked.ok) return checked;
    const values = { ...checked.values, registeredOn: checked.values.registeredOn ?? before.registeredOn };
    const changed = await writeChange(tx, { accountId: actor.id, action: 'update_party_member', subject: `party_member:${partyMemberId}`, before: memberFacts(before), after: memberFacts(values) }, now);
    if (changed) await tx.update(partyMembers).set(values).where(eq(partyMembers.id, partyMemberId));
    return { ok: true as const, changed };
  });
}

/**
 * 组织关系转出: the member is kept, marked, and leaves the counts. A member running a central
 * household hands it over first, so no household is left looked after by nobody unknowingly.
 */
export async function transferOutPartyMember(store: Store, actor: RegistryActor, partyMemberId: number, input: { leftOn?: string }, now = new Date()): Promise<RegistryResult<{ changed: boolean }>> {
  const parsed = z.object({ leftOn: optionalPastDate('转出日期') }).safeParse({ leftOn: input.leftOn ?? '' });
  return store.write(async (tx) => {
    // Serialised with createCentralHousehold of the same member: no central household appears after the check below.
    await store.lockKey(tx, `party-member:${partyMemberId}`);
    const before = await editablePartyMember(tx, actor, partyMemberId);
    if (!before) return NOT_FOUND;
    if (!parsed.success) return refused(fieldErrorsOf(parsed.error));
    if (before.status === 'transferred_out') return { ok: true as const, changed: false };
    if ((await tx.select({ id: centralHouseholds.id }).from(centralHouseholds).where(eq(centralHouseholds.partyMemberId, partyMemberId)).limit(1)).length > 0) {
      return refused({ leftOn: '该党员负责党员中心户，请先撤销中心户或把联系户调整给其他中心户' });
    }
    const leftOn = parsed.data.leftOn ?? isoDate(now);
    const updated = await tx
      .update(partyMembers)
      .set({ status: 'transferred_out', leftOn })
      .where(and(eq(partyMembers.id, partyMemberId), eq(partyMembers.status, 'active')))
      .returning({ id: partyMembers.id });
    if (updated.length === 0) return { ok: true as const, changed: false };
    await writeChange(tx, { accountId: actor.id, action: 'update_party_member', subject: `party_member:${partyMemberId}`, before: { status: before.status, leftOn: before.leftOn }, after: { status: 'transferred_out', leftOn } }, now);
    return { ok: true as const, changed: true };
  });
}

// ---- 党员中心户 -------------------------------------------------------------------------------

/** "/1/2/3/4/5/" → "/1/2/3/4/": the grid a household or building belongs to (county → township → community → grid). */
export function gridPathOf(nodePath: string): string {
  return `/${nodePath.split('/').filter(Boolean).slice(0, 4).join('/')}/`;
}

/** Makes the member's own household a 党员中心户 (an active member living in an occupied household in scope). */
export async function createCentralHousehold(store: Store, actor: RegistryActor, partyMemberId: number, now = new Date()): Promise<RegistryResult<{ id: number }>> {
  return store.write(async (tx) => {
    await store.lockKey(tx, `party-member:${partyMemberId}`);
    const member = await editablePartyMember(tx, actor, partyMemberId);
    if (!member) return NOT_FOUND;
    if (member.status !== 'active') return refused({ form: '已转出的党员不能设立党员中心户' });
    const [home] = await tx
      .select({ id: households.id, status: households.status })
      .from(persons)
      .innerJoin(households, eq(households.id, persons.householdId))
      .where(and(eq(persons.id, member.personId), withinScope(households.nodePath, actor.scope)))
      .limit(1);
    if (!home || home.status !== 'occupied') return refused({ form: '该党员不住在本社区的在住户中，不能设为党员中心户' });
    // central_households.household_id and party_member_id are unique as well.
    await store.lockKey(tx, `central-household-of:${home.id}`);
    if ((await tx.select({ id: centralHouseholds.id }).from(centralHouseholds).where(or(eq(centralHouseholds.householdId, home.id), eq(centralHouseholds.partyMemberId, partyMemberId))).limit(1)).length > 0) {
      return refused({ form: '该户已是党员中心户' });
    }
    // A household that becomes central no longer needs another central household to look after it.
    const [link] = await tx.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, home.id)).limit(1);
    if (link) await tx.delete(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, home.id));
    const [row] = await tx.insert(centralHouseholds).values({ householdId: home.id, partyMemberId }).returning({ id: centralHouseholds.id });
    await writeChange(
      tx,
      { accountId: actor.id, action: 'update_central_household', subject: `central_household:${row!.id}`, before: null, after: { householdId: home.id, partyMemberId }, note: link ? `原由中心户 ${link.centralHouseholdId} 联系` : undefined },
      now,
    );
    return { ok: true as const, id: row!.id };
  });
}

/** The central household when the actor may manage it: its household is in the actor's scope. */
export async function editableCentralHousehold(db: AppDb, actor: RegistryActor, centralId: number) {
  if (!mayEditParty(actor.role)) return null;
  const [central] = await db
    .select({ id: centralHouseholds.id, householdId: centralHouseholds.householdId, partyMemberId: centralHouseholds.partyMemberId, nodePath: households.nodePath })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .where(and(eq(centralHouseholds.id, centralId), withinScope(households.nodePath, actor.scope)))
    .limit(1);
  return central ?? null;
}

/** Dissolves a central household that no longer looks after anyone (reassign its households first). */
export async function removeCentralHousehold(store: Store, actor: RegistryActor, centralId: number, now = new Date()): Promise<RegistryResult> {
  return store.write(async (tx) => {
    // Serialised with assignCentralHousehold to this central household: no household is linked after the count.
    await store.lockKey(tx, `central-household:${centralId}`);
    const central = await editableCentralHousehold(tx, actor, centralId);
    if (!central) return NOT_FOUND;
    const [counted] = await tx.select({ n: count() }).from(centralHouseholdLinks).where(eq(centralHouseholdLinks.centralHouseholdId, centralId));
    const linked = counted?.n ?? 0;
    if (linked > 0) return refused({ form: `该中心户仍联系 ${linked} 户，请先把这些住户调整给其他中心户` });
    await writeChange(tx, { accountId: actor.id, action: 'update_central_household', subject: `central_household:${centralId}`, before: { householdId: central.householdId, partyMemberId: central.partyMemberId }, after: { householdId: null, partyMemberId: null } }, now);
    await tx.delete(centralHouseholds).where(eq(centralHouseholds.id, centralId));
    return { ok: true as const };
  });
}

/** The central households a household may be looked after by: those of its own grid, with the member's name. */
export async function centralHouseholdChoices(db: AppDb, scope: Scope, householdNodePath: string) {
  return db
    .select({ id: centralHouseholds.id, householdId: households.id, address: households.address, memberName: persons.name })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .innerJoin(partyMembers, eq(partyMembers.id, centralHouseholds.partyMemberId))
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(and(like(households.nodePath, `${gridPathOf(householdNodePath)}%`), withinScope(households.nodePath, scope)))
    .orderBy(asc(households.nodePath), ascNullsFirst(households.unit), sql`length(${households.room})`, asc(households.room), asc(centralHouseholds.id));
}

/**
 * Puts a household in the care of one central household of its grid, or of none (`null`). The
 * household's link is its primary key, so it has at most one; reassigning moves it.
 */
export async function assignCentralHousehold(store: Store, actor: RegistryActor, householdId: number, centralId: number | null, now = new Date()): Promise<RegistryResult<{ changed: boolean }>> {
  if (!mayEditParty(actor.role)) return NOT_FOUND;
  return store.write(async (tx) => {
    if (centralId !== null) await store.lockKey(tx, `central-household:${centralId}`);
    await store.lockKey(tx, `central-household-of:${householdId}`);
    const [household] = await tx
      .select({ id: households.id, nodePath: households.nodePath, status: households.status })
      .from(households)
      .where(and(eq(households.id, householdId), withinScope(households.nodePath, actor.scope)))
      .limit(1);
    if (!household) return NOT_FOUND;
    const [current] = await tx.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, householdId)).limit(1);
    if ((current?.centralHouseholdId ?? null) === centralId) return { ok: true as const, changed: false };
    if (centralId !== null) {
      const central = await editableCentralHousehold(tx, actor, centralId);
      if (!central || gridPathOf(central.nodePath) !== gridPathOf(household.nodePath)) return refused({ centralId: '请选择本网格的党员中心户' });
      if (central.householdId === householdId) return refused({ centralId: '党员中心户不需要联系自己' });
      if ((await tx.select({ id: centralHouseholds.id }).from(centralHouseholds).where(eq(centralHouseholds.householdId, householdId)).limit(1)).length > 0) {
        return refused({ centralId: '本户是党员中心户，不由其他中心户联系' });
      }
      if (household.status !== 'occupied') return refused({ centralId: '空置或已迁出的住户不需要联系' });
    }
    await writeChange(
      tx,
      { accountId: actor.id, action: 'update_central_household', subject: `household:${householdId}`, before: { centralHouseholdId: current?.centralHouseholdId ?? null }, after: { centralHouseholdId: centralId } },
      now,
    );
    if (centralId === null) await tx.delete(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, householdId));
    else
      await tx
        .insert(centralHouseholdLinks)
        .values({ householdId, centralHouseholdId: centralId })
        .onConflictDoUpdate({ target: centralHouseholdLinks.householdId, set: { centralHouseholdId: centralId } });
    return { ok: true as const, changed: true };
  });
}

// ---- lists ------------------------------------------------------------------------------------

export const partyMemberListSchema = z.object({
  kind: z.enum(PARTY_MEMBER_KINDS).optional().catch(undefined),
  status: z.enum(['active', 'transferred_out']).optional().catch(undefined),
  q: z.string().trim().max(20).optional().catch(undefined),
});

/** The party members of a scope (by the building they serve), with where they serve and whether they run a central household. */
export async function listPartyMembers(db: AppDb, scope: Scope, filter: z.infer<typeof partyMemberListSchema>, limit = 200) {
  const conditions = [withinScope(partyMembers.nodePath, scope)];
  if (filter.kind) conditions.push(eq(partyMembers.kind, filter.kind));
  conditions.push(eq(partyMembers.status, filter.status ?? 'active'));
  if (filter.q) conditions.push(or(like(persons.name, `%${filter.q.replace(/[\\%_]/g, '')}%`), like(persons.phone, `%${filter.q.replace(/\D/g, '') || '-'}`))!);
  const rows = await db
    .select({
      id: partyMembers.id,
      name: persons.name,
      phone: persons.phone,
      kind: partyMembers.kind,
      status: partyMembers.status,
      workplace: partyMembers.workplace,
      unitName: units.name,
      nodeId: partyMembers.nodeId,
      nodeName: orgNodes.name,
      nodePath: partyMembers.nodePath,
      centralId: centralHouseholds.id,
    })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .innerJoin(orgNodes, eq(orgNodes.id, partyMembers.nodeId))
    .leftJoin(units, eq(units.id, partyMembers.unitId))
    .leftJoin(centralHouseholds, eq(centralHouseholds.partyMemberId, partyMembers.id))
    .where(and(...conditions))
    .orderBy(asc(partyMembers.nodePath), asc(persons.name), asc(partyMembers.id))
    .limit(limit + 1);
  const gridIds = [...new Set(rows.map((r) => Number(r.nodePath.split('/').filter(Boolean)[3])))].filter(Number.isFinite);
  const gridNames = new Map(gridIds.length === 0 ? [] : (await db.select({ id: orgNodes.id, name: orgNodes.name }).from(orgNodes).where(inArray(orgNodes.id, gridIds))).map((g) => [g.id, g.name]));
  return {
    items: rows.slice(0, limit).map((r) => {
      const gridName = gridNames.get(Number(r.nodePath.split('/').filter(Boolean)[3])) ?? '';
      return { ...r, servesLabel: gridName === r.nodeName ? r.nodeName : `${gridName} ${r.nodeName}` };
    }),
    hasMore: rows.length > limit,
  };
}

/** One member for the edit page: person, service, central household and the households it looks after. */
export async function getPartyMember(db: AppDb, actor: RegistryActor, partyMemberId: number) {
  const member = await editablePartyMember(db, actor, partyMemberId);
  if (!member) return null;
  const [person] = await db.select({ id: persons.id, name: persons.name, phone: persons.phone, householdId: persons.householdId }).from(persons).where(eq(persons.id, member.personId)).limit(1);
  const [found] = await db.select({ id: centralHouseholds.id, householdId: centralHouseholds.householdId }).from(centralHouseholds).where(eq(centralHouseholds.partyMemberId, partyMemberId)).limit(1);
  const central = found ?? null;
  const looksAfter = central
    ? await db
        .select({ householdId: households.id, address: households.address })
        .from(centralHouseholdLinks)
        .innerJoin(households, eq(households.id, centralHouseholdLinks.householdId))
        .where(eq(centralHouseholdLinks.centralHouseholdId, central.id))
        .orderBy(ascNullsFirst(households.unit), sql`length(${households.room})`, asc(households.room), asc(households.id))
    : [];
  const [homeRow] = person!.householdId ? await db.select({ id: households.id, address: households.address }).from(households).where(eq(households.id, person!.householdId)).limit(1) : [];
  const home = homeRow ?? null;
  return { member, person: person!, home, central, looksAfter };
}
