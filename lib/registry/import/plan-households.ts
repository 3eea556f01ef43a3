// Plans the 人口/户籍台账: one row per resident; rows with the same grid, building, unit and room are one household.
import type { CareTag, HouseholdStatus } from '@/db/schema';
import { isoDate } from '@/lib/registry/identity';
import { careTagsField, cellText, countField, dateField, householdStatusField, personStatusField, relationField, text } from './fields';
import { RowError, strongest, type PlanState, SheetReader, type RowOutcome } from './plan-state';
import { checkBirthDate, identityPatch, matchPerson, readPersonFacts, reindexPerson, resolveAddress } from './resolve';
import type { LedgerSheet } from './read-workbook';
import { addPerson, type HouseholdRec, type PersonRec } from './world';

const PERSON_KEYS = { name: 'name', idNumber: 'idNumber', phone: 'phone', gender: 'gender', birthDate: 'birthDate' } as const;
const PERSON_COLUMNS = ['name', 'idNumber', 'phone', 'gender', 'birthDate', 'relation', 'personStatus', 'movedInOn'] as const;

/** Household facts a row gives (null: the cell is empty, keep what is stored), with the row that first gave each. */
type HouseholdFacts = { address: string | null; status: HouseholdStatus | null; size: number | null; tags: CareTag[] | null };
const FACT_COLUMNS: Record<keyof HouseholdFacts, { key: string; label: string }> = {
  address: { key: 'address', label: '住址' },
  status: { key: 'householdStatus', label: '住户状态' },
  size: { key: 'size', label: '户人数' },
  tags: { key: 'careTags', label: '关爱标签' },
};

type FileHousehold = { firstRow: number; facts: Partial<Record<keyof HouseholdFacts, { value: unknown; row: number }>>; present: number; sizeGiven: boolean };

export function planHouseholds(state: PlanState, sheet: LedgerSheet, elsewhere: Set<string>): SheetReader {
  const reader = new SheetReader(state, sheet);
  const world = state.world;
  const seen = new Map<string, number>();
  /** Per household of the file: its first accepted row and the facts given so far (with their rows). */
  const inFile = new Map<string, FileHousehold>();
  const headIsName = sheet.match.used.get('name') === '户主姓名' && !reader.has('relation');

  for (const { row, cells } of sheet.rows) {
    reader.row(row, () => {
      const address = resolveAddress(reader, cells, { grid: 'grid', building: 'building', unit: 'unit', room: 'room' }, row);
      const facts: HouseholdFacts = {
        address: reader.field('address', () => text(reader.cell(cells, 'address'), 100, '住址')) || null,
        status: reader.field('householdStatus', () => householdStatusField(reader.cell(cells, 'householdStatus'))),
        size: reader.field('size', () => countField(reader.cell(cells, 'size'), '户人数')),
        tags: reader.field('careTags', () => careTagsField(reader.cell(cells, 'careTags'))),
      };
      // The household: an existing one by its natural key, or a new one (created only once a row of it is accepted).
      const existingRef = world.householdByKey.get(address.key) ?? null;
      const fileEntry = existingRef ? inFile.get(existingRef) : undefined;
      for (const [fact, value] of Object.entries(facts) as [keyof HouseholdFacts, unknown][]) {
        const earlier = fileEntry?.facts[fact];
        if (value !== null && earlier && JSON.stringify(earlier.value) !== JSON.stringify(value)) {
          throw new RowError(FACT_COLUMNS[fact].key, `与第${earlier.row}行（同一户）的${FACT_COLUMNS[fact].label}不一致`);
        }
      }

      // A row without anybody in it registers the household alone (a vacant flat).
      const householdOnly = PERSON_COLUMNS.every((k) => reader.field(k, () => cellText(reader.cell(cells, k))) === '');
      let accept: () => RowOutcome = () => 'unchanged';
      if (!householdOnly) {
        const person = readPersonFacts(reader, cells, PERSON_KEYS);
        const relation = reader.field('relation', () => relationField(reader.cell(cells, 'relation')));
        const personStatus = reader.field('personStatus', () => personStatusField(reader.cell(cells, 'personStatus')));
        const movedInOn = reader.field('movedInOn', () => dateField(reader.cell(cells, 'movedInOn'), '迁入日期', state.today));
        const { ref: personRef, seenKey } = matchPerson(state, person, { householdRef: existingRef, householdKey: address.key, elsewhere, seen, keys: PERSON_KEYS });
        const existingPerson = personRef ? world.persons.get(personRef)! : null;
        if (!existingPerson && !person.gender) throw new RowError('gender', '缺少性别（填写身份证号时可不填）');
        checkBirthDate(state, person, existingPerson, 'birthDate');
        accept = () => {
          seen.set(seenKey, row);
          const household = world.households.get(world.householdByKey.get(address.key)!)!;
          const status = personStatus ?? (existingPerson ? existingPerson.status : 'present');
          if (status === 'present') inFile.get(household.ref)!.present++;
          if (existingPerson) {
            const previous = { householdRef: existingPerson.householdRef };
            const p: Partial<PersonRec> = { ...identityPatch(person, existingPerson), householdRef: household.ref };
            if (relation) p.relation = relation;
            if (personStatus) p.status = personStatus;
            if (movedInOn) p.movedInOn = movedInOn;
            const outcome = state.patch('persons', existingPerson, p);
            reindexPerson(world, existingPerson, previous);
            return outcome;
          }
          const rec: PersonRec = {
            ref: state.newRef('p'), id: null, householdRef: household.ref, name: person.name, phone: null, gender: person.gender!, birthDate: null, idNumber: null,
            relation: relation ?? (headIsName ? 'head' : 'other'), status, movedInOn: movedInOn || null,
          };
          Object.assign(rec, identityPatch(person, null));
          addPerson(world, rec);
          state.touched.persons.add(rec.ref);
          return 'new';
        };
      }

      // Accepted: now change the world.
      let household: HouseholdRec;
      let householdOutcome: RowOutcome = 'unchanged';
      if (existingRef) household = world.households.get(existingRef)!;
      else {
        household = {
          ref: state.newRef('h'), id: null, nodeRef: address.nodeRef, gridName: address.grid.name, buildingName: address.buildingName,
          unit: address.unit, room: address.room, address: [address.grid.name, address.buildingName, address.unit, address.room].filter(Boolean).join(' '),
          size: 0, status: 'occupied', statusSince: null, tags: [],
        };
        world.households.set(household.ref, household);
        world.householdByKey.set(address.key, household.ref);
        state.touched.households.add(household.ref);
        householdOutcome = 'new';
      }
      const entry = inFile.get(household.ref) ?? inFile.set(household.ref, { firstRow: row, facts: {}, present: 0, sizeGiven: false }).get(household.ref)!;
      const patch: Partial<HouseholdRec> = {};
      if (facts.address !== null) patch.address = facts.address;
      if (facts.status !== null && facts.status !== household.status) {
        patch.status = facts.status;
        patch.statusSince = isoDate(state.today);
      }
      if (facts.size !== null) {
        patch.size = facts.size;
        entry.sizeGiven = true;
      }
      if (facts.tags !== null) patch.tags = facts.tags;
      for (const [fact, value] of Object.entries(facts) as [keyof HouseholdFacts, unknown][]) if (value !== null && !entry.facts[fact]) entry.facts[fact] = { value, row };
      householdOutcome = strongest(householdOutcome, state.patch('households', household, patch));
      const personOutcome = accept();
      return strongest(personOutcome, entry.firstRow === row ? householdOutcome : 'unchanged');
    });
  }

  // A new household's size, when the file does not give it: the residents it lists as present.
  for (const [ref, entry] of inFile) {
    const household = world.households.get(ref)!;
    if (household.id === null && !entry.sizeGiven) household.size = entry.present;
    if (household.id !== null && state.changedSinceLoad(household)) reader.raise(entry.firstRow, 'changed');
  }
  return reader;
}
