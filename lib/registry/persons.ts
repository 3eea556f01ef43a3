// Residents ★: name, gender, date of birth, phone, 身份证号 (checked, stored, masked for all but the administrator), relation, moved in/out, deceased.
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { PERSON_STATUSES, RELATIONS, type PersonStatus } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { households, persons } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { writeChange } from './audit';
import { fieldErrorsOf, NOT_FOUND, optionalPastDate, refused, type RegistryActor, type RegistryResult } from './editors';
import { editableHousehold } from './households';
import { idNumberBirthDate, idNumberGender, idNumberSchema, isoDate, maskIdNumber, phoneSchema } from './identity';

export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = { present: '在册', moved_out: '已迁出', deceased: '已故' };

/** Only the administrator sees and types full ID numbers; everyone else sees 1423**********1234. */
export function revealsIdNumbers(role: RegistryActor['role']): boolean {
  return role === 'admin';
}

export const residentInputSchema = z.object({
  name: z.string().trim().min(1, { message: '请填写姓名' }).max(20, { message: '姓名不超过20个字' }),
  gender: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['M', 'F'], { message: '请选择性别' }).nullable()),
  birthDate: optionalPastDate('出生日期'),
  phone: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(phoneSchema.nullable())
    .nullable()
    .default(null),
  /** Blank: unchanged when editing (a masked number cannot be typed back), none when adding. */
  idNumber: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(idNumberSchema.nullable())
    .nullable()
    .default(null),
  relation: z.enum(RELATIONS, { message: '请选择与户主关系' }),
  movedInOn: optionalPastDate('迁入日期'),
});
/** What a form (or an importer) sends: strings, checked by the schema. */
export type ResidentInput = { [K in keyof z.input<typeof residentInputSchema>]?: string | null };

export const residentStatusSchema = z.object({
  status: z.enum(PERSON_STATUSES, { message: '请选择状态' }),
  since: optionalPastDate('日期'),
});

type PersonRow = typeof persons.$inferSelect;

/** ID numbers enter the audit log masked: the log is for who-changed-what, not a second copy of the register. */
function auditFacts(p: Pick<PersonRow, 'name' | 'gender' | 'birthDate' | 'phone' | 'idNumber' | 'relation' | 'movedInOn'>) {
  return { name: p.name, gender: p.gender, birthDate: p.birthDate, phone: p.phone, idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null, relation: p.relation, movedInOn: p.movedInOn };
}

type ResolvedFacts = { name: string; gender: 'M' | 'F'; birthDate: string | null; phone: string | null; idNumber: string | null; relation: PersonRow['relation']; movedInOn: string | null };

/**
 * Parses and cross-checks: the date of birth and gender an ID number encodes must agree with
 * those typed (and fill them in when left blank); an ID number is held by one person only.
 */
async function resolveFacts(db: AppDb, input: ResidentInput, existing: PersonRow | null): Promise<{ ok: true; facts: ResolvedFacts } | Extract<RegistryResult, { ok: false }>> {
  const parsed = residentInputSchema.safeParse(input);
  if (!parsed.success) return refused(fieldErrorsOf(parsed.error));
  const d = parsed.data;
  const idNumber = d.idNumber ?? existing?.idNumber ?? null;
  const errors: Record<string, string> = {};
  let birthDate = d.birthDate;
  let gender = d.gender;
  // The number kept from before counts too: its date of birth and gender still bind the record.
  if (idNumber) {
    const encodedBirth = idNumberBirthDate(idNumber);
    const encodedGender = idNumberGender(idNumber);
    if (birthDate && birthDate !== encodedBirth) errors.birthDate = '出生日期与身份证号不一致';
    if (gender && gender !== encodedGender) errors.gender = '性别与身份证号不一致';
    birthDate ??= encodedBirth;
    gender ??= encodedGender;
  }
  if (d.idNumber) {
    const [holder] = await db
      .select({ id: persons.id })
      .from(persons)
      .where(existing ? and(eq(persons.idNumber, d.idNumber), ne(persons.id, existing.id)) : eq(persons.idNumber, d.idNumber))
      .limit(1);
    if (holder) errors.idNumber = '该身份证号已登记给另一位居民，请核对';
  }
  if (!gender) errors.gender = '请选择性别';
  if (Object.keys(errors).length > 0) return refused(errors);
  return { ok: true, facts: { name: d.name, gender: gender!, birthDate, phone: d.phone, idNumber, relation: d.relation, movedInOn: d.movedInOn } };
}

/** Adds a resident to a household the actor may edit. The ID number's uniqueness holds by the schema's unique index as well. */
export async function createResident(store: Store, actor: RegistryActor, householdId: number, input: ResidentInput, now = new Date()): Promise<RegistryResult<{ id: number }>> {
  return store.write(async (tx) => {
    if (!(await editableHousehold(tx, actor, householdId))) return NOT_FOUND;
    const resolved = await resolveFacts(tx, input, null);
    if (!resolved.ok) return resolved;
    const { facts } = resolved;
    const [row] = await tx
      .insert(persons)
      .values({ ...facts, householdId, status: 'present', statusSince: facts.movedInOn ?? isoDate(now) })
      .returning({ id: persons.id });
    await writeChange(tx, { accountId: actor.id, action: 'create_person', subject: `person:${row!.id}`, before: null, after: { householdId, ...auditFacts(facts) } }, now);
    return { ok: true as const, id: row!.id };
  });
}

/** The resident when the actor may change them: their household is one the actor may edit. */
export async function editableResident(db: AppDb, actor: RegistryActor, personId: number): Promise<PersonRow | null> {
  const [person] = await db.select().from(persons).where(eq(persons.id, personId)).limit(1);
  if (!person || person.householdId === null) return null;
  return (await editableHousehold(db, actor, person.householdId)) ? person : null;
}

export async function updateResident(store: Store, actor: RegistryActor, personId: number, input: ResidentInput, now = new Date()): Promise<RegistryResult<{ changed: boolean }>> {
  return store.write(async (tx) => {
    const before = await editableResident(tx, actor, personId);
    if (!before) return NOT_FOUND;
    const resolved = await resolveFacts(tx, input, before);
    if (!resolved.ok) return resolved;
    const { facts } = resolved;
    // Compared on the full number, so correcting a digit is recorded even though the log shows it masked.
    const idChanged = facts.idNumber !== before.idNumber;
    const changed = await writeChange(
      tx,
      {
        accountId: actor.id,
        action: 'update_person',
        subject: `person:${personId}`,
        before: auditFacts(before),
        after: auditFacts(facts),
        note: idChanged && (before.idNumber ? maskIdNumber(before.idNumber) : null) === (facts.idNumber ? maskIdNumber(facts.idNumber) : null) ? '身份证号已更正' : undefined,
      },
      now,
    );
    if (changed) await tx.update(persons).set(facts).where(eq(persons.id, personId));
    return { ok: true as const, changed };
  });
}

/** 在册 / 已迁出 / 已故 with the date (default today); the record stays, and leaves the 80岁以上 register when no longer present. */
export async function setResidentStatus(store: Store, actor: RegistryActor, personId: number, input: { status: string; since?: string }, now = new Date()): Promise<RegistryResult<{ changed: boolean }>> {
  const parsed = residentStatusSchema.safeParse({ status: input.status, since: input.since ?? '' });
  return store.write(async (tx) => {
    const before = await editableResident(tx, actor, personId);
    if (!before) return NOT_FOUND;
    if (!parsed.success) return refused(fieldErrorsOf(parsed.error));
    const { status } = parsed.data;
    if (status === before.status) return { ok: true as const, changed: false };
    const since = parsed.data.since ?? isoDate(now);
    // The status read is checked in the UPDATE: of two concurrent changes the second writes nothing.
    const updated = await tx
      .update(persons)
      .set({ status, statusSince: since })
      .where(and(eq(persons.id, personId), eq(persons.status, before.status)))
      .returning({ id: persons.id });
    if (updated.length === 0) return { ok: true as const, changed: false };
    await writeChange(
      tx,
      { accountId: actor.id, action: 'update_person', subject: `person:${personId}`, before: { status: before.status, statusSince: before.statusSince }, after: { status, statusSince: since } },
      now,
    );
    return { ok: true as const, changed: true };
  });
}

/** A resident living in a household of the scope, with where they live: for registering them as a party member. */
export async function residentOfScope(db: AppDb, scope: Scope, personId: number) {
  const [row] = await db
    .select({ id: persons.id, name: persons.name, address: households.address, nodeId: households.nodeId })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .where(and(eq(persons.id, personId), eq(persons.status, 'present'), withinScope(households.nodePath, scope)))
    .limit(1);
  return row ?? null;
}
