// Deadlines (限时办理): plain elapsed hours from the step that starts them.

/** A resolved case waits this long for the resident's rating, then closes as "not rated". */
export const RATING_WINDOW_HOURS = 7 * 24;

export function addHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 60 * 60 * 1000);
}

/** The defaults used when a category has no limits of its own (also the seed defaults). */
export const DEFAULT_LIMITS = {
  urgent: { acceptHours: 2, resolveHours: 24 },
  normal: { acceptHours: 24, resolveHours: 120 },
} as const;

/** Hours left until a deadline (negative when overdue), for "还剩 3 小时" / "超期 5 小时". */
export function hoursUntil(due: Date, now: Date): number {
  return (due.getTime() - now.getTime()) / (60 * 60 * 1000);
}

export function describeDue(due: Date, now: Date): string {
  const h = hoursUntil(due, now);
  const abs = Math.abs(h);
  const span = abs >= 48 ? `${Math.floor(abs / 24)} 天` : abs >= 1 ? `${Math.floor(abs)} 小时` : `${Math.max(1, Math.floor(abs * 60))} 分钟`;
  return h < 0 ? `已超期 ${span}` : `剩余 ${span}`;
}
