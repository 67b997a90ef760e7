import type { Attachment, Message } from "@/lib/chat/types";
import { ApiError } from "./api";
import { localStore, type KeyValueStore } from "./local-store";

/** A message the person sent that the server has not confirmed yet. */
export interface OutboxEntry {
  conversationId: string;
  clientId: string;
  text: string;
  /** Already uploaded; sent again with the same clientId, they attach once. */
  attachments?: Attachment[];
  createdAt: string;
  /** The message this one answers, if any. */
  replyToId?: string;
  /** Set when the server refused it (4xx): only the person can retry or discard it. */
  refused: string | null;
}

export type OutboxStatus = "pending" | "waiting" | "failed";

export interface OutboxDeps {
  send(conversationId: string, text: string, clientId: string, replyToId?: string, attachmentIds?: string[]): Promise<Message>;
  /** The server confirmed it (201, or 200 for a clientId it had already committed). */
  onSent(entry: OutboxEntry, message: Message): void;
  /** "waiting" after an unknown outcome (offline, timeout, 429, 5xx): it will be sent again by itself. */
  onStatus(entry: OutboxEntry, status: OutboxStatus, error: string | null): void;
  storage?: KeyValueStore;
  random?: () => number;
}

const MAX_BACKOFF_MS = 30_000;

/** 1 s, 2 s, 4 s … up to 30 s, ±25 % so that many clients coming back do not retry in step. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.round(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt) * (0.75 + random() * 0.5));
}

function isOutboxEntry(x: unknown): x is OutboxEntry {
  const e = x as OutboxEntry;
  return (
    typeof e === "object" && e !== null &&
    typeof e.conversationId === "string" && typeof e.clientId === "string" &&
    typeof e.text === "string" && typeof e.createdAt === "string"
  );
}

/**
 * The web UI's half of the send contract (docs/api.md): a send whose outcome is unknown — no answer,
 * a timeout, a reset, 429 or 5xx — is retried with the same clientId, so the server answers the
 * original message instead of storing a second one. Entries are kept in localStorage (per user), so
 * a reload or a crashed tab sends them too. One send at a time, oldest first: messages arrive in the
 * order they were written. Only a refusal (4xx) waits for the person.
 */
export class Outbox {
  private entries: OutboxEntry[];
  private readonly key: string;
  private readonly storage: KeyValueStore;
  private running = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(userId: string, private readonly deps: OutboxDeps) {
    this.key = `chat.outbox.${userId}`;
    this.storage = deps.storage ?? localStore();
    this.entries = this.read();
  }

  /** Everything not yet confirmed, oldest first (e.g. restored after a reload). */
  list(): readonly OutboxEntry[] {
    return this.entries;
  }

  forConversation(conversationId: string): OutboxEntry[] {
    return this.entries.filter((e) => e.conversationId === conversationId);
  }

  add(entry: Omit<OutboxEntry, "refused">) {
    this.entries = [...this.entries, { ...entry, refused: null }];
    this.write();
    void this.flush();
  }

  /** The person pressed Retry on a refused message. */
  retry(clientId: string) {
    this.entries = this.entries.map((e) => (e.clientId === clientId ? { ...e, refused: null } : e));
    this.write();
    this.resume();
  }

  discard(clientId: string) {
    this.entries = this.entries.filter((e) => e.clientId !== clientId);
    this.write();
  }

  /** The connection is back (or the page just loaded): send now, without waiting out the backoff. */
  resume() {
    this.attempt = 0;
    this.clearTimer();
    void this.flush();
  }

  /** Cancels the pending retry timer (the page is going away); any later send or resume() restarts. */
  stop() {
    this.stopped = true;
    this.clearTimer();
  }

  private async flush() {
    if (this.running) return;
    this.stopped = false;
    this.running = true;
    try {
      for (;;) {
        const next = this.entries.find((e) => !e.refused);
        if (!next) return;
        this.deps.onStatus(next, "pending", null);
        try {
          const files = next.attachments?.map((a) => a.id) ?? [];
          const message = await (files.length > 0
            ? this.deps.send(next.conversationId, next.text, next.clientId, next.replyToId, files)
            : next.replyToId
            ? this.deps.send(next.conversationId, next.text, next.clientId, next.replyToId)
            : this.deps.send(next.conversationId, next.text, next.clientId));
          this.entries = this.entries.filter((e) => e.clientId !== next.clientId);
          this.write();
          this.attempt = 0;
          this.deps.onSent(next, message);
        } catch (err) {
          if (!this.entries.some((e) => e.clientId === next.clientId)) continue; // discarded meanwhile
          if (err instanceof ApiError && err.status === 401) {
            // Signed out (the app sends the person to sign in): keep it, unrefused, for after sign-in.
            for (const e of this.entries.filter((x) => !x.refused)) this.deps.onStatus(e, "waiting", err.message);
            return;
          }
          if (err instanceof ApiError && !err.retryable) {
            this.entries = this.entries.map((e) => (e.clientId === next.clientId ? { ...e, refused: err.message } : e));
            this.write();
            this.deps.onStatus(next, "failed", err.message);
            continue;
          }
          // Unknown outcome: keep it (and everything after it, to keep the order) and try again later.
          const why = err instanceof ApiError ? err.message : "Could not reach the server.";
          for (const e of this.entries.filter((x) => !x.refused)) this.deps.onStatus(e, "waiting", why);
          this.schedule(err instanceof ApiError ? err.retryAfterSec : null);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Waits the backoff, or longer when the server said so with Retry-After. */
  private schedule(retryAfterSec: number | null = null) {
    if (this.stopped) return;
    this.clearTimer();
    const wait = Math.max(backoffMs(this.attempt++, this.deps.random), (retryAfterSec ?? 0) * 1000);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private read(): OutboxEntry[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? "[]");
      return Array.isArray(parsed)
        ? parsed.filter(isOutboxEntry).map((e) => ({ ...e, refused: typeof e.refused === "string" ? e.refused : null }))
        : [];
    } catch {
      return [];
    }
  }

  private write() {
    try {
      if (this.entries.length) this.storage.setItem(this.key, JSON.stringify(this.entries));
      else this.storage.removeItem(this.key);
    } catch {
      // Storage full or blocked: the messages still go out from memory while the tab stays open.
    }
  }
}
