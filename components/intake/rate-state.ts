// The state of the resident's rating form, shared by the form and its server action.
export type RateState = { ok?: boolean; message?: string; fieldErrors?: Partial<Record<'rating' | 'comment', string[]>> };
