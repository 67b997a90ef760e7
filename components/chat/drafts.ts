import { localStore, type KeyValueStore } from "./local-store";

/**
 * Half-written messages, per person and conversation, kept in this browser only: they survive
 * switching conversations and reloads, and never reach the server.
 */
export class Drafts {
  constructor(
    private readonly userId: string,
    private readonly storage: KeyValueStore = localStore(),
  ) {}

  private key(conversationId: string) {
    return `chat.draft.${this.userId}.${conversationId}`;
  }

  get(conversationId: string): string {
    try {
      return this.storage.getItem(this.key(conversationId)) ?? "";
    } catch {
      return "";
    }
  }

  /** Whitespace-only text is no draft: nothing is kept for it. */
  set(conversationId: string, text: string) {
    try {
      if (text.trim()) this.storage.setItem(this.key(conversationId), text);
      else this.storage.removeItem(this.key(conversationId));
    } catch {
      // Storage full or blocked: the draft lives only as long as the composer.
    }
  }

  clear(conversationId: string) {
    this.set(conversationId, "");
  }
}
