"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { LoginForm } from "@/components/auth/login-form";

export function LoginClient({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const router = useRouter();
  return (
    <LoginForm
      notice={notice}
      submit={async (input) => {
        const res = await signIn("credentials", { ...input, redirect: false });
        if (!res?.ok || res.error) {
          return {
            error:
              res?.error === "CredentialsSignin" || res?.status === 401
                ? "Wrong username or password."
                : "Could not sign in right now. Try again in a moment.",
          };
        }
        router.replace(callbackUrl);
        router.refresh();
      }}
    />
  );
}
