// Finding what a row names: the grid and building (creating a missing building under an existing grid), a household by building + unit + room, and a person by ID number, else name + phone.
import { buildingName, dateField, todayIso, genderField, idNumberBirthDate, idNumberField, idNumberGender, phoneField, roomName, text, unitName } from './fields';
import { RowError, type PlanState, type SheetReader } from './plan-state';
import type { Cell } from './read-workbook';
import { householdKey, indexPerson, nodeRef, unindexPersonHousehold, type NodeRec, type PersonRec, type World } from './world';

export type Place = { nodeRef: string; grid: NodeRec; buildingName: string };

/**
 * The node a row's grid and building name. A building the grid does not have yet is planned as
 * new (the preview lists it); a grid must exist already, since grids carry workers and scopes.
 */
export function resolvePlace(
  reader: SheetReader,
  cells: readonly Cell[],
  keys: { grid: string; building: string },
  opts: { row: number; buildingRequired: boolean },
): Place {
  const world = reader.state.world;
  const gridText = reader.field(keys.grid, () => text(reader.cell(cells, keys.grid), 40, '网格'));
  if (gridText === '') throw new RowError(keys.grid, '缺少网格');
  const grid = world.gridsByName.get(gridText);
  if (!grid) throw new RowError(keys.grid, `本社区没有名为“${gridText}”的网格（请先在组织架构中建立网格）`);
  if (grid.retired) throw new RowError(keys.grid, `网格“${gridText}”已撤销`);
  const rawBuilding = reader.field(keys.building, () => text(reader.cell(cells, keys.building), 40, '楼栋'));
  if (grid.rural) {
    if (rawBuilding !== '') throw new RowError(keys.building, `“${gridText}”是农村网格，没有楼栋：楼栋一栏请留空`);
    return { nodeRef: nodeRef(grid.id), grid, buildingName: '' };
  }
  if (rawBuilding === '') {
    if (opts.buildingRequired) throw new RowError(keys.building, '缺少楼栋');
    return { nodeRef: nodeRef(grid.id), grid, buildingName: '' };
  }
  const name = buildingName(rawBuilding);
  const building = world.buildingsByGridAndName.get(`${grid.id}|${name}`);
  if (building) {
    if (building.retired) throw new RowError(keys.building, `楼栋“${gridText} ${name}”已撤销`);
    return { nodeRef: nodeRef(building.id), grid, buildingName: name };
  }
  const ref = `b+${grid.id}|${name}`;
  if (!world.newBuildings.has(ref)) world.newBuildings.set(ref, { ref, gridId: grid.id, gridName: grid.name, name, firstSeen: { sheet: reader.sheet.name, row: opts.row } });
  return { nodeRef: ref, grid, buildingName: name };
}

export type HouseholdAddress = Place & { unit: string | null; room: string; key: string };

export function resolveAddress(
  reader: SheetReader,
  cells: readonly Cell[],
  keys: { grid: string; building: string; unit: string; room: string },
  row: number,
): HouseholdAddress {
  const place = resolvePlace(reader, cells, keys, { row, buildingRequired: true });
  const unitText = reader.field(keys.unit, () => text(reader.cell(cells, keys.unit), 20, '单元'));
  const roomText = reader.field(keys.room, () => text(reader.cell(cells, keys.room), 20, '门牌号'));
  if (roomText === '') throw new RowError(keys.room, '缺少门牌号');
  const unit = unitText === '' ? null : unitName(unitText);
  const room = roomName(roomText);
  return { ...place, unit, room, key: householdKey(place.nodeRef, unit, room) };
}

/** An existing (or already planned) household the row names; households are never created from this row. */
export function findHousehold(reader: SheetReader, cells: readonly Cell[], keys: { grid: string; building: string; unit: string; room: string }, row: number): string {
  const address = resolveAddress(reader, cells, keys, row);
  const ref = reader.state.world.householdByKey.get(address.key);
  if (!ref) {
    const where = [address.grid.name, address.buildingName, address.unit, address.room].filter(Boolean).join(' ');
    throw new RowError(keys.room, `本社区没有这一户：${where}（请先在人口台账中登记）`);
  }
  return ref;
}

/** A person's identity facts as a row gives them, checked against each other. */
export type PersonFacts = { name: string; idNumber: string; phone: string; gender: 'M' | 'F' | null; birthDate: string };

export function readPersonFacts(
  reader: SheetReader,
  cells: readonly Cell[],
  keys: { name: string; idNumber: string; phone: string; gender?: string; birthDate?: string },
): PersonFacts {
  const today = reader.state.today;
  const name = reader.field(keys.name, () => text(reader.cell(cells, keys.name), 30, '姓名'));
  if (name === '') throw new RowError(keys.name, '缺少姓名');
  const idNumber = reader.field(keys.idNumber, () => idNumberField(reader.cell(cells, keys.idNumber), today));
  const phone = reader.field(keys.phone, () => phoneField(reader.cell(cells, keys.phone)));
  const gender = keys.gender ? reader.field(keys.gender, () => genderField(reader.cell(cells, keys.gender!))) : null;
  const birthDate = keys.birthDate ? reader.field(keys.birthDate, () => dateField(reader.cell(cells, keys.birthDate!), '出生日期', today, { allowFuture: true })) : '';
  if (idNumber) {
    if (gender && gender !== idNumberGender(idNumber)) throw new RowError(keys.gender!, '性别与身份证号不符');
    if (birthDate && birthDate !== idNumberBirthDate(idNumber)) throw new RowError(keys.birthDate!, '出生日期与身份证号不符');
  }
  return { name, idNumber, phone, gender: gender ?? (idNumber ? idNumberGender(idNumber) : null), birthDate: birthDate || (idNumber ? (idNumberBirthDate(idNumber) ?? '') : '') };
}

/**
 * The person a row means: by ID number, else by name + phone, else (within a household) by
 * name. `seen` holds the rows that already named each person in this sheet, so a person
 * listed twice is refused instead of being written twice.
 */
export function matchPerson(
  state: PlanState,
  facts: PersonFacts,
  opts: {
    householdRef: string | null;
    /** The household's natural key, for a household the plan has not created yet. */
    householdKey?: string;
    elsewhere: Set<string>;
    seen: Map<string, number>;
    keys: { name: string; idNumber: string; phone: string };
  },
): { ref: string | null; seenKey: string } {
  const world = state.world;
  if (facts.idNumber && opts.elsewhere.has(facts.idNumber)) throw new RowError(opts.keys.idNumber, '该身份证号已登记在其他社区的居民名下');
  const seenKey = facts.idNumber
    ? `id:${facts.idNumber}`
    : facts.phone
      ? `np:${facts.name}|${facts.phone}`
      : (opts.householdRef ?? opts.householdKey)
        ? `hn:${opts.householdRef ?? opts.householdKey}|${facts.name}|${facts.birthDate}`
        : null;
  if (!seenKey) throw new RowError(opts.keys.phone, '请填写身份证号或联系电话，以便与已登记的人员对应');
  const earlier = opts.seen.get(seenKey);
  if (earlier !== undefined) {
    const why = facts.idNumber ? '身份证号' : facts.phone ? '姓名和联系电话' : '同一户的姓名和出生日期';
    throw new RowError(facts.idNumber ? opts.keys.idNumber : opts.keys.name, `${why}与第${earlier}行重复`);
  }
  let ref: string | undefined = facts.idNumber ? world.personById.get(facts.idNumber) : undefined;
  if (!ref && facts.phone) {
    const candidate = world.personByNamePhone.get(`${facts.name}|${facts.phone}`);
    // Same name and phone but a different ID number on record: a different person (parent and child sharing a phone).
    if (candidate && !(facts.idNumber && world.persons.get(candidate)!.idNumber)) ref = candidate;
  }
  if (!ref && !facts.idNumber && !facts.phone && opts.householdRef) {
    // Namesakes in one household (a grandfather and grandson) are told apart by their dates of birth.
    const namesakes = (world.personsByHousehold.get(opts.householdRef) ?? []).filter((r) => world.persons.get(r)!.name === facts.name);
    ref = namesakes.length === 1 ? namesakes[0] : namesakes.find((r) => world.persons.get(r)!.birthDate === (facts.birthDate || null));
  }
  return { ref: ref ?? null, seenKey };
}

/**
 * A date of birth after today is refused, unless it is exactly what the registry already holds
 * for this person: re-importing an export must not fail on a record entered before the check.
 */
export function checkBirthDate(state: PlanState, facts: PersonFacts, existing: PersonRec | null, key: string): void {
  if (facts.birthDate && facts.birthDate > todayIso(state.today) && existing?.birthDate !== facts.birthDate) throw new RowError(key, '出生日期晚于今天');
}

/** The identity fields a row sets on a person: only what it gives (an empty cell keeps what is stored). */
export function identityPatch(facts: PersonFacts, existing: PersonRec | null): Partial<PersonRec> {
  const patch: Partial<PersonRec> = { name: facts.name };
  if (facts.idNumber) patch.idNumber = facts.idNumber;
  if (facts.phone) patch.phone = facts.phone;
  if (facts.gender) patch.gender = facts.gender;
  if (facts.birthDate) patch.birthDate = facts.birthDate;
  if (existing) return patch;
  return { idNumber: null, phone: null, birthDate: null, ...patch };
}

/** Moves a person's index entries when the plan changes their household, phone or ID number. */
export function reindexPerson(world: World, rec: PersonRec, previous: { householdRef: string | null }): void {
  if (previous.householdRef !== rec.householdRef) unindexPersonHousehold(world, { ...rec, householdRef: previous.householdRef });
  indexPerson(world, rec);
}

