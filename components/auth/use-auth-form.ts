"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { z } from "zod";
import { fieldErrorsOf, focusFirstError, type AuthResult } from "./form-state";

export interface AuthFormOptions {
  /** Also move focus to the first invalid field when the server reports field errors (e.g. a taken username). */
  focusOnServerFieldErrors?: boolean;
}

/**
 * State, validation and submission shared by the auth forms. Fields are checked with `schema` on submit, and
 * again on every change once a submit has been attempted; a failed check focuses the first invalid field.
 * `submit` gets the parsed input and resolves with errors to show, or nothing once it has succeeded (the form
 * then stays pending while the app navigates away).
 */
export function useAuthForm<S extends z.ZodType, V extends Record<string, string>>(
  schema: S,
  initialValues: V,
  submit: (input: z.output<S>) => Promise<AuthResult<keyof V & string> | void>,
  { focusOnServerFieldErrors = false }: AuthFormOptions = {},
) {
  type F = keyof V & string;
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [focusErrors, setFocusErrors] = useState(0);

  useEffect(() => {
    if (focusErrors) focusFirstError(formRef.current);
  }, [focusErrors]);

  function validate(next: V) {
    const parsed = schema.safeParse(next);
    setErrors(parsed.success ? {} : fieldErrorsOf<F>(parsed.error));
    return parsed;
  }

  function change(field: F, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    if (attempted) validate(next);
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (pending) return;
    setAttempted(true);
    setFormError(null);
    const parsed = validate(values);
    if (!parsed.success) return setFocusErrors((n) => n + 1);
    setPending(true);
    const result = await submit(parsed.data).catch((): AuthResult<F> => ({ error: "Could not reach the server. Try again." }));
    if (result && (result.error || result.fieldErrors)) {
      setFormError(result.error ?? null);
      setErrors(result.fieldErrors ?? {});
      setPending(false);
      if (focusOnServerFieldErrors && result.fieldErrors) setFocusErrors((n) => n + 1);
    }
  }

  /** The props that wire a `Field` to one value: its id, name, value, error and change handler. */
  function field(name: F) {
    return {
      id: `${id}-${name}`,
      name,
      value: values[name],
      error: errors[name],
      onChange: (e: React.ChangeEvent<HTMLInputElement>) => change(name, e.target.value),
    };
  }

  return { formRef, onSubmit, formError, pending, field };
}
