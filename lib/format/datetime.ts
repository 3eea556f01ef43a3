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
