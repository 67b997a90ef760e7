import "server-only";
import type { FormNoticeCode } from "@/components/chat/form-notice";
import { LATEST_ANCHOR } from "@/components/chat/form-notice";
import type { ChatDeps } from "@/lib/chat/deps";
import { ChatError } from "@/lib/chat/errors";
import { deleteMessage, editMessage, sendMessage } from "@/lib/chat/messages";
import { idSchema } from "@/lib/chat/schemas";
import type { User } from "@/lib/chat/types";
import { isSameOriginRequest, type HeaderReader } from "@/lib/http/origin";
import { limits } from "@/lib/http/rate-limit";
import { isStoreConflict, isStoreNotFound } from "@/lib/store/chat-store";
import { isStoreUnavailable } from "@/lib/store/store-fault";

/**
 * The message forms' server actions without the Next.js plumbing (app/chat/actions.ts adds it),
 * so the rules can be tested with a real store. Each runs what the route handler runs — the same
 * origin rule, session check, write limit, use case and zod schema — and answers where to send
 * the browser: back to the conversation with a notice code, or to sign-in. Never throws.
 */
export interface ActionContext {
  headers: HeaderReader;
  /** The signed-in user (the one session check), or null. */
  user: () => Promise<User | null>;
  deps: () => Promise<ChatDeps>;
}

type Kind = "send" | "edit" | "delete";
const DONE: Record<Kind, FormNoticeCode> = { send: "sent", edit: "edited", delete: "deleted" };

export async function runMessageAction(kind: Kind, form: FormData, ctx: ActionContext): Promise<string> {
  // Only for the redirect: a valid id or the conversation list. Membership is the use case's.
  const conversationId = idSchema.safeParse(form.get("conversationId")).success ? String(form.get("conversationId")) : null;
  const back = (code: FormNoticeCode, id = conversationId) =>
    id ? `/chat/${encodeURIComponent(id)}?notice=${code}#${LATEST_ANCHOR}` : `/chat?notice=${code}`;
  try {
    if (!isSameOriginRequest("POST", ctx.headers)) return back("origin");
    const user = await ctx.user();
    if (!user) return `/login?callbackUrl=${encodeURIComponent(conversationId ? `/chat/${conversationId}` : "/chat")}`;
    limits.write.take(user.id);
    const deps = await ctx.deps();
    if (kind === "send") {
      const input = { text: formText(form.get("text")), ...(present(form.get("clientId")) ? { clientId: form.get("clientId") } : {}) };
      const { message } = await sendMessage(deps, user.id, conversationId ?? form.get("conversationId"), input);
      return back(DONE.send, message.conversationId);
    }
    const message =
      kind === "edit"
        ? await editMessage(deps, user.id, form.get("messageId"), { text: formText(form.get("text")) })
        : await deleteMessage(deps, user.id, form.get("messageId"));
    return back(DONE[kind], message.conversationId);
  } catch (err) {
    return back(noticeFor(err));
  }
}

/** A browser sends a text area's line breaks as CRLF; the app (and its JSON clients) use LF. */
function formText(value: FormDataEntryValue | null): unknown {
  return typeof value === "string" ? value.replace(/\r\n?/g, "\n") : (value ?? undefined);
}

function present(value: FormDataEntryValue | null): boolean {
  return value !== null && value !== "";
}

/** The same failures the route answers with a status, as a notice the page shows. */
export function noticeFor(err: unknown): FormNoticeCode {
  if (isStoreUnavailable(err)) return "unavailable";
  if (isStoreConflict(err)) return "conflict";
  if (isStoreNotFound(err)) return "not_found";
  // By name, not instanceof: Next bundles actions and routes apart (two class copies).
  if (!(err instanceof ChatError || (err instanceof Error && err.name === "ChatError"))) {
    console.error("[action] unexpected error", err);
    return "failed";
  }
  const e = err as ChatError;
  if (e.status === 400) {
    const text = e.issues?.find((i) => i.path === "text");
    if (!text) return "invalid";
    return /at most/.test(text.message) ? "too_long" : "empty";
  }
  if (e.status === 413) return "too_long";
  if (e.status === 404) return "not_found";
  if (e.code === "forbidden:origin") return "origin";
  if (e.status === 403) return "not_yours";
  if (e.status === 409) return "conflict";
  if (e.status === 429) return "rate_limited";
  if (e.status === 503) return "unavailable";
  return "failed";
}
