"use client";

import Link from "next/link";
import { registerSchema, type RegisterInput } from "@/lib/chat/schemas";
import { button } from "@/components/ui/styles";
import { Field } from "./field";
import type { AuthResult } from "./form-state";
import { useAuthForm } from "./use-auth-form";

type F = keyof RegisterInput;

export interface RegisterFormProps {
  /** Creates the account and signs in; resolves with errors to show, or nothing on success. */
  submit: (input: RegisterInput) => Promise<AuthResult<F> | void>;
}

export function RegisterForm({ submit }: RegisterFormProps) {
  const { formRef, onSubmit, formError, pending, field } = useAuthForm(
    registerSchema,
    { username: "", displayName: "", password: "" },
    submit,
    { focusOnServerFieldErrors: true },
  );

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={pending} className="flex flex-col gap-4">
      {formError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      )}
      <Field
        {...field("username")}
        label="Username"
        hint="3–32 characters: letters, digits, _ . and -"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
      />
      <Field
        {...field("displayName")}
        label="Display name (optional)"
        hint="How others see you, e.g. “Alice Smith”. Defaults to your username."
        autoComplete="name"
      />
      <Field {...field("password")} type="password" label="Password" hint="At least 8 characters" autoComplete="new-password" />
      <button type="submit" disabled={pending} className={`${button.primary} w-full`}>
        {pending ? "Creating account…" : "Create account"}
      </button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
