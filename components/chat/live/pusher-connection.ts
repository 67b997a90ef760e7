import type { Channel } from "pusher-js";
import type PusherClient from "pusher-js";
import { CHAT_EVENT_TYPES, type ChatEvent, type ChatEventType } from "@/lib/chat/types";
import type { PusherClientConfig } from "@/lib/config/pusher-env";
import { request } from "../api";
import { SIGNAL_EVENTS } from "../awareness/awareness-store";
import type { StreamSink } from "../stream-connection";
import { EventSequencer, type EventsPage } from "./event-sequencer";
import { bringsNewPeers, fetchPresence, snapshotPresence, type PresenceSnapshot } from "./peer-presence";

/** The name the server sends instead of an event too large for the Pusher server. */
const NOTICE_EVENT = "event.notice";
const EVENT_TYPES = new Set<string>(CHAT_EVENT_TYPES);
const SIGNALS = new Set<string>(SIGNAL_EVENTS);
/** While the socket is down, the store is asked this often so the chat keeps moving. */
const POLL_MS = 5_000;
/** pusher-js waits long between attempts after a server crash (~16 s measured); we kick it sooner. */
const KICK_AFTER_MS = [2_000, 4_000, 8_000, 15_000];
/**
 * While live, the store is still asked this often: an event whose every trigger failed while the
 * socket stayed up shows as a gap only when a later event arrives, and the last one never would.
 */
const LIVE_SYNC_MS = 60_000;

const fetchEvents = (cursor: string | null) =>
  request<EventsPage>(cursor ? `/api/events?cursor=${encodeURIComponent(cursor)}` : "/api/events", { timeoutMs: 20_000 });

/** Seams for running the same client outside a browser (integration tests drive it from Node). */
export interface PusherConnectionDeps {
  load?: () => Promise<typeof PusherClient>;
  fetchPage?: (cursor: string | null) => Promise<EventsPage>;
  fetchPresence?: () => Promise<PresenceSnapshot>;
  /** Signs the channel instead of pusher-js's own request to /api/realtime/pusher/auth. */
  authorize?: (socketId: string, channel: string) => Promise<{ auth: string }>;
}

/**
 * Live updates through a Pusher Channels server with pusher-js: one private channel per person
 * (private-user-<id>, signed by POST /api/realtime/pusher/auth). Pusher delivers at most once and
 * replays nothing, so every (re)subscription and every gap is filled from the store first
 * (EventSequencer); only then is the connection "live".
 */
export class PusherConnection {
  private pusher: PusherClient | null = null;
  private readonly sequencer: EventSequencer;
  private stopped = false;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private liveSyncTimer: ReturnType<typeof setInterval> | null = null;
  private kickTimer: ReturnType<typeof setTimeout> | null = null;
  private kicks = 0;
  private everLive = false;

  private readonly load: () => Promise<typeof PusherClient>;
  private readonly authorize?: PusherConnectionDeps["authorize"];
  private readonly fetchPresence: () => Promise<PresenceSnapshot>;

  constructor(
    private readonly sink: StreamSink,
    private readonly config: PusherClientConfig,
    private readonly userId: string,
    deps: PusherConnectionDeps = {},
  ) {
    this.load = deps.load ?? (async () => (await import("pusher-js")).default);
    this.authorize = deps.authorize;
    this.fetchPresence = deps.fetchPresence ?? fetchPresence;
    const sinkFor = {
      deliver: (e: ChatEvent) => {
        sink.handleEvent(e);
        // Live or filled from the store alike: a conversation I am new to brings new peers.
        if (bringsNewPeers(e, userId)) snapshotPresence(sink, this.fetchPresence, () => this.stopped);
      },
      reset: () => sink.reset(),
    };
    this.sequencer = new EventSequencer(userId, sinkFor, deps.fetchPage ?? fetchEvents);
  }

  private get channelName() {
    return `private-user-${this.userId}`;
  }

  start() {
    this.stopped = false;
    void this.load().then((Pusher) => {
      if (this.stopped) return;
      const { key, cluster, wsHost, wsPort, forceTLS } = this.config;
      const pusher = new Pusher(key, {
        cluster,
        forceTLS,
        // Only "ws" (TLS or not, as forceTLS says): pusher-js would otherwise also try "wss" on the
        // same port after 2 s without TLS, which a plain Sockudo never answers (and the CSP blocks).
        ...(wsHost ? { wsHost, wsPort, wssPort: wsPort, enabledTransports: ["ws"] as "ws"[] } : {}),
        disableStats: true,
        channelAuthorization: {
          endpoint: "/api/realtime/pusher/auth",
          transport: "ajax",
          ...(this.authorize ? { customHandler: this.customAuth(this.authorize) } : {}),
        },
      });
      this.pusher = pusher;
      this.bind(pusher.subscribe(this.channelName));
      pusher.connection.bind("state_change", ({ current }: { current: string }) => this.onState(current));
    });
  }

  private customAuth(authorize: NonNullable<PusherConnectionDeps["authorize"]>) {
    return ({ socketId, channelName }: { socketId: string; channelName: string }, callback: (err: Error | null, data: { auth: string } | null) => void) =>
      void authorize(socketId, channelName).then(
        (data) => callback(null, data),
        (err: Error) => callback(err, null),
      );
  }

  stop() {
    this.stopped = true;
    this.sequencer.stop();
    this.stopPolling();
    this.clearKick();
    if (this.liveSyncTimer) clearInterval(this.liveSyncTimer);
    this.liveSyncTimer = null;
    this.pusher?.disconnect();
    this.pusher = null;
  }

  private bind(channel: Channel) {
    channel.bind("pusher:subscription_succeeded", () => void this.onSubscribed());
    channel.bind("pusher:subscription_error", () => {
      // Refused (signed out: the next API call sends the person to sign-in) or the app is down:
      // keep the chat moving from the store and try again.
      this.sink.setConnection("reconnecting");
      this.startPolling();
      setTimeout(() => {
        const pusher = this.pusher;
        if (this.stopped || !pusher) return;
        pusher.unsubscribe(this.channelName);
        this.bind(pusher.subscribe(this.channelName));
      }, POLL_MS);
    });
    channel.bind_global((name: string, data: unknown) => {
      if (EVENT_TYPES.has(name as ChatEventType)) this.sequencer.offer(data as ChatEvent);
      else if (SIGNALS.has(name)) this.sink.handleSignal?.(name, data);
      else if (name === NOTICE_EVENT) {
        const n = data as { conversationId: string; seq: number };
        this.sequencer.notice(n.conversationId, n.seq);
      }
    });
  }

  /** Subscribed (first time, or again after a reconnect): fill from the store, then live. */
  private async onSubscribed() {
    this.clearKick();
    this.kicks = 0;
    // Presence changes while the socket was down were sent to nobody: start from the server's view.
    snapshotPresence(this.sink, this.fetchPresence, () => this.stopped);
    const { reset } = await this.sequencer.sync();
    if (this.stopped) return;
    if (reset) this.sink.reset();
    this.stopPolling();
    this.everLive = true;
    this.liveSyncTimer ??= setInterval(() => {
      if (this.sequencer.cursor && !this.pollTimer) void this.sequencer.sync();
    }, LIVE_SYNC_MS);
    this.sink.setConnection("live");
    this.sink.resync();
  }

  private onState(current: string) {
    if (this.stopped || current === "connected") return;
    if (this.everLive) this.sink.setConnection("reconnecting"); // before that it says "connecting"
    this.startPolling();
    if (current === "connecting" || current === "unavailable") this.scheduleKick();
  }

  private scheduleKick() {
    if (this.kickTimer) return;
    const delay = KICK_AFTER_MS[Math.min(this.kicks, KICK_AFTER_MS.length - 1)];
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      const pusher = this.pusher;
      if (this.stopped || !pusher || pusher.connection.state === "connected") return;
      this.kicks++;
      pusher.disconnect();
      pusher.connect();
    }, delay);
  }

  private clearKick() {
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.kickTimer = null;
  }

  private startPolling() {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => {
      if (this.sequencer.cursor) void this.sequencer.sync();
    }, POLL_MS);
  }

  private stopPolling() {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
