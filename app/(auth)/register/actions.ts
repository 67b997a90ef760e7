"use server";

import { headers } from "next/headers";
import { registerUser } from "@/lib/chat/accounts";
import { ChatError } from "@/lib/chat/errors";
import type { RegisterInput } from "@/lib/chat/schemas";
import { clientAddress, limits } from "@/lib/http/rate-limit";
import { container } from "@/lib/server/container";

type Field = keyof RegisterInput;
export type RegisterResult = { ok: true } | { ok: false; error?: string; fieldErrors?: Partial<Record<Field, string>> };

/**
 * Creates the account (the same use case and schema as POST /api/register); the client signs in
 * afterwards through next-auth. Expected failures come back as data the form renders.
 */
export async function registerAction(input: unknown): Promise<RegisterResult> {
  try {
    limits.register.take(clientAddress(await headers()));
    await registerUser(await container(), input);
    return { ok: true };
  } catch (err) {
    if (!(err instanceof ChatError || (err instanceof Error && err.name === "ChatError"))) {
      console.error("[register] unexpected error", err);
      return { ok: false, error: "Something went wrong on our side. Try again." };
    }
    const e = err as ChatError;
    if (e.status === 409) return { ok: false, fieldErrors: { username: e.message } };
    const fieldErrors: Partial<Record<Field, string>> = {};
    for (const issue of e.issues ?? []) {
      const key = issue.path.split(".")[0];
      if (key === "username" || key === "password" || key === "displayName") fieldErrors[key] ??= issue.message;
    }
    return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: false, error: e.message };
  }
}
