// The wish wall's states in words: a module of its own, so the script-free board pages (pages/) can name them without
// bundling the board's queries for a browser that never loads them.

/** 待认领 / 已认领 / 已点亮, from the case's status: a wish is lit when it is resolved. */
export type WishState = 'open' | 'claimed' | 'lit';
export const WISH_STATE_LABELS: Record<WishState, string> = { open: '待认领', claimed: '已认领', lit: '已点亮' };
