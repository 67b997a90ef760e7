import type { ChannelSummary, ConversationSummary, Conversation, Message, TimelineItem, User, Visibility } from "@/lib/chat/types";
import { isSystemEntry } from "@/lib/chat/system-entries";
import type { SearchResult } from "@/lib/chat/search";

/**
 * Thin typed wrappers over the JSON API. Every failure becomes an ApiError carrying the server's
 * human-readable message, so components can show it as is.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
    /** Seconds the server asked us to wait (Retry-After on 429 and 503), when it said. */
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** True when a retry with the same input may succeed (network, rate limit, server trouble). */
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** Called on any 401 so the app can send the person back to the sign-in page. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

export async function request<T>(
  path: string,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      // A request that hangs would hold up everything queued behind it: give up and let the caller retry.
      signal: init.timeoutMs ? AbortSignal.timeout(init.timeoutMs) : undefined,
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "You appear to be offline. Check your connection and try again.");
  }
  const data = (await res.json().catch(() => null)) as
    | (T & { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } })
    | null;
  if (!res.ok) {
    if (res.status === 401) onUnauthorized?.();
    const err = data?.error;
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (res.status >= 500 ? "The server had a problem. Try again." : `Request failed (${res.status})`),
      err?.issues,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return data as T;
}

const enc = encodeURIComponent;

export const api = {
  register: (input: { username: string; password: string; displayName?: string }) =>
    request<{ user: User }>("/api/register", { method: "POST", body: input }),
  searchUsers: (q: string, limit = 10) =>
    request<{ users: User[] }>(`/api/users?q=${enc(q)}&limit=${limit}`).then((r) => r.users),
  listConversations: () =>
    request<{ conversations: ConversationSummary[] }>("/api/conversations").then((r) => r.conversations),
  getConversation: (id: string) =>
    request<{ conversation: Conversation | ConversationSummary }>(`/api/conversations/${enc(id)}`).then(
      (r) => r.conversation,
    ),
  openDirect: (userId: string) =>
    request<{ conversation: Conversation }>("/api/conversations", {
      method: "POST",
      body: { type: "direct", userId },
    }).then((r) => r.conversation),
  createGroup: (name: string, memberIds: string[], visibility: Visibility = "private") =>
    request<{ conversation: Conversation }>("/api/conversations", {
      method: "POST",
      body: { type: "group", name, memberIds, visibility },
    }).then((r) => r.conversation),
  setVisibility: (id: string, visibility: Visibility) =>
    request<{ conversation: Conversation }>(`/api/conversations/${enc(id)}`, {
      method: "PATCH",
      body: { visibility },
    }).then((r) => r.conversation),
  search: (q: string, before?: string | null) =>
    request<{ results: SearchResult[]; nextCursor: string | null; terms: string[]; senders: User[] }>(
      `/api/search?q=${enc(q)}&limit=20${before ? `&before=${enc(before)}` : ""}`,
    ),
  updateProfile: (displayName: string) =>
    request<{ user: User }>("/api/me", { method: "PATCH", body: { displayName } }).then((r) => r.user),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ signedOut: number }>("/api/me/password", { method: "POST", body: { currentPassword, newPassword } }),
  listChannels: (q: string) =>
    request<{ channels: ChannelSummary[] }>(`/api/channels?q=${enc(q)}&limit=50`).then((r) => r.channels),
  joinChannel: (id: string) =>
    request<{ conversation: Conversation }>(`/api/conversations/${enc(id)}/join`, { method: "POST" }).then((r) => r.conversation),
  renameGroup: (id: string, name: string) =>
    request<{ conversation: Conversation }>(`/api/conversations/${enc(id)}`, {
      method: "PATCH",
      body: { name },
    }).then((r) => r.conversation),
  addMember: (id: string, userId: string) =>
    request<{ conversation: Conversation }>(`/api/conversations/${enc(id)}/members`, {
      method: "POST",
      body: { userId },
    }).then((r) => r.conversation),
  removeMember: (id: string, userId: string) =>
    request<{ conversation: Conversation }>(`/api/conversations/${enc(id)}/members/${enc(userId)}`, {
      method: "DELETE",
    }).then((r) => r.conversation),
  /** A page of the timeline, split into messages and system entries (both newest first). */
  history: (id: string, before?: number | null, limit = 50) =>
    request<{ messages: TimelineItem[]; nextCursor: number | null; senders?: User[] }>(
      `/api/conversations/${enc(id)}/messages?limit=${limit}${before ? `&before=${before}` : ""}`,
    ).then((page) => ({
      ...page,
      messages: page.messages.filter((m): m is Message => !isSystemEntry(m)),
      system: page.messages.filter(isSystemEntry),
    })),
  /** "I am typing" (or, with false, "I stopped"): ephemeral, best effort. */
  typing: (id: string, typing: boolean) =>
    request<null>(`/api/conversations/${enc(id)}/typing`, { method: "POST", body: { typing }, timeoutMs: 10_000 }),
  send: (id: string, text: string, clientId: string, replyToId?: string, attachmentIds?: string[]) =>
    request<{ message: Message }>(`/api/conversations/${enc(id)}/messages`, {
      method: "POST",
      body: {
        // With files, text may be left out; without, it is always sent (the server explains an empty one).
        ...(text || !attachmentIds?.length ? { text } : {}),
        clientId,
        ...(replyToId ? { replyToId } : {}),
        ...(attachmentIds?.length ? { attachmentIds } : {}),
      },
      timeoutMs: 20_000,
    }).then((r) => r.message),
  react: (messageId: string, emoji: string, on: boolean) =>
    request<{ message: Message }>(`/api/messages/${enc(messageId)}/reactions/${enc(emoji)}`, {
      method: on ? "PUT" : "DELETE",
    }).then((r) => r.message),
  edit: (messageId: string, text: string) =>
    request<{ message: Message }>(`/api/messages/${enc(messageId)}`, { method: "PATCH", body: { text } }).then(
      (r) => r.message,
    ),
  remove: (messageId: string) =>
    request<{ message: Message }>(`/api/messages/${enc(messageId)}`, { method: "DELETE" }).then((r) => r.message),
  markRead: (id: string, messageId: string) =>
    request<{ lastReadSeq: number }>(`/api/conversations/${enc(id)}/read`, {
      method: "POST",
      body: { messageId },
    }).then((r) => r.lastReadSeq),
};

/** A clientId for idempotent sends; getRandomValues works on plain-http LAN hosts, randomUUID does not. */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
