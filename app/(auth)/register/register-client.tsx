"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import type { RegisterInput } from "@/lib/chat/schemas";
import { RegisterForm } from "@/components/auth/register-form";
import { api, ApiError } from "@/components/chat/api";

type F = keyof RegisterInput;

export function RegisterClient() {
  const router = useRouter();
  return (
    <RegisterForm
      submit={async (input) => {
        try {
          await api.register(input);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          if (err.status === 409) return { fieldErrors: { username: err.message } };
          if (err.issues?.length) {
            const fieldErrors: Partial<Record<F, string>> = {};
            for (const i of err.issues) {
              const key = i.path.split(".")[0] as F;
              if (key in input || key === "displayName") fieldErrors[key] ??= i.message;
            }
            if (Object.keys(fieldErrors).length) return { fieldErrors };
          }
          return { error: err.message };
        }
        const res = await signIn("credentials", { username: input.username, password: input.password, redirect: false });
        if (!res?.ok || res.error) {
          router.replace("/login?registered=1");
          return;
        }
        router.replace("/chat");
        router.refresh();
      }}
    />
  );
}
