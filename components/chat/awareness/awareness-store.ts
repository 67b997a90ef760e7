import type { PresenceStatus } from "@/lib/chat/presence";

export interface AwarenessState {
  /** People not offline; anyone missing is offline. */
  presence: Readonly<Record<string, Exclude<PresenceStatus, "offline">>>;
  /** Who is typing, per conversation (the typer's own id included; the UI hides it). */
  typing: Readonly<Record<string, readonly string[]>>;
}

/** Stream event names this store takes (besides chat events): see docs/api.md, "Presence and typing". */
export const SIGNAL_EVENTS = ["presence", "typing"] as const;
export type SignalEvent = (typeof SIGNAL_EVENTS)[number];

/** If the server's "nobody is typing" never comes (a stream that died quietly), forget it anyway. */
const TYPING_BACKSTOP_MS = 8_000;

const EMPTY: AwarenessState = { presence: {}, typing: {} };

/**
 * Presence and typing as the stream tells them, apart from ChatState: they change often and
 * concern a few small components, so they get their own external store (useSyncExternalStore).
 * Transport-neutral: it takes the event name and its JSON data, however they arrived.
 */
export class AwarenessStore {
  private state: AwarenessState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly backstops = new Map<string, ReturnType<typeof setTimeout>>();

  getState = () => this.state;
  getServerState = () => EMPTY;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  private set(next: AwarenessState) {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  handle(event: string, data: unknown) {
    if (typeof data !== "object" || data === null) return;
    if (event === "presence") this.presence(data as { full?: boolean; users?: Record<string, PresenceStatus> });
    if (event === "typing") this.typingList(data as { conversationId?: string; userIds?: string[] });
  }

  private presence({ full, users }: { full?: boolean; users?: Record<string, PresenceStatus> }) {
    if (!users || typeof users !== "object") return;
    const next: Record<string, Exclude<PresenceStatus, "offline">> = full ? {} : { ...this.state.presence };
    for (const [id, status] of Object.entries(users)) {
      if (status === "online" || status === "away") next[id] = status;
      else delete next[id];
    }
    this.set({ ...this.state, presence: next });
  }

  private typingList({ conversationId, userIds }: { conversationId?: string; userIds?: string[] }) {
    if (typeof conversationId !== "string" || !Array.isArray(userIds)) return;
    this.setTypers(conversationId, userIds.filter((u) => typeof u === "string"));
  }

  private setTypers(conversationId: string, userIds: string[]) {
    clearTimeout(this.backstops.get(conversationId));
    this.backstops.delete(conversationId);
    const typing = { ...this.state.typing };
    if (userIds.length) {
      typing[conversationId] = userIds;
      this.backstops.set(conversationId, setTimeout(() => this.setTypers(conversationId, []), TYPING_BACKSTOP_MS));
    } else delete typing[conversationId];
    this.set({ ...this.state, typing });
  }

  /** A message from someone means they stopped typing there, before the server says so. */
  messageArrived(conversationId: string, senderId: string) {
    const typers = this.state.typing[conversationId];
    if (typers?.includes(senderId)) this.setTypers(conversationId, typers.filter((u) => u !== senderId));
  }

  /** The stream dropped: typing lists are stale (presence comes again as a full snapshot). */
  disconnected() {
    for (const id of Object.keys(this.state.typing)) this.setTypers(id, []);
  }

  dispose() {
    for (const t of this.backstops.values()) clearTimeout(t);
    this.backstops.clear();
  }
}
