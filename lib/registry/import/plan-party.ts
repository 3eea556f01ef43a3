// Plans the 党员报到台账 (one row per party member) and the 党员中心户台账 (one row per linked household).
import { isoDate } from '@/lib/registry/identity';
import { dateField, partyKindField, partyStatusField, text } from './fields';
import { RowError, strongest, type PlanState, SheetReader, type RowOutcome } from './plan-state';
import type { Cell, LedgerSheet } from './read-workbook';
import { checkBirthDate, findHousehold, identityPatch, matchPerson, readPersonFacts, reindexPerson, resolvePlace } from './resolve';
import { addPerson, type CentralRec, type PartyMemberRec, type PersonRec } from './world';

const MEMBER_KEYS = { name: 'name', idNumber: 'idNumber', phone: 'phone', gender: 'gender', birthDate: 'birthDate' } as const;

export function planPartyMembers(state: PlanState, sheet: LedgerSheet, elsewhere: Set<string>): SheetReader {
  const reader = new SheetReader(state, sheet);
  const world = state.world;
  const seen = new Map<string, number>();
  for (const { row, cells } of sheet.rows) {
    reader.row(row, () => {
      const facts = readPersonFacts(reader, cells, MEMBER_KEYS);
      const kind = reader.field('kind', () => partyKindField(reader.cell(cells, 'kind')));
      const workplace = reader.field('workplace', () => text(reader.cell(cells, 'workplace'), 100, '工作单位'));
      const unitName = reader.field('unit', () => text(reader.cell(cells, 'unit'), 100, '共建单位'));
      const unit = unitName ? world.units.get(unitName) : undefined;
      if (unitName && !unit) throw new RowError('unit', `没有名为“${unitName}”的共驻共建单位（请先在单位管理中登记）`);
      const place = resolvePlace(reader, cells, { grid: 'grid', building: 'building' }, { row, buildingRequired: false });
      const registeredOn = reader.field('registeredOn', () => dateField(reader.cell(cells, 'registeredOn'), '报到日期', state.today));
      const status = reader.field('status', () => partyStatusField(reader.cell(cells, 'status')));
      const leftOn = reader.field('leftOn', () => dateField(reader.cell(cells, 'leftOn'), '转出日期', state.today));
      if (leftOn && status !== 'transferred_out') throw new RowError('status', '填写了转出日期，党员状态应为“已转出”');

      const { ref, seenKey } =
        !facts.idNumber && !facts.phone
          ? memberServingByName(state, facts.name, place.nodeRef, seen)
          : matchPerson(state, facts, { householdRef: null, elsewhere, seen, keys: MEMBER_KEYS });
      const existingPerson = ref ? world.persons.get(ref)! : null;
      if (!existingPerson && !facts.gender) throw new RowError('gender', '缺少性别（填写身份证号时可不填）');
      checkBirthDate(state, facts, existingPerson, 'birthDate');
      seen.set(seenKey, row);

      let outcome: RowOutcome;
      let person: PersonRec;
      if (existingPerson) {
        person = existingPerson;
        const previous = { householdRef: person.householdRef };
        outcome = state.patch('persons', person, identityPatch(facts, person));
        reindexPerson(world, person, previous);
      } else {
        // A member who lives outside the community: a person without a household.
        person = {
          ref: state.newRef('p'), id: null, householdRef: null, name: facts.name, phone: null, gender: facts.gender!, birthDate: null, idNumber: null,
          relation: 'other', status: 'present', movedInOn: null,
        };
        Object.assign(person, identityPatch(facts, null));
        addPerson(world, person);
        state.touched.persons.add(person.ref);
        outcome = 'new';
      }

      const memberRef = world.partyMemberByPerson.get(person.ref);
      const patch: Partial<PartyMemberRec> = { nodeRef: place.nodeRef };
      if (kind) patch.kind = kind;
      if (workplace) patch.workplace = workplace;
      if (unit) patch.unitId = unit.id;
      if (registeredOn) patch.registeredOn = registeredOn;
      if (status) patch.status = status;
      if (leftOn) patch.leftOn = leftOn;
      if (memberRef) return strongest(outcome, state.patch('partyMembers', world.partyMembers.get(memberRef)!, patch));
      const member: PartyMemberRec = {
        ref: state.newRef('pm'), id: null, personRef: person.ref, kind: 'in_service', workplace: null, unitId: null, nodeRef: place.nodeRef,
        registeredOn: isoDate(state.today), status: 'active', leftOn: null, ...patch,
      };
      world.partyMembers.set(member.ref, member);
      world.partyMemberByPerson.set(person.ref, member.ref);
      state.touched.partyMembers.add(member.ref);
      return 'new';
    });
  }
  return reader;
}

const CENTRAL_ADDRESS = { grid: 'centralGrid', building: 'centralBuilding', unit: 'centralUnit', room: 'centralRoom' } as const;
const LINKED_ADDRESS = { grid: 'linkedGrid', building: 'linkedBuilding', unit: 'linkedUnit', room: 'linkedRoom' } as const;

export function planCentralHouseholds(state: PlanState, sheet: LedgerSheet): SheetReader {
  const reader = new SheetReader(state, sheet);
  const world = state.world;
  /** Per central household of the file: its first row and member. */
  const centralsInFile = new Map<string, { row: number; memberRef: string }>();
  /** Per linked household of the file: the row and central household that named it. */
  const linksInFile = new Map<string, { row: number; householdRef: string }>();

  for (const { row, cells } of sheet.rows) {
    reader.row(row, () => {
      const householdRef = findHousehold(reader, cells, CENTRAL_ADDRESS, row);
      const memberRef = findMember(state, reader, cells, householdRef);
      const earlier = centralsInFile.get(householdRef);
      if (earlier && earlier.memberRef !== memberRef) throw new RowError('memberName', `与第${earlier.row}行（同一中心户）的党员不一致`);

      const linkGiven = Object.values(LINKED_ADDRESS).some((k) => reader.field(k, () => text(reader.cell(cells, k), 40, '联系户')) !== '');
      const linkedRef = linkGiven ? findHousehold(reader, cells, LINKED_ADDRESS, row) : null;
      if (linkedRef) {
        if (linkedRef === householdRef) throw new RowError('linkedRoom', '联系户不能是中心户自己');
        const named = linksInFile.get(linkedRef);
        if (named) {
          throw new RowError('linkedRoom', named.householdRef === householdRef ? `与第${named.row}行重复` : `该户已在第${named.row}行由另一个党员中心户联系（一户只能有一个党员中心户）`);
        }
        if (world.centralByHousehold.has(linkedRef) || centralsInFile.has(linkedRef)) {
          throw new RowError('linkedRoom', '该户本身是党员中心户，不能作为联系户');
        }
      }

      // Accepted.
      let outcome: RowOutcome = 'unchanged';
      let centralRef = world.centralByHousehold.get(householdRef);
      if (!earlier) {
        if (centralRef) outcome = state.patch('centrals', world.centrals.get(centralRef)!, { partyMemberRef: memberRef });
        else {
          const rec: CentralRec = { ref: state.newRef('c'), id: null, householdRef, partyMemberRef: memberRef };
          world.centrals.set(rec.ref, rec);
          world.centralByHousehold.set(householdRef, rec.ref);
          state.touched.centrals.add(rec.ref);
          centralRef = rec.ref;
          outcome = 'new';
        }
        centralsInFile.set(householdRef, { row, memberRef });
      }
      if (linkedRef) {
        linksInFile.set(linkedRef, { row, householdRef });
        const current = world.links.get(linkedRef) ?? null;
        if (current !== centralRef) {
          state.linkChanges.set(linkedRef, { from: state.linkChanges.get(linkedRef)?.from ?? current, to: centralRef! });
          world.links.set(linkedRef, centralRef!);
          outcome = strongest(outcome, current ? 'changed' : 'new');
        }
      }
      return outcome;
    });
  }
  return reader;
}

/** The active party member a central-household row names: by ID number, by name + phone, or by name among the household's residents. */
function findMember(state: PlanState, reader: SheetReader, cells: readonly Cell[], householdRef: string): string {
  const world = state.world;
  const facts = readPersonFacts(reader, cells, { name: 'memberName', idNumber: 'memberIdNumber', phone: 'memberPhone' });
  let personRef = facts.idNumber ? world.personById.get(facts.idNumber) : undefined;
  if (!personRef && facts.phone) personRef = world.personByNamePhone.get(`${facts.name}|${facts.phone}`);
  if (!personRef && !facts.idNumber && !facts.phone) {
    personRef = (world.personsByHousehold.get(householdRef) ?? []).find((r) => world.persons.get(r)!.name === facts.name && world.partyMemberByPerson.has(r));
  }
  const memberRef = personRef ? world.partyMemberByPerson.get(personRef) : undefined;
  if (!memberRef) throw new RowError('memberName', `找不到党员“${facts.name}”：请先在党员报到台账中登记`);
  if (world.partyMembers.get(memberRef)!.status !== 'active') throw new RowError('memberName', `党员“${facts.name}”已转出，不能担任党员中心户`);
  return memberRef;
}

/**
 * A row with neither ID number nor phone (an export without ID numbers, of a member without a
 * phone): the member of that name already serving the same building, or a refusal.
 */
function memberServingByName(state: PlanState, name: string, place: string, seen: Map<string, number>): { ref: string; seenKey: string } {
  const world = state.world;
  const seenKey = `pm:${place}|${name}`;
  const earlier = seen.get(seenKey);
  if (earlier !== undefined) throw new RowError('name', `与第${earlier}行是同一位党员`);
  const matches = [...world.partyMembers.values()].filter((m) => m.nodeRef === place && world.persons.get(m.personRef)!.name === name);
  if (matches.length !== 1) throw new RowError('phone', '请填写身份证号或联系电话，以便与已登记的人员对应');
  return { ref: matches[0]!.personRef, seenKey };
}
