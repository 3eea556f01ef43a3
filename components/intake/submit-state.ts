// The state of the resident's submit form, shared by the form and its server action.

export type SubmitField = 'description' | 'categoryId' | 'place' | 'residentName' | 'residentPhone' | 'wantsCallback' | 'photos';

/** What the resident typed, echoed back after an error so nothing has to be typed twice. */
export type SubmitValues = Partial<Record<Exclude<SubmitField, 'photos'>, string>>;

export type SubmitState =
  | { status: 'idle' }
  | { status: 'error'; message: string; fieldErrors?: Partial<Record<string, string[]>>; values: SubmitValues }
  | { status: 'done'; number: string; token: string };
