// The wish wall's items as JSON-safe props (dates as epoch milliseconds) for the script-free board pages, and back.
import type { WallItem } from './board';

export type WallItemJson = Omit<WallItem, 'publishedAt' | 'resolvedAt'> & { publishedAt: number; resolvedAt: number | null };

export function toWallJson(item: WallItem): WallItemJson {
  return { ...item, publishedAt: item.publishedAt.getTime(), resolvedAt: item.resolvedAt ? item.resolvedAt.getTime() : null };
}

export function wallItemOf(json: WallItemJson): WallItem {
  return { ...json, publishedAt: new Date(json.publishedAt), resolvedAt: json.resolvedAt === null ? null : new Date(json.resolvedAt) };
}
