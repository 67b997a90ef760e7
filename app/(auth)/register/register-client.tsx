"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { RegisterForm } from "@/components/auth/register-form";
import { registerAction } from "./actions";

export function RegisterClient() {
  const router = useRouter();
  return (
    <RegisterForm
      submit={async (input) => {
        const result = await registerAction(input);
        if (!result.ok) return { error: result.error, fieldErrors: result.fieldErrors };
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
