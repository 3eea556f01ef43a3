// Who may change the people registry, the result shape its commands share, and the form-field schemas they reuse.
import { z } from 'zod';
import type { Role } from '@/db/schema';
import type { Scope } from '@/lib/auth/scope';
import { isoDate, isRealDate } from './identity';

/** Households, residents and care tags (★): grid workers within their grids, secretaries within their community, the administrator everywhere. */
export const HOUSEHOLD_EDITOR_ROLES = ['admin', 'secretary', 'grid_worker'] as const satisfies readonly Role[];
/** Party members and 党员中心户: the community's business, not the grid worker's. */
export const PARTY_EDITOR_ROLES = ['admin', 'secretary'] as const satisfies readonly Role[];

/** The acting account as the commands need it; CurrentUser fits. */
export type RegistryActor = { id: number; role: Role; scope: Scope };

/**
 * `notFound`: the record is absent, outside the actor's scope or the role may not change it;
 * callers answer 404 for all three alike. Otherwise refused input comes back with Chinese
 * messages per field, and nothing was written.
 */
export type RegistryResult<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; notFound: true }
  | { ok: false; notFound?: undefined; message: string; fieldErrors: Record<string, string> };

export const NOT_FOUND = { ok: false, notFound: true } as const;

export function refused(fieldErrors: Record<string, string>, message = '请按提示改正标红的内容，未保存任何修改。') {
  return { ok: false as const, message, fieldErrors };
}

/** The first message per field of a zod error, keyed by the field's name. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}

export function mayEditHouseholds(role: Role): boolean {
  return (HOUSEHOLD_EDITOR_ROLES as readonly Role[]).includes(role);
}

export function mayEditParty(role: Role): boolean {
  return (PARTY_EDITOR_ROLES as readonly Role[]).includes(role);
}

/** A form text field: trimmed, blank → null, at most `max` characters. */
export function optionalText(max: number, label: string) {
  return z
    .string({ message: `${label}格式不正确` })
    .trim()
    .max(max, { message: `${label}不超过${max}个字` })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null);
}

/** A form date (YYYY-MM-DD): blank → null; never later than today in China. */
export function optionalPastDate(label: string, now = () => new Date()) {
  return z
    .string()
    .trim()
    .refine((v) => v === '' || isRealDate(v), { message: `${label}格式应为 2026-01-31` })
    .refine((v) => v === '' || v <= isoDate(now()), { message: `${label}不能晚于今天` })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null);
}

/** The form's value of a field, '' when absent, so schemas see strings only. */
export function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}
