import type { ChatEvent } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";
import type { EventBus } from "./event-bus";
import { SseConnection, type SseSink } from "./sse-connection";
import type { StreamCursor } from "./stream-cursor";

/**
 * Fans bus events out to this instance's SSE clients. One bus subscription per process; clients
 * are indexed by user and by followed conversation so routing an event is O(recipients).
 */
export class SseHub {
  private readonly byUser = new Map<string, Set<SseConnection>>();
  private readonly byConversation = new Map<string, Set<SseConnection>>();
  /** Connections still computing their baseline, with the live events seen meanwhile. */
  private readonly starting = new Map<SseConnection, ChatEvent[]>();
  private readonly unsubscribe: () => void;
  private sweeper?: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: ChatStore,
    bus: EventBus,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.route(event));
  }

  get connectionCount() {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /**
   * Opens a stream for a user. With a cursor (Last-Event-ID), first replays from the store
   * everything after it — for conversations joined since, from the join — then goes live.
   * Conversations in the cursor the user no longer belongs to get a member.removed notice.
   * The connection is registered before the baseline is read, so no event can fall between.
   */
  async connect(userId: string, sink: SseSink, cursor: StreamCursor | null): Promise<SseConnection> {
    const conn = new SseConnection(userId, this.store, sink, (c, id) => this.deindex(this.byConversation, id, c));
    const buffered: ChatEvent[] = [];
    this.starting.set(conn, buffered);
    this.index(this.byUser, userId, conn);
    try {
      const memberships = await this.store.listMembershipCursors(userId);
      for (const m of memberships) {
        conn.follow(m.conversationId, cursor ? (cursor.get(m.conversationId) ?? m.joinedSeq - 1) : m.lastSeq);
        this.index(this.byConversation, m.conversationId, conn);
      }
      await conn.enqueue(async () => {
        for (const id of [...conn.known.keys()]) await conn.catchUp(id);
        const current = new Set(memberships.map((m) => m.conversationId));
        for (const id of cursor?.keys() ?? []) {
          if (!current.has(id)) {
            conn.send("member.removed", { type: "member.removed", conversationId: id, userId, seq: null });
          }
        }
      });
    } finally {
      this.starting.delete(conn);
    }
    for (const e of buffered) this.offerTo(conn, e);
    conn.enqueue(async () => conn.send("ready", { userId }));
    return conn;
  }

  disconnect(conn: SseConnection) {
    conn.close();
    this.starting.delete(conn);
    this.deindex(this.byUser, conn.userId, conn);
    for (const id of conn.known.keys()) this.deindex(this.byConversation, id, conn);
  }

  /**
   * The safety net under the bus: compares each connected user's conversations with the store
   * and catches up whatever the bus did not deliver (a broker outage, a publisher that crashed
   * between commit and publish, a member added or removed meanwhile). One query per connected
   * user per interval.
   */
  startSweeping(intervalMs: number) {
    if (this.sweeper) return;
    let running = false;
    this.sweeper = setInterval(() => {
      if (running) return;
      running = true;
      this.sweep()
        .catch((err) => console.warn("[sse] sweep failed:", (err as Error).message))
        .finally(() => (running = false));
    }, intervalMs);
    this.sweeper.unref?.();
  }

  async sweep() {
    for (const [userId, conns] of [...this.byUser]) {
      const memberships = await this.store.listMembershipCursors(userId);
      for (const conn of conns) {
        if (this.starting.has(conn) || conn.closed) continue;
        const current = new Set<string>();
        for (const m of memberships) {
          current.add(m.conversationId);
          const known = conn.known.get(m.conversationId);
          if (known === undefined) {
            conn.follow(m.conversationId, m.joinedSeq - 1); // joined while the bus was silent
            this.index(this.byConversation, m.conversationId, conn);
          } else if (m.lastSeq <= known) continue;
          conn.enqueue(() => conn.catchUp(m.conversationId));
        }
        // Removed while the bus was silent: the catch-up delivers the member.removed event.
        for (const id of [...conn.known.keys()]) if (!current.has(id)) conn.enqueue(() => conn.catchUp(id));
      }
    }
  }

  close() {
    clearInterval(this.sweeper);
    this.unsubscribe();
    for (const set of this.byUser.values()) for (const c of set) c.close();
  }

  private route(event: ChatEvent) {
    for (const buffer of this.starting.values()) buffer.push(event);
    const targets = new Set(this.byConversation.get(event.conversationId));
    for (const userId of joiningUsers(event)) for (const c of this.byUser.get(userId) ?? []) targets.add(c);
    for (const conn of targets) if (!this.starting.has(conn)) this.offerTo(conn, event);
  }

  /** Someone joining starts following the conversation from this very event. */
  private offerTo(conn: SseConnection, event: ChatEvent) {
    if (!conn.known.has(event.conversationId) && joiningUsers(event).includes(conn.userId)) {
      conn.follow(event.conversationId, event.seq - 1);
      this.index(this.byConversation, event.conversationId, conn);
    }
    if (conn.known.has(event.conversationId)) conn.offer(event);
  }

  private index(map: Map<string, Set<SseConnection>>, key: string, conn: SseConnection) {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(conn);
  }

  private deindex(map: Map<string, Set<SseConnection>>, key: string, conn: SseConnection) {
    const set = map.get(key);
    if (!set) return;
    set.delete(conn);
    if (set.size === 0) map.delete(key);
  }
}

function joiningUsers(event: ChatEvent): string[] {
  if (event.type === "conversation.created") return event.conversation.members.map((m) => m.userId);
  if (event.type === "member.added") return [event.userId];
  return [];
}
