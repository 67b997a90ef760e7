import { LocalPresence, PRESENCE_RULES, PresenceTable, type PresenceRules, type PresenceStatus } from "@/lib/chat/presence";
import type { ChatStore } from "@/lib/store/chat-store";
import type { Signal, SignalBus } from "./signal-bus";
import type { SseConnection } from "./sse-connection";
import type { SseHub } from "./sse-hub";

/** The `presence` stream event: statuses by user id; `full` replaces what the client holds. */
export interface PresenceEvent {
  full: boolean;
  users: Record<string, PresenceStatus>;
}

/** How often the relay looks at the clock: grace, away and lease ends are noticed within this. */
const TICK_MS = 2_000;

/**
 * Presence across instances. Each instance counts its own streams per person (LocalPresence),
 * announces changes at once and everything it holds every beat (its lease), and merges what every
 * instance said (PresenceTable). A crashed instance stops beating: its people go offline when
 * its lease ends. Cost per person: no store access per beat; one membership read per change of
 * status (to find who may see it) and one conversation list per stream opened (its snapshot).
 */
export class PresenceRelay {
  private readonly local: LocalPresence;
  private readonly table: PresenceTable;
  /** The merged status last told to clients, per person not offline. */
  private readonly told = new Map<string, PresenceStatus>();
  private readonly unsubscribe: (() => void)[] = [];
  private timer?: ReturnType<typeof setInterval>;
  private lastBeat = 0;
  /** What this instance last said about its own people (its report as others hold it). */
  private published = new Map<string, PresenceStatus>();
  private publishFailedAt = 0;
  /** Another way to reach people than this hub's streams (the pusher mode's user channels). */
  private outlet?: (userId: string, event: PresenceEvent) => Promise<void>;

  constructor(
    private readonly store: ChatStore,
    private readonly hub: SseHub,
    private readonly signals: SignalBus,
    readonly instance: string,
    private readonly rules: PresenceRules = PRESENCE_RULES,
    private readonly clock: () => number = Date.now,
  ) {
    this.local = new LocalPresence(rules);
    this.table = new PresenceTable(rules);
  }

  start() {
    this.unsubscribe.push(
      this.hub.watch({ opened: (conn) => this.opened(conn), closed: (conn) => this.closed(conn) }),
      this.signals.subscribe((s) => this.received(s)),
    );
    this.timer = setInterval(() => this.tick(), Math.min(TICK_MS, this.rules.beatMs));
    this.timer.unref?.();
  }

  stop() {
    clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** The merged status of one person, as this instance knows it. */
  status(userId: string): PresenceStatus {
    return this.table.status(userId);
  }

  /** Everyone not offline among the people who share a conversation with userId. */
  async peersOf(userId: string): Promise<Record<string, PresenceStatus>> {
    const out: Record<string, PresenceStatus> = {};
    for (const c of await this.store.listConversationsForUser(userId)) {
      for (const m of c.members) {
        const s = this.table.status(m.userId);
        if (s !== "offline") out[m.userId] = s;
      }
    }
    return out;
  }

  /** Also tell changes through this (set once, by the transport that needs it). */
  setOutlet(outlet: (userId: string, event: PresenceEvent) => Promise<void>) {
    this.outlet = outlet;
  }

  /** A connection of this person's that is not one of the hub's streams went live / closed. */
  connected(userId: string) {
    this.local.open(userId, this.clock());
    this.refreshLocal([userId]);
  }

  disconnected(userId: string) {
    this.local.close(userId, this.clock());
  }

  /** Input in some tab of this person's, reported through any instance. */
  activity(userId: string) {
    void this.signals.publish({ kind: "activity", at: this.clock(), userId }).catch((err) => this.publishFailed(err));
    this.applyActivity(userId);
  }

  private opened(conn: SseConnection) {
    this.local.open(conn.userId, this.clock());
    this.refreshLocal([conn.userId]);
    // The snapshot is read after the live event queue's `ready`: a change told meanwhile is
    // older than the snapshot, which is read from the table when the list comes back.
    void this.peersOf(conn.userId).then(
      (users) => conn.enqueue(async () => conn.send("presence", { full: true, users } satisfies PresenceEvent)),
      (err) => console.warn("[presence] snapshot failed:", (err as Error).message),
    );
  }

  private closed(conn: SseConnection) {
    this.local.close(conn.userId, this.clock());
  }

  private received(s: Signal) {
    if (s.kind === "activity") return this.applyActivity(s.userId);
    if (s.kind !== "presence" || s.instance === this.instance) return;
    this.changed(this.table.report(s.instance, s.users, s.full, this.clock()));
  }

  private applyActivity(userId: string) {
    if (this.local.activity(userId, this.clock())) this.refreshLocal([userId]);
  }

  /** Puts this instance's view of some people into the table and tells others what changed. */
  private refreshLocal(userIds: string[]) {
    const now = this.clock();
    const users = new Map(userIds.map((id) => [id, this.local.status(id, now)] as const));
    this.changed(this.table.report(this.instance, users, false, now));
    this.publishMoved(users);
  }

  /** Called by the timer; also by tests that drive the clock. */
  tick() {
    const now = this.clock();
    const mine = this.local.statuses(now);
    const touched = this.table.report(this.instance, mine, true, now);
    touched.push(...this.table.expire(now));
    if (now - this.lastBeat >= this.rules.beatMs) {
      this.lastBeat = now;
      this.published = new Map(mine);
      this.publish(true, Object.fromEntries(mine));
    } else {
      for (const id of this.published.keys()) if (!mine.has(id)) mine.set(id, "offline");
      this.publishMoved(mine);
    }
    this.changed(touched);
  }

  /** Announces at once the people whose status here differs from what this instance last said. */
  private publishMoved(users: Map<string, PresenceStatus>) {
    const moved: Record<string, PresenceStatus> = {};
    let any = false;
    for (const [id, status] of users) {
      if ((this.published.get(id) ?? "offline") === status) continue;
      if (status === "offline") this.published.delete(id);
      else this.published.set(id, status);
      moved[id] = status;
      any = true;
    }
    if (any) this.publish(false, moved);
  }

  private publish(full: boolean, users: Record<string, PresenceStatus>) {
    void this.signals
      .publish({ kind: "presence", at: this.clock(), instance: this.instance, full, users })
      .catch((err) => this.publishFailed(err));
  }

  private publishFailed(err: Error) {
    const now = this.clock();
    if (now - this.publishFailedAt < 60_000) return;
    this.publishFailedAt = now;
    console.warn(`[presence] could not publish a signal (others see this instance's people go offline): ${err.message}`);
  }

  /** Tells the streams of everyone who shares a conversation with each person whose status moved. */
  private changed(userIds: Iterable<string>) {
    for (const userId of new Set(userIds)) {
      const now = this.table.status(userId);
      if (now === (this.told.get(userId) ?? "offline")) continue;
      if (now === "offline") this.told.delete(userId);
      else this.told.set(userId, now);
      void this.fanOut(userId).catch((err) => console.warn("[presence] fan-out failed:", (err as Error).message));
    }
  }

  private async fanOut(userId: string) {
    const memberships = await this.store.listMembershipCursors(userId);
    // The status as of now, not as of the change: two fan-outs for one person may finish out of
    // order, and the later one must not show a status that has moved on.
    const event: PresenceEvent = { full: false, users: { [userId]: this.table.status(userId) } };
    const sent = new Set<SseConnection>();
    for (const m of memberships) {
      for (const conn of this.hub.followers(m.conversationId)) {
        if (sent.has(conn)) continue;
        sent.add(conn);
        conn.enqueue(async () => conn.send("presence", event));
      }
    }
    await this.outlet?.(userId, event);
  }
}
