import type { z } from "zod";

/** What a submit function reports back to an auth form; nothing (or {}) means success. */
export interface AuthResult<F extends string = string> {
  error?: string;
  fieldErrors?: Partial<Record<F, string>>;
}

/** First message per top-level field, from a failed zod parse. */
export function fieldErrorsOf<F extends string>(error: z.ZodError): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "") as F;
    if (key && !out[key]) out[key] = issue.message;
  }
  return out;
}

/** Moves focus to the first field with an error, in form order. */
export function focusFirstError(form: HTMLFormElement | null) {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
