// Reading one field of a ledger row: text, dates, enumerations, 身份证号 and phone numbers, each with the Chinese reason it was refused.
import { CARE_TAGS, type CareTag, type HouseholdStatus, type PersonStatus } from '@/db/schema';
import { CARE_TAG_LABELS, RELATION_LABELS } from '@/lib/org/labels';
import { ID_NUMBER_MESSAGES, idNumberBirthDate, idNumberGender, idNumberProblem, isoDate, isRealDate, normaliseIdNumber, PHONE_PATTERN } from '@/lib/registry/identity';
import { stripXmlForbidden } from '@/lib/validation/text';
import type { Cell } from './read-workbook';

/** A refused field: the reason, in Chinese, for the preview. */
export class FieldError extends Error {}

export type Relation = keyof typeof RELATION_LABELS;

/** The text of a cell: trimmed, runs of white space made one space, forbidden XML characters removed. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object' && !(cell instanceof Date)) throw new FieldError('单元格是公式，无法读取：请复制后“选择性粘贴为数值”再导入');
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell);
  return stripXmlForbidden(String(cell)).replace(/\s+/g, ' ').trim();
}

/** Codes and numbers (phones, ID numbers, dates, rooms): full-width digits and letters made half-width. Free text keeps its punctuation. */
export function keyText(cell: Cell | undefined): string {
  return cellText(cell).normalize('NFKC');
}

export function text(cell: Cell | undefined, max: number, label: string): string {
  const value = cellText(cell);
  if ([...value].length > max) throw new FieldError(`${label}不超过${max}个字`);
  return value;
}

let lastToday: { at: number; iso: string } | null = null;
export { todayIso };
/** The import's "today" as ISO, computed once per import rather than once per cell. */
function todayIso(today: Date): string {
  if (lastToday?.at !== today.getTime()) lastToday = { at: today.getTime(), iso: isoDate(today) };
  return lastToday.iso;
}

/** Excel stores dates as days since 1899-12-30 (its 1900 leap-year bug included). */
function fromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

/**
 * A date as ledgers write it: a date cell, 1956-03-08, 1956/3/8, 1956.3.8, 1956年3月8日 or
 * 19560308. Returns ISO or '' when empty.
 */
export function dateField(cell: Cell | undefined, label: string, today = new Date(), opts: { allowFuture?: boolean } = {}): string {
  if (cell === null || cell === undefined || cell === '') return '';
  let iso: string | null = null;
  if (cell instanceof Date) iso = cell.toISOString().slice(0, 10);
  else if (typeof cell === 'number') iso = fromSerial(cell);
  else {
    const s = keyText(cell);
    if (s === '') return '';
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    if (m) iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  }
  if (!iso || !isRealDate(iso)) throw new FieldError(`${label}不是有效日期（应写作 1956-03-08）`);
  if (!opts.allowFuture && iso > todayIso(today)) throw new FieldError(`${label}晚于今天`);
  if (iso < '1900-01-01') throw new FieldError(`${label}早于1900年`);
  return iso;
}

function enumField<T extends string>(cell: Cell | undefined, choices: Record<string, T>, label: string): T | null {
  const s = keyText(cell);
  if (s === '') return null;
  const value = choices[s];
  if (!value) throw new FieldError(`${label}“${s}”无法识别，应为：${[...new Set(Object.keys(choices))].slice(0, 6).join(' / ')}`);
  return value;
}

export const GENDERS: Record<string, 'M' | 'F'> = { 男: 'M', 女: 'F', 男性: 'M', 女性: 'F' };
export const GENDER_LABELS = { M: '男', F: '女' } as const;
export function genderField(cell: Cell | undefined): 'M' | 'F' | null {
  return enumField(cell, GENDERS, '性别');
}

const RELATIONS: Record<string, Relation> = {
  ...Object.fromEntries(Object.entries(RELATION_LABELS).map(([k, v]) => [v, k as Relation])),
  本人: 'head', 妻: 'spouse', 夫: 'spouse', 妻子: 'spouse', 丈夫: 'spouse', 子: 'child', 女: 'child', 儿子: 'child', 女儿: 'child', 长子: 'child', 长女: 'child', 次子: 'child', 次女: 'child',
  父亲: 'parent', 母亲: 'parent', 父: 'parent', 母: 'parent', 孙子: 'grandchild', 孙女: 'grandchild', 外孙: 'grandchild', 外孙女: 'grandchild',
};
export function relationField(cell: Cell | undefined): Relation | null {
  return enumField(cell, RELATIONS, '与户主关系');
}

export const HOUSEHOLD_STATUS_LABELS: Record<HouseholdStatus, string> = { occupied: '在住', vacant: '空置', moved_away: '已迁出' };
const HOUSEHOLD_STATUSES: Record<string, HouseholdStatus> = { 在住: 'occupied', 居住: 'occupied', 常住: 'occupied', 空置: 'vacant', 空房: 'vacant', 已迁出: 'moved_away', 迁出: 'moved_away' };
export function householdStatusField(cell: Cell | undefined): HouseholdStatus | null {
  return enumField(cell, HOUSEHOLD_STATUSES, '住户状态');
}

export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = { present: '在册', moved_out: '已迁出', deceased: '已故' };
const PERSON_STATUSES: Record<string, PersonStatus> = { 在册: 'present', 在住: 'present', 正常: 'present', 已迁出: 'moved_out', 迁出: 'moved_out', 已故: 'deceased', 死亡: 'deceased', 去世: 'deceased' };
export function personStatusField(cell: Cell | undefined): PersonStatus | null {
  return enumField(cell, PERSON_STATUSES, '人员状态');
}

export const PARTY_KIND_LABELS = { in_service: '在职党员', floating: '流动党员' } as const;
const PARTY_KINDS: Record<string, 'in_service' | 'floating'> = { 在职党员: 'in_service', 在职: 'in_service', 流动党员: 'floating', 流动: 'floating' };
export function partyKindField(cell: Cell | undefined): 'in_service' | 'floating' | null {
  return enumField(cell, PARTY_KINDS, '党员类型');
}

export const PARTY_STATUS_LABELS = { active: '在册', transferred_out: '已转出' } as const;
const PARTY_STATUSES: Record<string, 'active' | 'transferred_out'> = { 在册: 'active', 正常: 'active', 已转出: 'transferred_out', 转出: 'transferred_out' };
export function partyStatusField(cell: Cell | undefined): 'active' | 'transferred_out' | null {
  return enumField(cell, PARTY_STATUSES, '党员状态');
}

/** A non-negative whole number (户人数), or null when empty. */
export function countField(cell: Cell | undefined, label: string): number | null {
  const s = keyText(cell);
  if (s === '') return null;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new FieldError(`${label}应为0到99的整数`);
  return n;
}

/**
 * 身份证号. A number cell has lost its last digits already (Excel keeps 15 significant digits),
 * so it is refused with how to fix the column rather than read wrongly.
 */
export function idNumberField(cell: Cell | undefined, today = new Date()): string {
  if (typeof cell === 'number') throw new FieldError('身份证号被 Excel 存成了数字（末几位已丢失）：请把这一列设为“文本”后重新填写');
  const raw = keyText(cell);
  if (raw === '') return '';
  const id = normaliseIdNumber(raw);
  const problem = idNumberProblem(id, today);
  if (problem) throw new FieldError(ID_NUMBER_MESSAGES[problem]);
  return id;
}

export function phoneField(cell: Cell | undefined): string {
  const raw = keyText(cell).replace(/[\s()]/g, '');
  if (raw === '') return '';
  if (!PHONE_PATTERN.test(raw)) throw new FieldError(`联系电话“${raw}”格式不正确（11位手机号或带区号的座机）`);
  return raw;
}

export { idNumberBirthDate, idNumberGender };

const STORED_TAG_BY_LABEL: Record<string, CareTag> = Object.fromEntries(CARE_TAGS.map((t) => [CARE_TAG_LABELS[t], t]));

/**
 * 关爱标签: labels separated by 、 , ； or spaces. null when the cell is empty (keep what is
 * stored); 无 means none. 80岁以上 is accepted and dropped: it is computed from dates of birth.
 */
export function careTagsField(cell: Cell | undefined): CareTag[] | null {
  const s = keyText(cell);
  if (s === '') return null;
  if (s === '无') return [];
  const tags = new Set<CareTag>();
  for (const label of s.split(/[、,，;；/\s]+/).filter(Boolean)) {
    const tag = STORED_TAG_BY_LABEL[label] ?? (label === '80岁以上老人' || label === '高龄' ? 'elderly_80' : undefined);
    if (!tag) throw new FieldError(`关爱标签“${label}”无法识别，应为：独居、特困、残疾、留守儿童、流动儿童`);
    if (tag !== 'elderly_80') tags.add(tag);
  }
  return [...tags].sort();
}

/** 1 → 1单元, 3 → 3号楼: the bare numbers ledgers often hold, in the names the registry uses. */
export function unitName(raw: string): string {
  raw = raw.normalize('NFKC');
  return /^\d+$/.test(raw) ? `${raw}单元` : raw;
}
export function buildingName(raw: string): string {
  raw = raw.normalize('NFKC');
  return /^\d+$/.test(raw) ? `${raw}号楼` : raw.replace(/^(\d+)(栋|幢|号)$/, '$1号楼');
}
export function roomName(raw: string): string {
  raw = raw.normalize('NFKC');
  return raw.replace(/室$/, '');
}
