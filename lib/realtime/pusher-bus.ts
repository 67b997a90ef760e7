import Pusher from "pusher";
import type { ChatEvent } from "@/lib/chat/types";
import type { PusherServerConfig } from "@/lib/config/pusher-env";
import type { ChatStore } from "@/lib/store/chat-store";
import type { EventBus, EventHandler } from "./event-bus";
import { forRecipient } from "./for-recipient";
import { LocalEventBus } from "./local-bus";
import { NOTICE_EVENT, recipientsOf, USER_CHANNEL_PREFIX, userChannel, type EventNotice } from "./pusher-channels";

/** Pusher's HTTP API limits: channels per trigger, events per batch. */
const MAX_CHANNELS = 100;
const MAX_BATCH = 10;
const REQUEST_TIMEOUT_MS = 5_000;
/** healthy() asks the server at most this often; trigger outcomes count in between. */
const PROBE_EVERY_MS = 15_000;
/** A refused or failed trigger is tried again after these pauses (a 429, a blip), then given up. */
const RETRY_AFTER_MS = [250, 1_000];

interface Delivery {
  channel: string;
  name: string;
  data: unknown;
}

/**
 * The realtime port over the Pusher Channels HTTP API (hosted Pusher, or Sockudo self-hosted).
 * Each committed event goes to the private channel of every person who may see it; the one
 * personalised payload (the conversation attached to an added member's own member.added) is
 * sent separately. Events that would exceed the server's size limit go out as a notice the
 * browser fills from GET /api/events. This instance's own subscribers (its SSE hub, for API
 * clients) get events in process too; other instances' events reach them through the hub's sweep.
 */
export class PusherEventBus implements EventBus {
  readonly kind = "pusher" as const;
  private readonly local = new LocalEventBus();
  private readonly pusher: Pusher;
  private lastOk = 0;
  private lastFailed = 0;

  constructor(
    private readonly config: PusherServerConfig,
    private readonly store: ChatStore,
  ) {
    const base = { appId: config.appId, key: config.key, secret: config.secret, useTLS: config.useTLS, timeout: REQUEST_TIMEOUT_MS };
    this.pusher = config.host
      ? new Pusher({ ...base, host: config.host, port: config.port ? String(config.port) : undefined })
      : new Pusher({ ...base, cluster: config.cluster ?? "mt1" });
  }

  async start() {
    // Nothing to connect: the HTTP API is stateless. Health asks the server on its own schedule.
  }

  async publish(event: ChatEvent) {
    void this.local.publish(event);
    const deliveries = await this.deliveries(event);
    // Pusher keeps nothing: an event whose trigger failed reaches a connected browser only when a
    // later event shows the gap. Retrying covers the blips; a resent event is dropped by its seq.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.send(deliveries);
        this.lastOk = Date.now();
        return;
      } catch (err) {
        this.lastFailed = Date.now();
        if (attempt >= RETRY_AFTER_MS.length) throw err;
        await new Promise((r) => setTimeout(r, RETRY_AFTER_MS[attempt]));
      }
    }
  }

  subscribe(handler: EventHandler) {
    return this.local.subscribe(handler);
  }

  async healthy() {
    const now = Date.now();
    if (this.lastOk > this.lastFailed && now - this.lastOk < PROBE_EVERY_MS) return true;
    try {
      const res = await this.pusher.get({ path: "/channels", params: { filter_by_prefix: "private-health-" } });
      const ok = res.status === 200;
      if (ok) this.lastOk = now;
      else this.lastFailed = now;
      return ok;
    } catch {
      this.lastFailed = now;
      return false;
    }
  }

  async stop() {
    await this.local.stop();
  }

  /**
   * Sends an ephemeral signal (presence, typing: no seq, never replayed) to these people's
   * channels. Best effort, like the SSE stream's signals: a failure is logged, never thrown.
   */
  async signal(userIds: readonly string[], name: "presence" | "typing", data: unknown) {
    const channels = [...new Set(userIds)].map(userChannel);
    const calls: Promise<void>[] = [];
    for (let i = 0; i < channels.length; i += MAX_CHANNELS) calls.push(this.pusher.trigger(channels.slice(i, i + MAX_CHANNELS), name, data).then(check));
    const failed = (await Promise.allSettled(calls)).find((r) => r.status === "rejected");
    if (failed) console.warn(`[pusher] ${name} signal not sent:`, (failed.reason as Error).message);
  }

  /** Private user channels a socket is subscribed to now: the people with a live connection. */
  async occupiedUserChannels(): Promise<string[]> {
    const res = await this.pusher.get({ path: "/channels", params: { filter_by_prefix: USER_CHANNEL_PREFIX } });
    if (res.status !== 200) throw new Error(`Pusher API answered ${res.status} to GET /channels`);
    const body = (await res.json()) as { channels?: Record<string, unknown> };
    return Object.keys(body.channels ?? {});
  }

  /** Signs a private channel subscription for a socket (the caller has checked who may read it). */
  authorizeChannel(socketId: string, channel: string) {
    return this.pusher.authorizeChannel(socketId, channel);
  }

  private async deliveries(event: ChatEvent): Promise<Delivery[]> {
    const conversation = await this.store.findConversation(event.conversationId);
    const out: Delivery[] = [];
    for (const userId of recipientsOf(event, conversation)) {
      const data = await forRecipient(event, userId, this.store);
      out.push({ channel: userChannel(userId), name: event.type, data: this.fit(data) });
    }
    return out;
  }

  /** Same object for every recipient of the shared payload, so send() can group them. */
  private readonly fitted = new WeakMap<object, { name?: string; data: unknown }>();
  private fit(event: ChatEvent): unknown {
    let f = this.fitted.get(event);
    if (!f) {
      const size = Buffer.byteLength(JSON.stringify(event));
      const notice: EventNotice = { conversationId: event.conversationId, seq: event.seq };
      f = size <= this.config.maxEventBytes ? { data: event } : { name: NOTICE_EVENT, data: notice };
      this.fitted.set(event, f);
    }
    return f;
  }

  /**
   * Fewest requests: a payload shared by several channels is one trigger per 100 channels;
   * the rest (personalised payloads, single recipients) go in batches of 10.
   */
  private async send(deliveries: Delivery[]) {
    const groups = new Map<unknown, Delivery[]>();
    for (const d of deliveries) {
      const list = groups.get(d.data) ?? [];
      list.push(d);
      groups.set(d.data, list);
    }
    const singles: Pusher.BatchEvent[] = [];
    const requests: Promise<unknown>[] = [];
    for (const [fitted, list] of groups) {
      const { name, data } = fitted as { name?: string; data: unknown };
      const eventName = name ?? list[0].name;
      if (list.length === 1) {
        singles.push({ channel: list[0].channel, name: eventName, data: JSON.stringify(data) });
        continue;
      }
      for (let i = 0; i < list.length; i += MAX_CHANNELS) {
        requests.push(this.pusher.trigger(list.slice(i, i + MAX_CHANNELS).map((d) => d.channel), eventName, data).then(check));
      }
    }
    for (let i = 0; i < singles.length; i += MAX_BATCH) requests.push(this.pusher.triggerBatch(singles.slice(i, i + MAX_BATCH)).then(check));
    await Promise.all(requests);
  }
}

async function check(res: { status: number; text(): Promise<string> }) {
  if (res.status >= 300) throw new Error(`Pusher API answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}

export function createPusherBus(config: PusherServerConfig, store: ChatStore): PusherEventBus {
  return new PusherEventBus(config, store);
}
