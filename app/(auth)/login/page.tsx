import type { Metadata } from "next";
import { safeCallbackUrl } from "../safe-callback";
import { LoginClient } from "./login-client";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold text-slate-900">Sign in</h1>
      <LoginClient
        callbackUrl={safeCallbackUrl(sp.callbackUrl)}
        notice={
          sp.registered
            ? "Your account is ready. Sign in to continue."
            : typeof sp.callbackUrl === "string" && safeCallbackUrl(sp.callbackUrl).startsWith("/chat")
              ? "Please sign in to see your conversations."
              : undefined
        }
      />
    </>
  );
}
