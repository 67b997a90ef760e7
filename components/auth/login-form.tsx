"use client";

import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { loginSchema, type LoginInput } from "@/lib/chat/schemas";
import { button } from "@/components/ui/styles";
import { Field } from "./field";
import { fieldErrorsOf, focusFirstError, type AuthResult } from "./form-state";

type F = keyof LoginInput;

export interface LoginFormProps {
  /** Signs in; resolves with an error to show, or nothing once navigation to the app has begun. */
  submit: (input: LoginInput) => Promise<AuthResult<F> | void>;
  notice?: string;
}

export function LoginForm({ submit, notice }: LoginFormProps) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ username: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [focusErrors, setFocusErrors] = useState(0);

  useEffect(() => {
    if (focusErrors) focusFirstError(formRef.current);
  }, [focusErrors]);

  function validate(next: typeof values) {
    const parsed = loginSchema.safeParse(next);
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
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={pending} className="flex flex-col gap-4">
      {notice && !formError && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {notice}
        </p>
      )}
      {formError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      )}
      <Field
        id={`${id}-username`}
        name="username"
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={values.username}
        error={errors.username}
        onChange={(e) => change("username", e.target.value)}
      />
      <Field
        id={`${id}-password`}
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        value={values.password}
        error={errors.password}
        onChange={(e) => change("password", e.target.value)}
      />
      <button type="submit" disabled={pending} className={`${button.primary} w-full`}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/register" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
