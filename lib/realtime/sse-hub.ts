import type { ChatEvent } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";
import type { EventBus } from "./event-bus";
import { SseConnection, type SseSink } from "./sse-connection";
import type { StreamCursor } from "./stream-cursor";

export interface StreamLimits {
  /** Open streams per user on this instance. */
  perUser: number;
  /** Open streams on this instance. */
  perInstance: number;
  /** A resume that would replay more events than this gets a `reset` instead. */
  replayEvents: number;
  /** …or that has written this many bytes of replay. */
  replayBytes: number;
}

export const DEFAULT_LIMITS: StreamLimits = { perUser: 20, perInstance: 20_000, replayEvents: 1_000, replayBytes: 1 << 20 };

/** Told when a stream goes live (after `ready`) and when it closes; presence hangs off this. */
export interface StreamWatcher {
  opened(conn: SseConnection): void;
  closed(conn: SseConnection): void;
}

/** Writers' clocks may disagree by this much; the sweep reads back this far past its last pass. */
const SWEEP_SKEW_MS = 15_000;

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
  private sweptFrom = new Date(Date.now() - SWEEP_SKEW_MS).toISOString();
  private count = 0;
  private readonly watchers = new Set<StreamWatcher>();
  /** Streams the watchers were told about, so each `opened` gets exactly one `closed`. */
  private readonly announced = new WeakSet<SseConnection>();

  constructor(
    private readonly store: ChatStore,
    bus: EventBus,
    readonly limits: StreamLimits = DEFAULT_LIMITS,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.route(event));
  }

  get connectionCount() {
    return this.count;
  }

  watch(watcher: StreamWatcher): () => void {
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  }

  /** The live streams following a conversation (its members' streams on this instance). */
  followers(conversationId: string): ReadonlySet<SseConnection> {
    return this.byConversation.get(conversationId) ?? EMPTY;
  }

  /** Which cap a new stream for this user would exceed, if any. */
  overLimit(userId: string): "user" | "instance" | null {
    if (this.count >= this.limits.perInstance) return "instance";
    if ((this.byUser.get(userId)?.size ?? 0) >= this.limits.perUser) return "user";
    return null;
  }

  /**
   * Opens a stream for a user. With a cursor (Last-Event-ID), first replays from the store
   * everything after it — for conversations joined since, from the join — then goes live.
   * Conversations in the cursor the user no longer belongs to get a member.removed notice.
   * A replay past the limits is cut short with a `reset` event: the client refetches instead.
   * The connection is registered before the baseline is read, so no event can fall between.
   */
  async connect(userId: string, sink: SseSink, cursor: StreamCursor | null): Promise<SseConnection> {
    const conn = new SseConnection(userId, this.store, sink, (c, id) => this.deindex(this.byConversation, id, c));
    const buffered: ChatEvent[] = [];
    this.starting.set(conn, buffered);
    this.index(this.byUser, userId, conn);
    this.count++;
    try {
      const memberships = await this.store.listMembershipCursors(userId);
      let backlog = 0;
      for (const m of memberships) {
        const from = cursor ? (cursor.get(m.conversationId) ?? m.joinedSeq - 1) : m.lastSeq;
        backlog += Math.max(0, m.lastSeq - from);
        conn.follow(m.conversationId, from);
        this.index(this.byConversation, m.conversationId, conn);
      }
      await conn.enqueue(async () => {
        const tooMuch = () => conn.bytesSent > this.limits.replayBytes;
        const cut = backlog > this.limits.replayEvents;
        for (const id of [...conn.known.keys()]) {
          if (cut || tooMuch()) break;
          await conn.catchUp(id, Number.MAX_SAFE_INTEGER, tooMuch);
        }
        if (cut || tooMuch()) await this.fastForward(conn);
        const current = new Set(memberships.map((m) => m.conversationId));
        for (const id of cursor?.keys() ?? []) {
          if (!current.has(id)) {
            conn.send("member.removed", { type: "member.removed", conversationId: id, userId, seq: null });
          }
        }
      });
    } catch (err) {
      this.disconnect(conn);
      throw err;
    } finally {
      this.starting.delete(conn);
    }
    for (const e of buffered) this.offerTo(conn, e);
    conn.enqueue(async () => conn.send("ready", { userId }));
    if (!conn.closed) {
      this.announced.add(conn);
      for (const w of this.watchers) w.opened(conn);
    }
    return conn;
  }

  /** Skips the rest of a replay: every position moves to the store's head, then `reset`. */
  private async fastForward(conn: SseConnection) {
    for (const m of await this.store.listMembershipCursors(conn.userId)) {
      if (!conn.known.has(m.conversationId)) this.index(this.byConversation, m.conversationId, conn);
      conn.known.set(m.conversationId, Math.max(conn.known.get(m.conversationId) ?? 0, m.lastSeq));
    }
    conn.send("reset", { reason: "replay_limit" });
  }

  disconnect(conn: SseConnection) {
    conn.close();
    if (this.starting.delete(conn) || this.byUser.get(conn.userId)?.has(conn)) this.count--;
    this.deindex(this.byUser, conn.userId, conn);
    for (const id of conn.known.keys()) this.deindex(this.byConversation, id, conn);
    if (this.announced.delete(conn)) for (const w of this.watchers) w.closed(conn);
  }

  /**
   * The safety net under the bus: asks the store what changed since the last pass and catches
   * up whatever the bus did not deliver (a broker outage, a publisher that crashed between
   * commit and publish, a member added or removed meanwhile). One query per interval, whose
   * cost follows the number of changes, not the number of connected people.
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
    const startedAt = Date.now();
    const changes = await this.store.listChangesSince(this.sweptFrom);
    this.sweptFrom = new Date(startedAt - SWEEP_SKEW_MS).toISOString();
    const ready = (conn: SseConnection) => !conn.closed && !this.starting.has(conn);
    for (const { conversationId, lastSeq, joined } of changes) {
      for (const conn of this.byConversation.get(conversationId) ?? []) {
        // Behind, or removed meanwhile: the catch-up delivers the events (member.removed too).
        if (ready(conn) && (conn.known.get(conversationId) ?? lastSeq) < lastSeq) conn.enqueue(() => conn.catchUp(conversationId));
      }
      for (const { userId, joinedSeq } of joined) {
        for (const conn of this.byUser.get(userId) ?? []) {
          if (!ready(conn) || conn.known.has(conversationId)) continue;
          conn.follow(conversationId, joinedSeq - 1); // joined while the bus was silent
          this.index(this.byConversation, conversationId, conn);
          conn.enqueue(() => conn.catchUp(conversationId));
        }
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

const EMPTY: ReadonlySet<SseConnection> = new Set();

function joiningUsers(event: ChatEvent): string[] {
  if (event.type === "conversation.created") return event.conversation.members.map((m) => m.userId);
  if (event.type === "member.added") return [event.userId];
  return [];
}
