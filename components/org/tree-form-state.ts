// What the tree's, units' and reply templates' forms get back from their server actions: a message, field errors, and
// the values to refill; and the two steps every such action starts with.
import { z } from 'zod';

export type TreeFormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

/** The named fields of a submitted form, as the text the form is refilled with. */
export function formValues(formData: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const v = formData.get(name);
    if (typeof v === 'string') values[name] = v;
  }
  return values;
}

/** Input the schema refused: its Chinese messages per field, and the values to refill. */
export const invalidForm = (error: z.ZodError, values: Record<string, string>): TreeFormState => ({
  ok: false,
  message: '请检查标出的内容。',
  fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>,
  values,
});
