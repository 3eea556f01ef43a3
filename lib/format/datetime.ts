// Dates and times as people in China read them, whatever the server's time zone.

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const shortDateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** 2026/11/24 14:05 */
export function formatDateTime(d: Date): string {
  return dateTime.format(d);
}

/** 11/24 14:05 */
export function formatShort(d: Date): string {
  return shortDateTime.format(d);
}

const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 2026/11/24: a moment's China date, written as formatDateTime writes it. */
export function formatDate(d: Date): string {
  return dateOnly.format(d);
}

/** A stored China calendar day (YYYY-MM-DD: a deadline, a meeting's date) as the pages write dates: 2026/11/24. */
export function formatDay(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day.replaceAll('-', '/') : day;
}
