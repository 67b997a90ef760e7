import "server-only";
import type { ThreadSeed } from "@/components/chat/store/seed";
import { conversationTitle } from "@/components/chat/store/state";
import { getConversation, listConversations } from "@/lib/chat/conversations";
import { ChatError } from "@/lib/chat/errors";
import { listTimeline } from "@/lib/chat/timeline";
import type { ConversationSummary } from "@/lib/chat/types";
import { container } from "./container";

/** The page size the client loads too (components/chat/store/chat-store.ts). */
const PAGE = 50;

/**
 * What the chat pages render on the server, read with the same use cases as the API. A failure
 * here is not the page's: the client loads the data itself after hydrating and shows its own
 * error, so these answer undefined rather than break the page.
 */
export async function conversationListFor(userId: string): Promise<ConversationSummary[] | undefined> {
  try {
    return await listConversations(await container(), userId);
  } catch (err) {
    console.warn("[chat page] conversation list not rendered:", err instanceof Error ? err.message : err);
    return undefined;
  }
}

/** The newest page of a conversation, or why it cannot be shown (not found / not a member). */
export async function threadFor(userId: string, conversationId: string): Promise<ThreadSeed | undefined> {
  try {
    const page = await listTimeline(await container(), userId, conversationId, { limit: String(PAGE) });
    return { status: "ready", page };
  } catch (err) {
    if (err instanceof ChatError || (err instanceof Error && err.name === "ChatError")) {
      if ((err as ChatError).status === 404) return { status: "error", error: err.message };
    }
    console.warn("[chat page] conversation not rendered:", err instanceof Error ? err.message : err);
    return undefined;
  }
}

/** The title the conversation's view shows (a DM: the other person; a group: its name), or null. */
export async function conversationTitleFor(userId: string, conversationId: string): Promise<string | null> {
  try {
    return conversationTitle(await getConversation(await container(), userId, conversationId), userId);
  } catch {
    return null; // not found, not a member, store down: the page says so itself
  }
}
