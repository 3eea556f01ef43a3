// What the tree's and units' forms get back from their server actions: a message, field errors, and the values to refill.
export type TreeFormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};
