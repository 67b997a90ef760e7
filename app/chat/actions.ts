"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { container } from "@/lib/server/container";
import { runMessageAction, type ActionContext } from "@/lib/server/message-actions";

/**
 * The composer's, edit and delete forms' actions. Browsers use them before the JavaScript bundle
 * has loaded or without JavaScript (a plain form POST; Next.js answers with a 303 to where the
 * action redirects). Once hydrated, the forms' own handlers take over (optimistic send, inline
 * edit) and these are not called. Rules: lib/server/message-actions.ts.
 */
async function context(): Promise<ActionContext> {
  return { headers: await headers(), user: getCurrentUser, deps: container };
}

export async function sendMessageAction(form: FormData): Promise<void> {
  redirect(await runMessageAction("send", form, await context()));
}

export async function editMessageAction(form: FormData): Promise<void> {
  redirect(await runMessageAction("edit", form, await context()));
}

export async function deleteMessageAction(form: FormData): Promise<void> {
  redirect(await runMessageAction("delete", form, await context()));
}
