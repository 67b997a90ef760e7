"use client";

import Link from "next/link";
import { loginSchema, type LoginInput } from "@/lib/chat/schemas";
import { button } from "@/components/ui/styles";
import { Field } from "./field";
import type { AuthResult } from "./form-state";
import { useAuthForm } from "./use-auth-form";

type F = keyof LoginInput;

export interface LoginFormProps {
  /** Signs in; resolves with an error to show, or nothing once navigation to the app has begun. */
  submit: (input: LoginInput) => Promise<AuthResult<F> | void>;
  notice?: string;
}

export function LoginForm({ submit, notice }: LoginFormProps) {
  const { formRef, onSubmit, formError, pending, field } = useAuthForm(loginSchema, { username: "", password: "" }, submit);

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
      <Field {...field("username")} label="Username" autoComplete="username" autoCapitalize="none" spellCheck={false} autoFocus />
      <Field {...field("password")} type="password" label="Password" autoComplete="current-password" />
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
