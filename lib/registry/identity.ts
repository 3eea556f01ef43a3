// Identity facts of a person: 身份证号 (GB 11643-1999) validation and masking, phone numbers, and ages from a date of birth.
import { z } from 'zod';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of an 18-digit 身份证号. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** Upper-cases a trailing x and strips spaces, the two ways people type a valid number wrongly. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type IdNumberProblem = 'format' | 'birth_date' | 'checksum';

/** Why an 18-digit 身份证号 is not valid, or null when it is (format, a real past date of birth, the check character). */
export function idNumberProblem(idNumber: string, today = new Date()): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  const birth = idNumberBirthDate(idNumber);
  if (birth === null || birth > isoDate(today) || birth < '1900-01-01') return 'birth_date';
  if (idNumberCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return 'checksum';
  return null;
}

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  format: '身份证号应为18位（最后一位可以是X）',
  birth_date: '身份证号中的出生日期不正确',
  checksum: '身份证号校验位不正确，请核对',
};

/** The date of birth an 18-digit number encodes (digits 7–14), or null when it is not a real date. */
export function idNumberBirthDate(idNumber: string): string | null {
  const y = idNumber.slice(6, 10);
  const m = idNumber.slice(10, 12);
  const d = idNumber.slice(12, 14);
  const iso = `${y}-${m}-${d}`;
  return isRealDate(iso) ? iso : null;
}

/** The gender an 18-digit number encodes (digit 17: odd for men). */
export function idNumberGender(idNumber: string): 'M' | 'F' {
  return Number(idNumber[16]) % 2 === 1 ? 'M' : 'F';
}

/** 1423**********1234: the first four and last four characters, the rest hidden. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 4) + '*'.repeat(idNumber.length - 8) + idNumber.slice(-4);
}

/** zod: an optional 身份证号, normalised, checked, with the Chinese reason. */
export const idNumberSchema = z
  .string()
  .transform(normaliseIdNumber)
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: ID_NUMBER_MESSAGES[problem] });
  });

/** A mainland mobile number (11 digits starting with 1) or a landline with area code (0359-1234567). */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const phoneSchema = z
  .string()
  .transform((v) => v.replace(/[\s()（）]/g, ''))
  .refine((v) => PHONE_PATTERN.test(v), { message: '电话号码格式不正确（11位手机号或带区号的座机）' });

/** YYYY-MM-DD of a Date in China's time zone (UTC+8, no daylight saving), the calendar the registry speaks. */
export function isoDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === iso;
}

/** Full years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The latest date of birth of someone who is at least `years` old on `on`: born on or before it. */
export function bornOnOrBefore(years: number, on: string): string {
  const y = String(Number(on.slice(0, 4)) - years).padStart(4, '0');
  const md = on.slice(5);
  // 29 February in a year without one: someone born on 1 March of that year is not yet of age.
  return isRealDate(`${y}-${md}`) ? `${y}-${md}` : `${y}-02-28`;
}
