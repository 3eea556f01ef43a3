// What org pages accept from the URL.
import { z } from 'zod';

/** A record id in a URL segment; anything else is simply "not found". */
export const idParamSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const nodePageSearchSchema = z.object({
  care: z.literal('1').optional().catch(undefined),
  /** Set by the create form's redirect, to confirm the new node. */
  created: z.literal('1').optional().catch(undefined),
});

export function parseId(value: string): number | null {
  const parsed = idParamSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
