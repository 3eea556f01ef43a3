// Whether a request comes from a phone, for defaults that suit a small screen (never for what a user may see or do).

/**
 * A phone: Chromium-based browsers send the low-entropy client hint `Sec-CH-UA-Mobile: ?1` on every request;
 * other browsers (Safari, Firefox) are recognised by the "Mobile" / "iPhone" tokens of their User-Agent
 * ("request desktop site" drops both). A tablet without those tokens counts as a larger screen.
 */
export function isPhoneRequest(headers: Pick<Headers, 'get'>): boolean {
  if (headers.get('sec-ch-ua-mobile') === '?1') return true;
  // Not "?0 means desktop": an emulated or overridden user agent may keep the host's hint.
  return /\b(Mobile|iPhone|iPod)\b|Android.+Mobile/i.test(headers.get('user-agent') ?? '');
}
