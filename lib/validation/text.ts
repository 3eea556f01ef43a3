// Free text at the boundary: the characters XML 1.0 forbids are removed from every field residents or staff type.
import { z } from 'zod';

/**
 * Everything outside XML 1.0's Char production: C0 controls other than tab, LF and CR,
 * lone surrogates (the `u` flag makes a paired surrogate one code point, so only lone halves
 * match), and U+FFFE / U+FFFF. Such a character in one request would make the monthly
 * ledger's sheet XML unreadable for everybody, and no person means to type one.
 */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text with every character XML 1.0 forbids removed; everything else (emoji, CJK ext B, RTL marks) kept. */
export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

/**
 * The one string schema for free text from forms, the API and imports: it cleans first and
 * stays a ZodString, so `.trim().min().max()` chain as usual and count the cleaned text.
 */
export function textSchema(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).overwrite(stripXmlForbidden);
}
