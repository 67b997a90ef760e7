import { z } from "zod";
import type { SignalBus } from "@/lib/realtime/signal-bus";
import { requireMembership } from "./conversations";
import type { ChatDeps } from "./deps";
import { parseInput } from "./validate";

/** A typing signal shows for this long unless renewed; clients renew at most every RENEW_MS. */
export const TYPING_TTL_MS = 6_000;
export const TYPING_RENEW_MS = 3_000;

export const typingSchema = z.object({ typing: z.boolean({ error: "typing must be true or false" }).default(true) });

/**
 * Who is typing where, per instance. Ephemeral: it lives in memory, expires by itself and is
 * cleared when the person's message arrives. Methods return whether the conversation's list changed.
 */
export class TypingTable {
  private readonly byConversation = new Map<string, Map<string, number>>();

  constructor(private readonly ttlMs = TYPING_TTL_MS) {}

  start(conversationId: string, userId: string, now: number): boolean {
    let typers = this.byConversation.get(conversationId);
    if (!typers) this.byConversation.set(conversationId, (typers = new Map()));
    const isNew = !typers.has(userId);
    typers.set(userId, now + this.ttlMs);
    return isNew;
  }

  stop(conversationId: string, userId: string): boolean {
    const typers = this.byConversation.get(conversationId);
    if (!typers?.delete(userId)) return false;
    if (typers.size === 0) this.byConversation.delete(conversationId);
    return true;
  }

  /** Removes expired signals; returns the conversations whose list changed. */
  expire(now: number): string[] {
    const changed: string[] = [];
    for (const [conversationId, typers] of this.byConversation) {
      let any = false;
      for (const [userId, until] of typers) {
        if (until > now) continue;
        typers.delete(userId);
        any = true;
      }
      if (typers.size === 0) this.byConversation.delete(conversationId);
      if (any) changed.push(conversationId);
    }
    return changed;
  }

  /** Typers of a conversation, in the order they started. */
  list(conversationId: string): string[] {
    return [...(this.byConversation.get(conversationId)?.keys() ?? [])];
  }

  get size() {
    return this.byConversation.size;
  }
}

/**
 * POST /api/conversations/:id/typing: members only (the route rate-limits). Nothing is
 * stored; the signal goes to every instance, which tells its members' streams.
 */
export async function reportTyping(
  deps: ChatDeps & { signals: SignalBus },
  userId: string,
  conversationId: unknown,
  input: unknown,
): Promise<void> {
  const { typing } = parseInput(typingSchema, input);
  const { conversation } = await requireMembership(deps, conversationId, userId);
  await deps.signals.publish({ kind: "typing", at: Date.now(), conversationId: conversation.id, userId, typing });
}
